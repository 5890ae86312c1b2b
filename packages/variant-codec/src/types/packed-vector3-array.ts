import { brand } from '../brand.js';
import { flatten, PackedStructArray } from './packed-struct-array.js';
import { Vector3 } from './vector3.js';

/**
 * Godot's `PackedVector3Array`, stored flat (x, y, z per element).
 *
 * @example
 * ```ts
 * const points = PackedVector3Array.from([new Vector3(1, 2, 3)]);
 * ```
 */
export class PackedVector3Array extends PackedStructArray<Vector3> {
  constructor(data: Float32Array | Float64Array = new Float32Array(0)) {
    super(data, 3);
  }

  get width(): number {
    return 3;
  }

  protected element(o: number): Vector3 {
    return new Vector3(this.data[o], this.data[o + 1], this.data[o + 2]);
  }

  static from(vectors: readonly Vector3[]): PackedVector3Array {
    return new PackedVector3Array(flatten(vectors, 3, (v) => [v.x, v.y, v.z]));
  }
}

brand(PackedVector3Array, 'PackedVector3Array');

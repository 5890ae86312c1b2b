import { brand } from '../brand.js';
import { flatten, PackedStructArray } from './packed-struct-array.js';
import { Vector4 } from './vector4.js';

/**
 * Godot's `PackedVector4Array` (Godot 4.3+), stored flat (x, y, z, w per element).
 *
 * @example
 * ```ts
 * const v = PackedVector4Array.from([new Vector4(1, 2, 3, 4)]);
 * ```
 */
export class PackedVector4Array extends PackedStructArray<Vector4> {
  constructor(data: Float32Array | Float64Array = new Float32Array(0)) {
    super(data, 4);
  }

  get width(): number {
    return 4;
  }

  protected element(o: number): Vector4 {
    return new Vector4(this.data[o], this.data[o + 1], this.data[o + 2], this.data[o + 3]);
  }

  static from(vectors: readonly Vector4[]): PackedVector4Array {
    return new PackedVector4Array(flatten(vectors, 4, (v) => [v.x, v.y, v.z, v.w]));
  }
}

brand(PackedVector4Array, 'PackedVector4Array');

import { brand } from '../brand.js';
import { flatten, PackedStructArray } from './packed-struct-array.js';
import { Vector2 } from './vector2.js';

/**
 * Godot's `PackedVector2Array`, stored flat (x0, y0, x1, y1, …) in a
 * Float32Array, or a Float64Array for double-precision data.
 *
 * @example
 * ```ts
 * const path = PackedVector2Array.from([new Vector2(0, 0), new Vector2(5, 5)]);
 * path.at(1); // Vector2(5, 5)
 * ```
 */
export class PackedVector2Array extends PackedStructArray<Vector2> {
  constructor(data: Float32Array | Float64Array = new Float32Array(0)) {
    super(data, 2);
  }

  get width(): number {
    return 2;
  }

  protected element(o: number): Vector2 {
    return new Vector2(this.data[o], this.data[o + 1]);
  }

  static from(vectors: readonly Vector2[]): PackedVector2Array {
    return new PackedVector2Array(flatten(vectors, 2, (v) => [v.x, v.y]));
  }
}

brand(PackedVector2Array, 'PackedVector2Array');

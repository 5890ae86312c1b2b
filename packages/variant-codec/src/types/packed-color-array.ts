import { brand } from '../brand.js';
import { Color } from './color.js';
import { flatten, PackedStructArray } from './packed-struct-array.js';

/**
 * Godot's `PackedColorArray`, stored flat (r, g, b, a per element), always float32.
 *
 * @example
 * ```ts
 * const palette = PackedColorArray.from([new Color(1, 0, 0), new Color(0, 0, 1)]);
 * ```
 */
export class PackedColorArray extends PackedStructArray<Color> {
  declare readonly data: Float32Array;

  constructor(data: Float32Array = new Float32Array(0)) {
    super(data, 4);
  }

  get width(): number {
    return 4;
  }

  protected element(o: number): Color {
    return new Color(this.data[o], this.data[o + 1], this.data[o + 2], this.data[o + 3]);
  }

  static from(colors: readonly Color[]): PackedColorArray {
    return new PackedColorArray(flatten(colors, 4, (c) => [c.r, c.g, c.b, c.a]));
  }
}

brand(PackedColorArray, 'PackedColorArray');

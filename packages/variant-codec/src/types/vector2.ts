import { brand } from '../brand.js';
/**
 * Godot's `Vector2`: two `real_t` components (float32 on the wire unless the
 * double-precision flag is used).
 *
 * @example
 * ```ts
 * const pos = new Vector2(1, 2);
 * varToBytes(pos); // 05000000 0000803f 00000040
 * ```
 */
export class Vector2 {
  constructor(
    readonly x = 0,
    readonly y = 0,
  ) {}
}

brand(Vector2, 'Vector2');

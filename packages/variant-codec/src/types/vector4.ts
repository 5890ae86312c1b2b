import { brand } from '../brand.js';
/**
 * Godot's `Vector4`: four `real_t` components.
 *
 * @example
 * ```ts
 * const v = new Vector4(1, 2, 3, 4);
 * ```
 */
export class Vector4 {
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
    readonly w = 0,
  ) {}
}

brand(Vector4, 'Vector4');

import { brand } from '../brand.js';
/**
 * Godot's `Vector4i`: four int32 components.
 *
 * @example
 * ```ts
 * const v = new Vector4i(1, 2, 3, 4);
 * ```
 */
export class Vector4i {
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
    readonly w = 0,
  ) {}
}

brand(Vector4i, 'Vector4i');

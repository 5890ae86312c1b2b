import { brand } from '../brand.js';
/**
 * Godot's `Vector2i`: two int32 components.
 *
 * @example
 * ```ts
 * varToBytes(new Vector2i(3, -1)); // 06000000 03000000 ffffffff
 * ```
 */
export class Vector2i {
  constructor(
    readonly x = 0,
    readonly y = 0,
  ) {}
}

brand(Vector2i, 'Vector2i');

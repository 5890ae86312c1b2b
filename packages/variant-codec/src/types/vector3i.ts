import { brand } from '../brand.js';
/**
 * Godot's `Vector3i`: three int32 components.
 *
 * @example
 * ```ts
 * const cell = new Vector3i(4, 0, -2);
 * ```
 */
export class Vector3i {
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
  ) {}
}

brand(Vector3i, 'Vector3i');

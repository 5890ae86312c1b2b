import { brand } from '../brand.js';
/**
 * Godot's `Vector3`: three `real_t` components.
 *
 * @example
 * ```ts
 * const up = new Vector3(0, 1, 0);
 * ```
 */
export class Vector3 {
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
  ) {}
}

brand(Vector3, 'Vector3');

import { brand } from '../brand.js';
/**
 * Godot's `Quaternion` (x, y, z, w), four `real_t`. Defaults to the identity,
 * as `Quaternion()` does in Godot.
 *
 * @example
 * ```ts
 * const identity = new Quaternion();
 * ```
 */
export class Quaternion {
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
    readonly w = 1,
  ) {}
}

brand(Quaternion, 'Quaternion');

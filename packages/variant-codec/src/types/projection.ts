import { brand } from '../brand.js';
import { Vector4 } from './vector4.js';

/**
 * Godot's `Projection`: four Vector4 columns `x`, `y`, `z`, `w`, written
 * column by column (16 `real_t`). Defaults to the identity.
 *
 * @example
 * ```ts
 * const identity = new Projection();
 * ```
 */
export class Projection {
  constructor(
    readonly x = new Vector4(1, 0, 0, 0),
    readonly y = new Vector4(0, 1, 0, 0),
    readonly z = new Vector4(0, 0, 1, 0),
    readonly w = new Vector4(0, 0, 0, 1),
  ) {}
}

brand(Projection, 'Projection');

import { brand } from '../brand.js';
import { Vector2 } from './vector2.js';

/**
 * Godot's `Transform2D`: the x axis, y axis and origin columns, six `real_t`
 * on the wire in that order. Defaults to the identity.
 *
 * @example
 * ```ts
 * const moved = new Transform2D(new Vector2(1, 0), new Vector2(0, 1), new Vector2(10, 5));
 * ```
 */
export class Transform2D {
  constructor(
    readonly x = new Vector2(1, 0),
    readonly y = new Vector2(0, 1),
    readonly origin = new Vector2(0, 0),
  ) {}
}

brand(Transform2D, 'Transform2D');

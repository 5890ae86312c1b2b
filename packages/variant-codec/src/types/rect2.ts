import { brand } from '../brand.js';
import { Vector2 } from './vector2.js';

/**
 * Godot's `Rect2`: position and size, four `real_t` on the wire
 * (position.x, position.y, size.x, size.y).
 *
 * @example
 * ```ts
 * const r = new Rect2(0, 0, 640, 480);
 * r.size; // Vector2(640, 480)
 * ```
 */
export class Rect2 {
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly width = 0,
    readonly height = 0,
  ) {}

  get position(): Vector2 {
    return new Vector2(this.x, this.y);
  }

  get size(): Vector2 {
    return new Vector2(this.width, this.height);
  }
}

brand(Rect2, 'Rect2');

import { brand } from '../brand.js';
import { Vector2i } from './vector2i.js';

/**
 * Godot's `Rect2i`: position and size as four int32.
 *
 * @example
 * ```ts
 * const r = new Rect2i(0, 0, 16, 16);
 * ```
 */
export class Rect2i {
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly width = 0,
    readonly height = 0,
  ) {}

  get position(): Vector2i {
    return new Vector2i(this.x, this.y);
  }

  get size(): Vector2i {
    return new Vector2i(this.width, this.height);
  }
}

brand(Rect2i, 'Rect2i');

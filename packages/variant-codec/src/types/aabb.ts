import { brand } from '../brand.js';
import { Vector3 } from './vector3.js';

/**
 * Godot's `AABB`: position and size, six `real_t`
 * (position.x, .y, .z, size.x, .y, .z).
 *
 * @example
 * ```ts
 * const box = new AABB(0, 0, 0, 1, 2, 1);
 * ```
 */
export class AABB {
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
    readonly width = 0,
    readonly height = 0,
    readonly depth = 0,
  ) {}

  get position(): Vector3 {
    return new Vector3(this.x, this.y, this.z);
  }

  get size(): Vector3 {
    return new Vector3(this.width, this.height, this.depth);
  }
}

brand(AABB, 'AABB');

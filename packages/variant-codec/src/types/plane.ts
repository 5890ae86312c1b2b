import { brand } from '../brand.js';
import { Vector3 } from './vector3.js';

/**
 * Godot's `Plane`: normal (x, y, z) and distance d, four `real_t`.
 *
 * @example
 * ```ts
 * const ground = new Plane(0, 1, 0, 0);
 * ```
 */
export class Plane {
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
    readonly d = 0,
  ) {}

  get normal(): Vector3 {
    return new Vector3(this.x, this.y, this.z);
  }
}

brand(Plane, 'Plane');

import { brand } from '../brand.js';
import { Vector3 } from './vector3.js';

/**
 * Godot's `Basis`: three column vectors `x`, `y`, `z`, as GDScript's
 * `Basis(x_axis, y_axis, z_axis)`. Godot writes its rows on the wire
 * (x.x, y.x, z.x, x.y, …), which the codec takes care of. Defaults to the identity.
 *
 * @example
 * ```ts
 * const b = new Basis(new Vector3(1, 2, 3), new Vector3(4, 5, 6), new Vector3(7, 8, 9));
 * // on the wire: 1, 4, 7, 2, 5, 8, 3, 6, 9
 * ```
 */
export class Basis {
  constructor(
    readonly x = new Vector3(1, 0, 0),
    readonly y = new Vector3(0, 1, 0),
    readonly z = new Vector3(0, 0, 1),
  ) {}
}

brand(Basis, 'Basis');

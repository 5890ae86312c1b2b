import { brand } from '../brand.js';
import { Basis } from './basis.js';
import { Vector3 } from './vector3.js';

/**
 * Godot's `Transform3D`: a basis and an origin (12 `real_t`: the basis rows,
 * then the origin). Defaults to the identity.
 *
 * @example
 * ```ts
 * const t = new Transform3D(new Basis(), new Vector3(0, 10, 0));
 * ```
 */
export class Transform3D {
  constructor(
    readonly basis = new Basis(),
    readonly origin = new Vector3(0, 0, 0),
  ) {}
}

brand(Transform3D, 'Transform3D');

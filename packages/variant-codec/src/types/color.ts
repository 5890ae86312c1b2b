import { brand } from '../brand.js';
/**
 * Godot's `Color` (r, g, b, a). Always four float32 on the wire, even in
 * double-precision builds.
 *
 * @example
 * ```ts
 * const red = new Color(1, 0, 0); // alpha defaults to 1
 * ```
 */
export class Color {
  constructor(
    readonly r = 0,
    readonly g = 0,
    readonly b = 0,
    readonly a = 1,
  ) {}
}

brand(Color, 'Color');

import { brand } from '../brand.js';
/**
 * Godot's `Callable`. Godot writes only the type header for any callable and
 * decodes it as an empty `Callable()`, so this class has no fields.
 *
 * @example
 * ```ts
 * varToBytes(new Callable()); // 19000000
 * ```
 */
export class Callable {}

brand(Callable, 'Callable');

import { brand } from '../brand.js';
/**
 * Godot's `StringName` (`&"name"` in GDScript). Same bytes as a String but its
 * own type id, so it is kept apart from plain JS strings. As a Dictionary key it
 * equals the String with the same text, as in Godot. Like Godot's, it is
 * immutable and may be shared: Dictionaries decoded with the same keys hold
 * the same StringName key objects.
 *
 * @example
 * ```ts
 * varToBytes(new StringName('jump')); // 15000000 04000000 6a756d70
 * ```
 */
export class StringName {
  constructor(readonly value = '') {}

  toString(): string {
    return this.value;
  }

  /** JSON writes it as its text. */
  toJSON(): string {
    return this.value;
  }
}

brand(StringName, 'StringName');

import { brand } from '../brand.js';
/**
 * Godot's `PackedStringArray`. Its own class (not a plain array) because an
 * untyped Array of Strings is a different Godot type with different bytes.
 *
 * @example
 * ```ts
 * varToBytes(new PackedStringArray(['a', 'bc']));
 * // 22000000 02000000 02000000 61000000 03000000 62630000
 * ```
 */
export class PackedStringArray implements Iterable<string> {
  readonly values: readonly string[];

  constructor(values: Iterable<string> = []) {
    this.values = [...values];
  }

  get length(): number {
    return this.values.length;
  }

  at(index: number): string | undefined {
    return this.values.at(index);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.values[Symbol.iterator]();
  }

  /** JSON writes it as an array of its strings. */
  toJSON(): readonly string[] {
    return this.values;
  }
}

brand(PackedStringArray, 'PackedStringArray');

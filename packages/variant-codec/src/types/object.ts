import { brand } from '../brand.js';
import type { Variant } from '../variant.js';

/**
 * An object sent by reference: Godot's `EncodedObjectAsID`. This is what
 * `var_to_bytes` (without objects) writes for any live Object, and what
 * `bytes_to_var` gives back. The id is the sender's instance id.
 *
 * @example
 * ```ts
 * const ref = new EncodedObjectAsID(0x8000000000000123n);
 * varToBytes(ref); // 18000100 2301000000000080
 * ```
 */
export class EncodedObjectAsID {
  constructor(readonly objectId: bigint) {}

  /** JSON has no 64-bit ints: the id is written as decimal text. */
  toJSON(): { objectId: string } {
    return { objectId: String(this.objectId) };
  }
}

/**
 * A full Object as `var_to_bytes_with_objects` writes it: a class name and its
 * stored properties in order. Encoding one needs `fullObjects: true`; decoding
 * one needs `allowObjects: true`.
 *
 * A Godot 4 `script` property holds the script's `res://` path as a String.
 * gdwire never instantiates anything: the class name and properties are data.
 *
 * @example
 * ```ts
 * const res = new GodotObject('Resource', { resource_name: 'sword', script: null });
 * varToBytes(res, { fullObjects: true });
 * ```
 */
export class GodotObject {
  readonly className: string;
  readonly properties: Map<string, Variant>;

  constructor(
    className: string,
    properties: Iterable<[string, Variant]> | Record<string, Variant> = {},
  ) {
    this.className = className;
    this.properties = new Map(
      Symbol.iterator in properties
        ? (properties as Iterable<[string, Variant]>)
        : Object.entries(properties as Record<string, Variant>),
    );
  }

  /** JSON writes the class name and the properties as an object, in order. */
  toJSON(): { className: string; properties: Record<string, Variant> } {
    return { className: this.className, properties: Object.fromEntries(this.properties) };
  }
}

brand(EncodedObjectAsID, 'EncodedObjectAsID');

brand(GodotObject, 'GodotObject');

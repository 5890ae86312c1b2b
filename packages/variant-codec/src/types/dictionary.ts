import type { Variant, VariantInput } from '../variant.js';
import { canonicalKey, primitiveKey } from '../variant-key.js';
import { type ContainerType, UNTYPED } from './container-type.js';

/** Looked up for a key that was never stored: no String key can be equal to it. */
const ABSENT = Symbol('absent');

interface Entry {
  key: Variant;
  value: Variant;
}

/**
 * Godot's `Dictionary`: ordered, with keys of any Variant type compared by
 * value the way Godot compares them (`1` and `Float(1)` are different keys,
 * `"a"` and `StringName("a")` the same one). Insertion order is kept, and a key
 * set again keeps its first position, as in Godot 4.
 *
 * Typed dictionaries (`Dictionary[String, int]`, Godot 4.4+) carry their key
 * and value types.
 *
 * @example
 * ```ts
 * const d = new Dictionary({ hp: 100 });
 * d.set(new Vector2i(1, 2), 'tile');
 * d.get('hp');               // 100
 * d.get(new Vector2i(1, 2)); // 'tile'
 * d.toObject();              // { hp: 100, '(1, 2)': 'tile' }
 * ```
 */
export class Dictionary implements Iterable<[Variant, Variant]> {
  readonly keyType: ContainerType;
  readonly valueType: ContainerType;
  readonly #entries = new Map<unknown, Entry>();
  /** Canonical string → token object, for keys that are not primitives. */
  #tokens: Map<string, object> | undefined;

  constructor(
    entries?:
      | Iterable<readonly [VariantInput, VariantInput]>
      | { readonly [key: string]: VariantInput },
    keyType: ContainerType = UNTYPED,
    valueType: ContainerType = UNTYPED,
  ) {
    this.keyType = keyType;
    this.valueType = valueType;
    if (entries === undefined) return;
    if (Symbol.iterator in entries) {
      for (const [k, v] of entries as Iterable<readonly [VariantInput, VariantInput]>) {
        this.set(k as Variant, v as Variant);
      }
    } else {
      for (const k of Object.keys(entries)) this.set(k, entries[k] as Variant);
    }
  }

  /**
   * A Dictionary from anything the encoder accepts as one: a Dictionary (returned
   * as is), a `Map`, or a plain object.
   */
  static from(
    value:
      | Dictionary
      | ReadonlyMap<VariantInput, VariantInput>
      | { readonly [key: string]: VariantInput },
  ): Dictionary {
    return value instanceof Dictionary
      ? value
      : new Dictionary(value as Iterable<[VariantInput, VariantInput]>);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: VariantInput): Variant | undefined {
    return this.#entries.get(this.#mapKey(key, false))?.value;
  }

  has(key: VariantInput): boolean {
    return this.#entries.has(this.#mapKey(key, false));
  }

  /** Sets a value; a new key goes last, an existing key keeps its place and its first type. */
  set(key: VariantInput, value: VariantInput): this {
    const mapKey = this.#mapKey(key, true);
    const entry = this.#entries.get(mapKey);
    if (entry) entry.value = (value ?? null) as Variant;
    else
      this.#entries.set(mapKey, {
        key: (key ?? null) as Variant,
        value: (value ?? null) as Variant,
      });
    return this;
  }

  delete(key: VariantInput): boolean {
    return this.#entries.delete(this.#mapKey(key, false));
  }

  clear(): void {
    this.#entries.clear();
    this.#tokens = undefined;
  }

  *keys(): IterableIterator<Variant> {
    for (const entry of this.#entries.values()) yield entry.key;
  }

  *values(): IterableIterator<Variant> {
    for (const entry of this.#entries.values()) yield entry.value;
  }

  *entries(): IterableIterator<[Variant, Variant]> {
    for (const entry of this.#entries.values()) yield [entry.key, entry.value];
  }

  [Symbol.iterator](): IterableIterator<[Variant, Variant]> {
    return this.entries();
  }

  /** True when keys or values are typed (a Godot 4.4+ typed Dictionary). */
  isTyped(): boolean {
    return this.keyType.type !== 0 || this.valueType.type !== 0;
  }

  /**
   * A plain object for easy reading: keys become their text (`String(key)`;
   * later keys with the same text win), values are left as they are.
   */
  toObject(): Record<string, Variant> {
    const out: Record<string, Variant> = {};
    for (const entry of this.#entries.values()) out[keyText(entry.key)] = entry.value;
    return out;
  }

  #mapKey(key: VariantInput, create: boolean): unknown {
    const primitive = primitiveKey(key);
    if (primitive !== undefined) return primitive;
    const canonical = canonicalKey(key);
    let token = this.#tokens?.get(canonical);
    if (token === undefined && create) {
      token = {};
      (this.#tokens ??= new Map()).set(canonical, token);
    }
    return token ?? ABSENT;
  }
}

function keyText(key: Variant): string {
  if (typeof key === 'string') return key;
  if (key !== null && typeof key === 'object' && 'x' in key && 'y' in key) {
    return `(${Object.values(key).join(', ')})`;
  }
  return String(key);
}

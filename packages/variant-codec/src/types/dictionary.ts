import { brand, isClass } from '../brand.js';
import { orStackOverflow } from '../errors.js';
import type { Variant, VariantInput } from '../variant.js';
import { keyIdentity } from '../variant-key.js';
import { typeName } from '../variant-type.js';
import { type ContainerType, UNTYPED } from './container-type.js';

/** Dictionaries up to this size find keys by scanning; larger ones build an index. */
const SCAN_LIMIT = 16;

/**
 * A Dictionary's keys in insertion order: as given, their identities
 * (keyIdentity: a primitive, or a string for a non-primitive key's canonical
 * form; null while every key is its own), and their index (identity to
 * position), made when a lookup in a list longer than SCAN_LIMIT first needs
 * it; shorter lists are scanned. The decoder makes one `shared` list for
 * each key list it sees again (every entity of a snapshot, every message of
 * a kind) and gives it to each Dictionary with those keys, so those cost
 * their values and nothing more; a Dictionary copies a shared list before it
 * changes its keys.
 */
export class KeyList {
  index: Map<unknown, number> | null = null;

  constructor(
    readonly keys: Variant[],
    public ids: unknown[] | null,
    readonly shared: boolean,
  ) {}

  /** A list for Dictionaries to share: `keys` must be distinct (whoever makes it checks). */
  static shared(keys: readonly Variant[]): KeyList {
    return new KeyList(keys as Variant[], identitiesOf(keys), true);
  }

  /** Where the key of identity `id` is, or -1. */
  find(id: unknown): number {
    const ids = this.ids ?? this.keys;
    if (ids.length > SCAN_LIMIT) {
      this.index ??= new Map(ids.map((key, i) => [key, i]));
      return this.index.get(id) ?? -1;
    }
    for (let i = 0; i < ids.length; i++) if (sameIdentity(ids[i], id)) return i;
    return -1;
  }
}

/** A Dictionary over a shared key list. It takes `values` as its own. */
export let dictionaryOfSharedKeys: (
  shared: KeyList,
  values: Variant[],
  keyType: ContainerType,
  valueType: ContainerType,
) => Dictionary;

/**
 * A Dictionary of `keys` and `values` (taken as its own), as if each pair
 * were set in order. The decoder collects a Dictionary's entries first:
 * built in one pass, each key's identity is made once and each index entry
 * set once, where `set` looks every key up before adding it.
 */
export let dictionaryOfEntries: (
  keys: Variant[],
  values: Variant[],
  keyType: ContainerType,
  valueType: ContainerType,
) => Dictionary;

/** Passed to the constructor by this module's makers, which give a Dictionary its arrays themselves. */
const GIVEN = Symbol('given entries');

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
  // The keys (with their identities and index) and the values, in insertion
  // order. Two fields, not five (keys, identities, index, shared list): a
  // decoded Dictionary is 24 bytes smaller, and its key state one thing.
  // Set in the constructor, not here: a decoded Dictionary is given both, and
  // making empty ones first cost each one allocations.
  #list!: KeyList;
  #values!: Variant[];

  constructor(
    entries?:
      | Iterable<readonly [VariantInput, VariantInput]>
      | { readonly [key: string]: VariantInput },
    keyType: ContainerType = UNTYPED,
    valueType: ContainerType = UNTYPED,
  ) {
    this.keyType = keyType;
    this.valueType = valueType;
    if ((entries as unknown) === GIVEN) return;
    this.#list = new KeyList([], null, false);
    this.#values = [];
    // Out of line, so that this constructor stays small enough (136 bytes of
    // bytecode on Node 20; V8 inlines up to 460) to be inlined where the
    // decoder makes a Dictionary: with the loops here it was 5% of a record
    // list's decode as a call of its own.
    if (entries !== undefined) this.#setEntries(entries);
  }

  /** The constructor's entries, set one by one (out of line: see the constructor). */
  #setEntries(
    entries:
      | Iterable<readonly [VariantInput, VariantInput]>
      | { readonly [key: string]: VariantInput },
  ): void {
    if (Symbol.iterator in entries) {
      for (const [k, v] of entries as Iterable<readonly [VariantInput, VariantInput]>) {
        this.set(k as Variant, v as Variant);
      }
    } else {
      for (const k of Object.keys(entries)) this.set(k, entries[k] as Variant);
    }
  }

  static {
    dictionaryOfSharedKeys = (shared, values, keyType, valueType) => {
      const dict = new Dictionary(GIVEN as never, keyType, valueType);
      dict.#list = shared;
      dict.#values = values;
      return dict;
    };
    dictionaryOfEntries = (keys, values, keyType, valueType) => {
      const dict = new Dictionary(GIVEN as never, keyType, valueType);
      const n = keys.length;
      // The decoder's caller turns a deep key's stack overflow into its error.
      const ids = identitiesOf(keys);
      const found = ids ?? keys;
      // A repeated key (rare) keeps its first place and takes the last value: set() does that.
      const list = new KeyList(keys, ids, false);
      if (n > SCAN_LIMIT) {
        const index = new Map<unknown, number>();
        for (let i = 0; i < n; i++) index.set(found[i], i);
        if (index.size !== n) return dict.#setEach(keys, values);
        list.index = index;
      } else if (hasRepeat(found)) return dict.#setEach(keys, values);
      dict.#list = list;
      dict.#values = values;
      return dict;
    };
  }

  #setEach(keys: readonly Variant[], values: readonly Variant[]): this {
    this.#list = new KeyList([], null, false);
    this.#values = [];
    for (let i = 0; i < keys.length; i++) this.set(keys[i]!, values[i]!);
    return this;
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
    return isClass<Dictionary>(value, 'Dictionary')
      ? value
      : new Dictionary(value as Iterable<[VariantInput, VariantInput]>);
  }

  get size(): number {
    return this.#list.keys.length;
  }

  get(key: VariantInput): Variant | undefined {
    const i = this.#list.find(this.#id(key));
    return i === -1 ? undefined : this.#values[i];
  }

  has(key: VariantInput): boolean {
    return this.#list.find(this.#id(key)) !== -1;
  }

  /** Sets a value; a new key goes last, an existing key keeps its place and its first type. */
  set(key: VariantInput, value: VariantInput): this {
    const list = this.#list;
    // The common case — plain string keys only, scanned — needs no identities.
    if (
      typeof key === 'string' &&
      key.charCodeAt(0) !== 0 && // else not its own identity (keyIdentity)
      list.ids === null &&
      list.keys.length <= SCAN_LIMIT
    ) {
      const i = list.keys.indexOf(key);
      if (i !== -1) this.#values[i] = (value ?? null) as Variant;
      else {
        this.#ownList().keys.push(key);
        this.#values.push((value ?? null) as Variant);
      }
      return this;
    }
    const id = this.#id(key);
    const i = list.find(id);
    if (i !== -1) {
      this.#values[i] = (value ?? null) as Variant;
      return this;
    }
    const own = this.#ownList();
    // While every key is its own identity, the keys serve as identities.
    if (own.ids === null && id !== key) own.ids = own.keys.slice();
    own.keys.push((key ?? null) as Variant);
    this.#values.push((value ?? null) as Variant);
    own.ids?.push(id);
    own.index?.set(id, own.keys.length - 1);
    return this;
  }

  delete(key: VariantInput): boolean {
    const i = this.#list.find(this.#id(key));
    if (i === -1) return false;
    const own = this.#ownList();
    own.keys.splice(i, 1);
    this.#values.splice(i, 1);
    own.ids?.splice(i, 1);
    own.index = null; // positions after i moved: made again when needed
    return true;
  }

  clear(): void {
    this.#list = new KeyList([], null, false);
    this.#values.length = 0;
  }

  *keys(): IterableIterator<Variant> {
    yield* this.#list.keys;
  }

  *values(): IterableIterator<Variant> {
    yield* this.#values;
  }

  *entries(): IterableIterator<[Variant, Variant]> {
    const keys = this.#list.keys;
    for (let i = 0; i < keys.length; i++) yield [keys[i]!, this.#values[i]!];
  }

  [Symbol.iterator](): IterableIterator<[Variant, Variant]> {
    return this.entries();
  }

  /** The key at position `i` in insertion order (0 ≤ i < size); for walking without iterators. */
  keyAt(i: number): Variant {
    return this.#list.keys[i]!;
  }

  /** The value at position `i` in insertion order (0 ≤ i < size). */
  valueAt(i: number): Variant {
    return this.#values[i]!;
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
    let out: Record<string, Variant> = {};
    const keys = this.#list.keys;
    for (let i = 0; i < keys.length; i++) {
      const text = keyText(keys[i]!);
      // An assignment to "__proto__" would set the prototype and lose the
      // entry; a computed key in a literal makes it an own property.
      if (text === '__proto__') out = { ...out, [text]: this.#values[i]! };
      else out[text] = this.#values[i]!;
    }
    return out;
  }

  /**
   * What `JSON.stringify` writes: the plain object of {@link Dictionary.toObject}
   * (Godot's `JSON.stringify` also writes a Dictionary's keys as text).
   */
  toJSON(): Record<string, Variant> {
    return this.toObject();
  }

  /** How Node's `console.log` and `util.inspect` show it: its entries, as for a Map. */
  [Symbol.for('nodejs.util.inspect.custom')](
    depth: number,
    options: object,
    inspect: (value: unknown, options: unknown) => string,
  ): string {
    const typed = this.isTyped()
      ? `[${typeName(this.keyType.type)}, ${typeName(this.valueType.type)}]`
      : '';
    const name = `Dictionary${typed}(${this.size})`;
    if (depth < 0) return `[${name}]`;
    // The Map stands in for this Dictionary at its own level: same depth left.
    const shown = inspect(new Map(this.entries()), { ...options, depth });
    // Node writes a Map as "Map(n) {…}"; show the same body under this name.
    return shown.replace(/^Map\(\d+\) /, `${name} `).replace(/^Map\(\d+\)$/, name);
  }

  /** This Dictionary's key list, made its own first if it was shared: for changing it. */
  #ownList(): KeyList {
    const list = this.#list;
    if (!list.shared) return list;
    const own = new KeyList(list.keys.slice(), list.ids?.slice() ?? null, false);
    own.index = list.index === null ? null : new Map(list.index);
    this.#list = own;
    return own;
  }

  /** The identity a key is found by (keyIdentity). */
  #id(key: VariantInput): unknown {
    try {
      return keyIdentity(key);
    } catch (e) {
      throw orStackOverflow(e);
    }
  }
}

/** The identities of `keys` (keyIdentity), or null when every key is its own. */
function identitiesOf(keys: readonly Variant[]): unknown[] | null {
  const ids = keys.map(keyIdentity);
  return ids.every((id, i) => id === keys[i]) ? null : ids;
}

/** Whether two identities are one key: NaN keys are one key in Godot (a Map agrees: SameValueZero), a plain === does not. */
function sameIdentity(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Whether two of `ids` are one key. */
function hasRepeat(ids: readonly unknown[]): boolean {
  for (let i = 1; i < ids.length; i++) {
    for (let j = 0; j < i; j++) if (sameIdentity(ids[j], ids[i])) return true;
  }
  return false;
}

function keyText(key: Variant): string {
  if (typeof key === 'string') return key;
  if (key !== null && typeof key === 'object' && 'x' in key && 'y' in key) {
    return `(${Object.values(key).join(', ')})`;
  }
  return String(key);
}

brand(Dictionary, 'Dictionary');

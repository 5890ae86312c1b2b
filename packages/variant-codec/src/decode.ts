import { REFUSED, validateElement } from './container-validate.js';
import { type Dialect, type DialectRules, dialectRules } from './dialect.js';
import { DictionaryShape } from './dictionary-shape.js';
import { MAX_RECURSION_DEPTH } from './encode.js';
import { GdwireError, GodotError, orStackOverflow } from './errors.js';
import { expectByteArray, LITTLE_ENDIAN_HOST } from './host.js';
import { ByteReader } from './reader.js';
import { AABB } from './types/aabb.js';
import { Basis } from './types/basis.js';
import { Callable } from './types/callable.js';
import { Color } from './types/color.js';
import { type ContainerType, UNTYPED } from './types/container-type.js';
import {
  type Dictionary,
  dictionaryOfEntries,
  dictionaryOfSharedKeys,
} from './types/dictionary.js';
import { Float } from './types/float.js';
import { NodePath } from './types/node-path.js';
import { EncodedObjectAsID, GodotObject } from './types/object.js';
import { PackedColorArray } from './types/packed-color-array.js';
import { PackedStringArray } from './types/packed-string-array.js';
import { PackedVector2Array } from './types/packed-vector2-array.js';
import { PackedVector3Array } from './types/packed-vector3-array.js';
import { PackedVector4Array } from './types/packed-vector4-array.js';
import { Plane } from './types/plane.js';
import { Projection } from './types/projection.js';
import { Quaternion } from './types/quaternion.js';
import { Rect2 } from './types/rect2.js';
import { Rect2i } from './types/rect2i.js';
import { RID } from './types/rid.js';
import { Signal } from './types/signal.js';
import { StringName } from './types/string-name.js';
import { Transform2D } from './types/transform2d.js';
import { Transform3D } from './types/transform3d.js';
import { adoptAsTypedArray } from './types/typed-array.js';
import { Vector2 } from './types/vector2.js';
import { Vector2i } from './types/vector2i.js';
import { Vector3 } from './types/vector3.js';
import { Vector3i } from './types/vector3i.js';
import { Vector4 } from './types/vector4.js';
import { Vector4i } from './types/vector4i.js';
import type { Variant } from './variant.js';
import { typeName, VARIANT_MAX, VariantType } from './variant-type.js';

/** Options of `bytesToVar` and `decodeVariant`. */
export interface DecodeOptions {
  /**
   * Accept full objects, like `bytes_to_var_with_objects`. Off by default:
   * full objects are then refused with ERR_UNAUTHORIZED wherever they are
   * nested. gdwire never instantiates anything, but code that turns decoded
   * objects into live ones inherits Godot's warning about remote code execution.
   */
  readonly allowObjects?: boolean;
  /** Wire dialect; `'godot3'` for Godot 3.x peers. Default `'godot4'`. */
  readonly dialect?: Dialect;
  /**
   * Return values that re-encode to the identical bytes: integral floats and
   * -0.0 as `Float`, NaN payloads kept. Default false.
   */
  readonly lossless?: boolean;
  /**
   * Packed arrays may be views into the input instead of copies when the
   * input's alignment allows it. The caller must then not reuse the input.
   * Default false.
   */
  readonly zeroCopy?: boolean;
}

/** A decoded Variant and the number of bytes it used (Godot's `r_len`). */
export interface DecodedVariant {
  readonly value: Variant;
  readonly length: number;
}

const FLAG_64 = 1 << 16;
/** For the Vector2 fast path's length check (looked up once, not per value). */
const VECTOR2_NAME = typeName(VariantType.VECTOR2);
/** Dictionaries up to this size have their key lists remembered. */
const MAX_SHAPE = 32;
/** Places per size for remembered key lists, picked by the first key (see #shapeSlot). */
const SHAPE_WAYS = 16;
const SHAPE_SHIFT = 32 - Math.log2(SHAPE_WAYS);
/** Key lists per place, the one seen last first (see #otherShape). */
const SHAPE_PLACE = 8;
const SHAPE_SLOTS = (MAX_SHAPE + 1) * SHAPE_WAYS * SHAPE_PLACE;
const ENCODED_OBJECT_AS_ID = 'EncodedObjectAsID';

/**
 * Reads Variants the way Godot's `decode_variant` does: one `case` per type,
 * every length checked against the bytes left before it is used.
 */
class Decoder {
  #r!: ByteReader;
  readonly #dialect: DialectRules;
  readonly #allowObjects: boolean;
  readonly #lossless: boolean;
  readonly #zeroCopy: boolean;
  // Whole header words of the commonest values in this dialect, which
  // `variant()` reads without the general dispatch: most of a game message is
  // ints, Strings, float32 Vector2s and floats (GDScript's float is a double,
  // and Godot sends one as 64 bits unless float32 holds it exactly), and most
  // keys are Strings.
  readonly #intHeader: number;
  readonly #stringHeader: number;
  /** -1 in Godot 3, which has no StringName (so no key list there holds one). */
  readonly #stringNameHeader: number;
  readonly #vector2Header: number;
  /** Untyped containers' headers (see #nestedElements). */
  readonly #arrayHeader: number;
  readonly #dictionaryHeader: number;
  /** A 64-bit float's header (flag included), or -1 when a lossless decode must keep integral floats as `Float`. */
  readonly #float64Header: number;
  /** Headers #scalarElements also reads itself (a float32's is -1 in a lossless decode, as the 64-bit one's). */
  readonly #nilHeader: number;
  readonly #boolHeader: number;
  readonly #int64Header: number;
  readonly #float32Header: number;
  /**
   * Key lists of Dictionaries read before (see #listedKeys), by size and
   * first key (#shapeSlot): Strings and StringNames, no two with the same
   * text. A Dictionary whose keys match one, as every entity of a snapshot
   * does, needs no duplicate check (Godot keeps a repeated key's first place)
   * and shares the list.
   */
  readonly #shapes: (DictionaryShape | undefined)[] = new Array(SHAPE_SLOTS + SHAPE_PLACE).fill(
    undefined,
  );
  /** The Godot type of the value `variant()` returned last (a JS number alone cannot say int or float). */
  #lastType: VariantType = VariantType.NIL;
  /** Bytes per real_t component of the math value being read: 4, or 8 with the 64-bit flag. */
  #realSize = 4;
  /** Reads one real_t component (bound once per decoder, not per value). */
  readonly #readReal = (): number => (this.#realSize === 8 ? this.#r.f64() : this.#r.f32());

  constructor(options: DecodeOptions | undefined) {
    this.#dialect = dialectRules(options?.dialect);
    this.#allowObjects = Boolean(options?.allowObjects);
    this.#lossless = Boolean(options?.lossless);
    this.#zeroCopy = Boolean(options?.zeroCopy);
    const wire = this.#dialect.wireFromType;
    this.#intHeader = wire[VariantType.INT]!;
    this.#stringHeader = wire[VariantType.STRING]!;
    this.#stringNameHeader = wire[VariantType.STRING_NAME] ?? -1;
    this.#vector2Header = wire[VariantType.VECTOR2]!;
    this.#arrayHeader = wire[VariantType.ARRAY]!;
    this.#dictionaryHeader = wire[VariantType.DICTIONARY]!;
    this.#float64Header = this.#lossless ? -1 : wire[VariantType.FLOAT]! | FLAG_64;
    this.#nilHeader = wire[VariantType.NIL]!;
    this.#boolHeader = wire[VariantType.BOOL]!;
    this.#int64Header = this.#intHeader | FLAG_64;
    this.#float32Header = this.#lossless ? -1 : wire[VariantType.FLOAT]!;
  }

  /** Decodes one value with `reader`; the decoder keeps no per-value state between calls. */
  decode(reader: ByteReader): Variant {
    const previous = this.#r;
    this.#r = reader;
    try {
      return this.variant(0);
    } catch (e) {
      throw orStackOverflow(e);
    } finally {
      this.#r = previous;
    }
  }

  variant(depth: number): Variant {
    const r = this.#r;
    if (depth > MAX_RECURSION_DEPTH) throw tooDeep(r.pos);
    // The header and the payloads below are read and checked here, not
    // through r.need() and r.u32(): V8 does not always inline those calls (in
    // a deep nest it ran out of inlining budget and left need() a call per
    // level), while it always compiles a DataView read in place (after a
    // stream of other messages, snapshots decoded 15% slower through r.f32()).
    const headerAt = r.pos;
    const at = headerAt + 4;
    const left = r.end - at; // bytes after the header
    if (left < 0) throw r.tooShort(4, 'a Variant header');
    const header = r.view.getUint32(headerAt, true);
    r.pos = at;
    // The common plain forms first, each reading exactly what its general case
    // would. Rare paths live in other functions, so that V8 can inline this one.
    if (header === this.#vector2Header) {
      if (left < 8) throw r.tooShort(8, VECTOR2_NAME);
      r.pos = at + 8;
      this.#lastType = VariantType.VECTOR2;
      return new Vector2(r.view.getFloat32(at, true), r.view.getFloat32(at + 4, true));
    }
    if (header === this.#intHeader) {
      if (left < 4) throw r.tooShort(4, 'an int');
      r.pos = at + 4;
      this.#lastType = VariantType.INT;
      return r.view.getInt32(at, true);
    }
    if (header === this.#stringHeader) {
      this.#lastType = VariantType.STRING;
      return r.string();
    }
    if (header === this.#float64Header) {
      if (left < 8) throw r.tooShort(8, 'a float');
      r.pos = at + 8;
      this.#lastType = VariantType.FLOAT;
      return r.view.getFloat64(at, true);
    }
    return this.#anyType(header, depth);
  }

  /** Every other header: the dialect's type table, then one case per type. */
  #anyType(header: number, depth: number): Variant {
    const type = this.#dialect.typeFromWire[header & 0xff];
    if (type === undefined) throw this.#unknownType(header);
    // Values that nest skip #payload: its frame is large, and a value nested
    // 1024 levels deep (Godot's limit) keeps one chain of frames per level on
    // the JavaScript stack. An untyped Dictionary goes straight to its loop.
    // Kept small, so that V8 treats it the same way whichever caller it sees first.
    let value: Variant;
    if (type <= VariantType.STRING) value = this.#scalar(type, header);
    else if (type === VariantType.DICTIONARY)
      value =
        (header & 0xf0000) === 0 ? this.#untypedDictionary(depth) : this.#dictionary(header, depth);
    else if (type === VariantType.ARRAY) value = this.#array(header, depth);
    else value = this.#other(type, header, depth);
    this.#lastType = type;
    return value;
  }

  #unknownType(header: number): GdwireError {
    return new GdwireError(
      GodotError.ERR_INVALID_DATA,
      `unknown Variant type id ${header & 0xff} in the ${this.#dialect.name} dialect`,
      this.#r.pos - 4,
    );
  }

  /** Objects and the fixed-size payloads. */
  #other(type: VariantType, header: number, depth: number): Variant {
    const start = this.#r.pos - 4;
    return type === VariantType.OBJECT
      ? this.#object((header & FLAG_64) !== 0, start, depth)
      : this.#payload(type, header, start);
  }

  /** nil, bool, int, float and String: the commonest payloads, without #payload's set-up for reals. */
  #scalar(type: VariantType, header: number): Variant {
    const r = this.#r;
    const flag64 = (header & FLAG_64) !== 0;
    switch (type) {
      case VariantType.NIL:
        return null;
      case VariantType.BOOL:
        r.need(4, 'a bool');
        return r.u32() !== 0;
      case VariantType.INT:
        r.need(flag64 ? 8 : 4, 'an int');
        return flag64 ? r.i64() : r.i32();
      case VariantType.FLOAT:
        return this.#float(flag64);
      default:
        return r.string();
    }
  }

  #payload(type: VariantType, header: number, start: number): Variant {
    const r = this.#r;
    const flag64 = (header & FLAG_64) !== 0;
    const realSize = flag64 && this.#dialect.realFlag ? 8 : 4;
    this.#realSize = realSize;
    const real = this.#readReal;
    switch (type) {
      case VariantType.VECTOR2:
        this.#needReals(2, type);
        return new Vector2(real(), real());
      case VariantType.VECTOR2I:
        r.need(8, 'a Vector2i');
        return new Vector2i(r.i32(), r.i32());
      case VariantType.RECT2:
        this.#needReals(4, type);
        return new Rect2(real(), real(), real(), real());
      case VariantType.RECT2I:
        r.need(16, 'a Rect2i');
        return new Rect2i(r.i32(), r.i32(), r.i32(), r.i32());
      case VariantType.VECTOR3:
        this.#needReals(3, type);
        return new Vector3(real(), real(), real());
      case VariantType.VECTOR3I:
        r.need(12, 'a Vector3i');
        return new Vector3i(r.i32(), r.i32(), r.i32());
      case VariantType.TRANSFORM2D:
        this.#needReals(6, type);
        return new Transform2D(
          new Vector2(real(), real()),
          new Vector2(real(), real()),
          new Vector2(real(), real()),
        );
      case VariantType.VECTOR4:
        this.#needReals(4, type);
        return new Vector4(real(), real(), real(), real());
      case VariantType.VECTOR4I:
        r.need(16, 'a Vector4i');
        return new Vector4i(r.i32(), r.i32(), r.i32(), r.i32());
      case VariantType.PLANE:
        this.#needReals(4, type);
        return new Plane(real(), real(), real(), real());
      case VariantType.QUATERNION:
        this.#needReals(4, type);
        return new Quaternion(real(), real(), real(), real());
      case VariantType.AABB:
        this.#needReals(6, type);
        return new AABB(real(), real(), real(), real(), real(), real());
      case VariantType.BASIS:
        this.#needReals(9, type);
        return basisFromRows(Array.from({ length: 9 }, real));
      case VariantType.TRANSFORM3D: {
        this.#needReals(12, type);
        const basis = basisFromRows(Array.from({ length: 9 }, real));
        return new Transform3D(basis, new Vector3(real(), real(), real()));
      }
      case VariantType.PROJECTION: {
        this.#needReals(16, type);
        const column = () => new Vector4(real(), real(), real(), real());
        return new Projection(column(), column(), column(), column());
      }
      case VariantType.COLOR:
        // Always float32, whatever bit 16 says.
        r.need(16, 'a Color');
        return new Color(r.f32(), r.f32(), r.f32(), r.f32());
      case VariantType.STRING_NAME:
        return new StringName(r.string());
      case VariantType.NODE_PATH:
        return this.#nodePath();
      case VariantType.RID:
        if (!this.#dialect.ridHasPayload) return new RID();
        r.need(8, 'an RID');
        return new RID(r.u64());
      case VariantType.CALLABLE:
        return new Callable();
      case VariantType.SIGNAL: {
        const name = r.string();
        r.need(8, "a Signal's object id");
        return new Signal(name, r.u64());
      }
      case VariantType.PACKED_BYTE_ARRAY: {
        const count = this.#packedCount(1, type);
        const from = r.pos;
        // The padding after the bytes is not required, but is counted as used.
        r.pos += count + ((4 - (count & 3)) & 3);
        return this.#zeroCopy
          ? r.bytes.subarray(from, from + count)
          : r.bytes.slice(from, from + count);
      }
      case VariantType.PACKED_INT32_ARRAY:
        return this.#numbers(Int32Array, this.#packedCount(4, type));
      case VariantType.PACKED_INT64_ARRAY:
        return this.#numbers(BigInt64Array, this.#packedCount(8, type));
      case VariantType.PACKED_FLOAT32_ARRAY:
        return this.#numbers(Float32Array, this.#packedCount(4, type));
      case VariantType.PACKED_FLOAT64_ARRAY:
        return this.#numbers(Float64Array, this.#packedCount(8, type));
      case VariantType.PACKED_STRING_ARRAY: {
        r.need(4, 'a PackedStringArray size');
        // Godot reads the count signed and does not check it: a negative count is an empty array.
        const count = r.i32();
        const strings: string[] = [];
        for (let i = r.strings(strings, 0, count, -1); i < count; i++) strings.push(r.string());
        return new PackedStringArray(strings);
      }
      case VariantType.PACKED_VECTOR2_ARRAY:
        return new PackedVector2Array(this.#realArray(2, realSize, type));
      case VariantType.PACKED_VECTOR3_ARRAY:
        return new PackedVector3Array(this.#realArray(3, realSize, type));
      case VariantType.PACKED_VECTOR4_ARRAY:
        return new PackedVector4Array(this.#realArray(4, realSize, type));
      case VariantType.PACKED_COLOR_ARRAY:
        return new PackedColorArray(this.#realArray(4, 4, type) as Float32Array);
    }
    // OBJECT, DICTIONARY and ARRAY never get here: #anyType reads them. This
    // is Godot's defensive default branch.
    throw new GdwireError(GodotError.ERR_BUG, `no case for ${typeName(type)}`, start);
  }

  /** Checks that `count` real_t components of the current size are there (ERR_INVALID_DATA). */
  #needReals(count: number, type: VariantType): void {
    this.#r.need(count * this.#realSize, typeName(type));
  }

  #float(flag64: boolean): number | Float {
    const r = this.#r;
    r.need(flag64 ? 8 : 4, 'a float');
    const at = r.pos;
    const value = flag64 ? r.f64() : r.f32();
    if (!this.#lossless) return value;
    if (Number.isNaN(value)) {
      return new Float(value, flag64 ? r.view.getBigUint64(at, true) : undefined);
    }
    return Number.isInteger(value) ? new Float(value) : value;
  }

  /** NodePath (spec §3.6): only the "new" format with bit 31 set is accepted. */
  #nodePath(): NodePath {
    const r = this.#r;
    r.need(4, 'a NodePath');
    const at = r.pos;
    const nameWord = r.u32();
    if ((nameWord & 0x80000000) === 0) {
      throw new GdwireError(
        GodotError.ERR_INVALID_DATA,
        'NodePath in the old (pre-3.0) format',
        at,
      );
    }
    r.need(8, 'a NodePath');
    const nameCount = nameWord & 0x7fffffff;
    let subnameCount = r.u32();
    const flags = r.u32();
    // Flag bit 1 is the obsolete "property" form: one more subname follows.
    // Godot adds the counts as unsigned 32-bit ints, so they can wrap to fewer
    // strings (1 + 0xffffffff reads none), and the decode still succeeds.
    if (flags & 2) subnameCount = (subnameCount + 1) >>> 0;
    const total = (nameCount + subnameCount) >>> 0;
    const names: string[] = [];
    const subnames: string[] = [];
    for (let i = 0; i < total; i++) {
      (i < nameCount ? names : subnames).push(r.string());
    }
    return NodePath.fromParts(names, subnames, (flags & 1) !== 0);
  }

  #object(asId: boolean, start: number, depth: number): Variant {
    const r = this.#r;
    if (asId) {
      r.need(8, 'an object id');
      const id = r.u64();
      return id === 0n ? null : new EncodedObjectAsID(id);
    }
    if (!this.#allowObjects) {
      throw new GdwireError(
        GodotError.ERR_UNAUTHORIZED,
        'a full Object arrived and allowObjects is off (decoding objects from untrusted peers is unsafe)',
        start,
      );
    }
    const className = r.string();
    if (className === '') return null;
    r.need(4, "an object's property count");
    // Read signed, as Godot does: a count with the sign bit set means no properties.
    const count = r.i32();
    const properties = new Map<string, Variant>();
    for (let i = 0; i < count; i++) {
      const name = r.string();
      const at = r.pos;
      const value = this.variant(depth + 1);
      if (name === 'script' && value !== null && this.#dialect.scriptProperty) {
        if (typeof value !== 'string' || !value.startsWith('res://')) {
          throw new GdwireError(
            GodotError.ERR_INVALID_DATA,
            `the script of a ${className} must be a res:// path String`,
            at,
          );
        }
      }
      properties.set(name, value);
    }
    return new GodotObject(className, properties);
  }

  /** An untyped Dictionary, after its header: its size, then its entries. */
  #untypedDictionary(depth: number): Dictionary {
    return this.#listedKeys(this.#size('a Dictionary size'), UNTYPED, UNTYPED, depth);
  }

  /** A Dictionary whose header has typed-container bits (#anyType reads the others straight). */
  #dictionary(header: number, depth: number): Dictionary {
    // Godot 3 has no typed containers: there those bits mean nothing.
    if (!this.#dialect.typedContainers) {
      return this.#untypedDictionary(depth);
    }
    const keyType = this.#containerType((header >> 16) & 3);
    const valueType = this.#containerType((header >> 18) & 3);
    const count = this.#size('a Dictionary size');
    // Untyped keys, and String or StringName ones (`Dictionary[String, int]`),
    // take the path that knows key lists; other typed keys are rarely alike.
    if (
      keyType.type === VariantType.NIL ||
      keyType.type === VariantType.STRING ||
      keyType.type === VariantType.STRING_NAME
    )
      return this.#listedKeys(count, keyType, valueType, depth);
    return this.#typedEntries([], [], count, keyType, valueType, depth);
  }

  /**
   * Reads `count` more entries after `keys` and `values` (the entries so far),
   * then makes the Dictionary of them all. Godot validates keys (a refused
   * key's pair is dropped) but not values.
   */
  #typedEntries(
    keys: Variant[],
    values: Variant[],
    count: number,
    keyType: ContainerType,
    valueType: ContainerType,
    depth: number,
  ): Dictionary {
    for (let i = 0; i < count; i++) {
      const key = this.#validated(keyType, this.variant(depth + 1));
      const value = this.variant(depth + 1);
      if (key !== REFUSED) {
        keys.push(key);
        values.push(value);
      }
    }
    return dictionaryOfEntries(keys, values, keyType, valueType);
  }

  /**
   * The entries of a Dictionary whose key list may be one remembered in
   * #shapes: its keys are untyped, or typed String or StringName (values are
   * never validated). A remembered key list serves a
   * typed Dictionary when its keys are all of that type; a key of another
   * type (converted or refused, as Godot does) sends the rest of the entries
   * the general way (#typedEntries).
   */
  #listedKeys(
    count: number,
    keyType: ContainerType,
    valueType: ContainerType,
    depth: number,
  ): Dictionary {
    const typed = keyType.type !== VariantType.NIL;
    const slot = this.#shapeSlot(count);
    const found = this.#shapes[slot];
    let shape = typed && found?.keysType !== keyType.type ? undefined : found;
    // Keys are collected only from the first one that differs from the shape.
    let keys: Variant[] | null = shape === undefined ? [] : null;
    // A key is one level deeper than its Dictionary, and must not be too deep.
    const keyDepthOk = depth < MAX_RECURSION_DEPTH;
    // Sized up front when a shape vouches for the count (it is at most MAX_SHAPE):
    // a Dictionary keeps this array, and one grown by push has room to spare.
    const values: Variant[] = shape === undefined ? [] : new Array(count);
    for (let i = 0; i < count; i++) {
      if (keys === null && keyDepthOk && shape!.matches(this.#r, i)) {
        values[i] = this.variant(depth + 1);
        continue;
      }
      const key = this.#key(depth + 1);
      const valid = typed ? this.#validated(keyType, key) : key;
      if (valid !== key) {
        // A key its type converts or refuses: this entry and the rest are
        // read the general way.
        const before = keys ?? shape!.keys.slice(0, i);
        values.length = i;
        const value = this.variant(depth + 1);
        if (valid !== REFUSED) {
          before.push(valid);
          values.push(value);
        }
        return this.#typedEntries(before, values, count - i - 1, keyType, valueType, depth);
      }
      if (keys === null && !shape!.has(i, key)) {
        const other = this.#otherShape(slot, shape!, i, key, keyType);
        if (other === undefined) keys = shape!.keys.slice(0, i);
        else shape = other;
      }
      keys?.push(key);
      values[i] = this.variant(depth + 1);
    }
    if (keys === null) {
      shape!.learn(this.#stringHeader, this.#stringNameHeader);
      return dictionaryOfSharedKeys(shape!.shared, values, keyType, valueType);
    }
    // A shape needs keys that are found by their text alone, no two alike
    // (checked on the Dictionary, which takes `keys` as its own).
    const remember =
      count <= MAX_SHAPE && keys.every((k) => typeof k === 'string' || k instanceof StringName);
    const shapeKeys = remember ? (keys.slice() as (string | StringName)[]) : [];
    const dict = dictionaryOfEntries(keys, values, keyType, valueType);
    if (remember && dict.size === count) {
      this.#remember(slot, SHAPE_PLACE - 1, new DictionaryShape(shapeKeys));
    }
    return dict;
  }

  /**
   * Another key list remembered at `slot` that fits a Dictionary that `shape`
   * fitted up to key `i`, which is `key`: kinds of a tagged message
   * (`{"type": "move", "x": …}`, `{"type": "chat", "text": …}`) have the same
   * size and first key, and take turns. It becomes the first one looked at.
   */
  #otherShape(
    slot: number,
    shape: DictionaryShape,
    i: number,
    key: Variant,
    keyType: ContainerType,
  ): DictionaryShape | undefined {
    for (let j = 1; j < SHAPE_PLACE; j++) {
      const other = this.#shapes[slot + j];
      if (other === undefined) return undefined; // places fill from the first
      if (!other.has(i, key)) continue;
      if (keyType.type !== VariantType.NIL && other.keysType !== keyType.type) continue;
      let k = 0;
      while (k < i && other.has(k, shape.keys[k])) k++;
      if (k < i) continue;
      this.#remember(slot, j, other);
      return other;
    }
    return undefined;
  }

  /** Puts `shape` first at `slot`, moving the ones before place `from` (which it replaces) one down. */
  #remember(slot: number, from: number, shape: DictionaryShape): void {
    const shapes = this.#shapes;
    for (let j = slot + from; j > slot; j--) shapes[j] = shapes[j - 1];
    shapes[slot] = shape;
  }

  /**
   * Where #shapes keeps the key list of a Dictionary of `count` entries whose
   * first key is next in the input: its size, and a hash of the first key's
   * length and first text bytes. Keyed by size alone, an envelope and
   * its payload of the same size (`{"type": …, "data": {"x": …, "y": …}}`)
   * replaced each other's list on every message, and such messages decoded
   * ten times slower. The hash only picks a place: keys are still compared.
   */
  #shapeSlot(count: number): number {
    const r = this.#r;
    const at = r.pos;
    if (count > MAX_SHAPE) return SHAPE_SLOTS; // a place never filled
    if (count === 0 || r.end - at < 12) return count * SHAPE_WAYS * SHAPE_PLACE;
    // The first key's length word and first text word (its header is nearly always a String's).
    const hash = Math.imul(
      r.view.getInt32(at + 4, true) ^ r.view.getInt32(at + 8, true),
      0x9e3779b1,
    );
    return (count * SHAPE_WAYS + (hash >>> SHAPE_SHIFT)) * SHAPE_PLACE;
  }

  /** An untyped Dictionary's key: a plain String (nearly every key there is) skips even `variant()`. */
  #key(depth: number): Variant {
    const r = this.#r;
    if (
      depth <= MAX_RECURSION_DEPTH &&
      r.end - r.pos >= 4 &&
      r.view.getUint32(r.pos, true) === this.#stringHeader
    ) {
      r.pos += 4;
      this.#lastType = VariantType.STRING;
      return r.string();
    }
    return this.variant(depth);
  }

  #array(header: number, depth: number): Variant[] {
    // Most Arrays are untyped (kind 0): they skip #containerType, which is too large to inline.
    const kind = (header >> 16) & 3;
    const elementType =
      kind !== 0 && this.#dialect.typedContainers ? this.#containerType(kind) : UNTYPED;
    const count = this.#size('an Array size');
    // Typed Arrays are read out of line, keeping this function small (V8 inlines by size).
    if (elementType.type !== VariantType.NIL) return this.#typedElements(elementType, count, depth);
    // Every element takes at least its 4-byte header: a count the bytes
    // left cannot hold fails at an element, so the array is sized up front
    // only when they can (no allocation from a hostile count).
    if (count > this.#r.remaining >>> 2) {
      const array: Variant[] = [];
      for (let i = 0; i < count; i++) array.push(this.variant(depth + 1));
      return array;
    }
    const array: Variant[] = new Array(count);
    // An Array that starts with a container (a grid, a list of records, a
    // tree) likely holds more: see #nestedElements.
    if (count > 0) {
      // There are 4 bytes: this path has a count of at most the bytes left / 4.
      const first = this.#r.view.getUint32(this.#r.pos, true);
      if (first === this.#arrayHeader || first === this.#dictionaryHeader)
        return this.#nestedElements(array, depth);
      return this.#flatElements(array, first, depth);
    }
    return array;
  }

  /** Fills `array`, an untyped Array's elements, the first of which has header `first` (not a container's). */
  #flatElements(array: Variant[], first: number, depth: number): Variant[] {
    if (this.#isScalar(first)) return this.#scalarElements(array, depth);
    if (first === this.#stringHeader) return this.#stringElements(array, depth);
    for (let i = 0; i < array.length; i++) array[i] = this.variant(depth + 1);
    return array;
  }

  /** True for the headers #scalarElements reads itself: nil, bool, int, float. */
  #isScalar(header: number): boolean {
    return (
      header === this.#intHeader ||
      header === this.#int64Header ||
      header === this.#float64Header ||
      header === this.#float32Header ||
      header === this.#boolHeader ||
      header === this.#nilHeader
    );
  }

  /**
   * Fills `array`, an untyped Array's elements, when the first is a nil,
   * bool, int or float: such Arrays (ids, timestamps, flags, samples) are
   * mostly of one kind, and this loop reads those itself, without a call per
   * element. Other elements, and any element too close to the end to hold the
   * largest of them, and every element past Godot's depth limit, go to
   * variant(). Picked by the first element (#flatElements), so that Arrays
   * of Strings or Vector2s keep their plain loop: a check per element there
   * cost them (see #nestedElements).
   */
  #scalarElements(array: Variant[], depth: number): Variant[] {
    const r = this.#r;
    const view = r.view;
    const end = r.end - 12; // a header and 8 bytes fit up to here
    // Past Godot's depth limit, variant() gives the error.
    const readHere = depth + 1 <= MAX_RECURSION_DEPTH;
    for (let i = 0; i < array.length; i++) {
      const at = r.pos;
      if (!readHere || at > end) {
        array[i] = this.variant(depth + 1);
        continue;
      }
      const header = view.getUint32(at, true);
      if (header === this.#intHeader) {
        array[i] = view.getInt32(at + 4, true);
        r.pos = at + 8;
      } else if (header === this.#int64Header) {
        r.pos = at + 4;
        array[i] = r.i64();
      } else if (header === this.#float64Header) {
        array[i] = view.getFloat64(at + 4, true);
        r.pos = at + 12;
      } else if (header === this.#float32Header) {
        array[i] = view.getFloat32(at + 4, true);
        r.pos = at + 8;
      } else if (header === this.#boolHeader) {
        array[i] = view.getUint32(at + 4, true) !== 0;
        r.pos = at + 8;
      } else if (header === this.#nilHeader) {
        array[i] = null;
        r.pos = at + 4;
      } else array[i] = this.#mixedElement(header, depth + 1);
    }
    return array;
  }

  /**
   * An element of another kind among #scalarElements' (a record's name, its
   * nested Array or Dictionary), whose `header` is next: the commonest read
   * here, without variant()'s checks for the forms that loop has read.
   */
  #mixedElement(header: number, depth: number): Variant {
    const r = this.#r;
    if (header === this.#stringHeader) {
      r.pos += 4;
      return r.string();
    }
    if (header === this.#arrayHeader) {
      r.pos += 4;
      return this.#array(header, depth);
    }
    if (header === this.#dictionaryHeader) {
      r.pos += 4;
      return this.#untypedDictionary(depth);
    }
    return this.variant(depth);
  }

  /**
   * Fills `array`, an untyped Array's elements, when the first is a String
   * (names, tags, words): the reader reads those that come one after another
   * (ByteReader.strings); after that each String is read here, the rest by
   * variant().
   */
  #stringElements(array: Variant[], depth: number): Variant[] {
    const r = this.#r;
    const readHere = depth + 1 <= MAX_RECURSION_DEPTH;
    const from = readHere ? r.strings(array, 0, array.length, this.#stringHeader) : 0;
    for (let i = from; i < array.length; i++) {
      const at = r.pos;
      if (readHere && r.end - at >= 4 && r.view.getUint32(at, true) === this.#stringHeader) {
        r.pos = at + 4;
        array[i] = r.string();
      } else array[i] = this.variant(depth + 1);
    }
    return array;
  }

  /** A typed Array's elements: Godot drops those its type refuses, and the decode still succeeds. */
  #typedElements(elementType: ContainerType, count: number, depth: number): Variant[] {
    const elements: Variant[] = [];
    // An Array[String]'s Strings are read a run at a time (none is refused).
    const strings =
      elementType.type === VariantType.STRING && depth + 1 <= MAX_RECURSION_DEPTH
        ? this.#r.strings(elements, 0, count, this.#stringHeader)
        : 0;
    for (let i = strings; i < count; i++) {
      const element = this.#validated(elementType, this.variant(depth + 1));
      if (element !== REFUSED) elements.push(element);
    }
    return adoptAsTypedArray(elementType, elements);
  }

  /**
   * Fills `array`, an untyped Array's elements, reading untyped Arrays and
   * Dictionaries among them straight from here: one call per level of
   * nesting. Through variant() each level takes two calls once V8 has spent
   * its inlining budget on the String path (see CONTRIBUTING), and a 100-deep
   * Array decoded at half the speed. Flat Arrays keep #array's own loop: a
   * check per element there cost int Arrays a quarter of their speed.
   */
  #nestedElements(array: Variant[], depth: number): Variant[] {
    const r = this.#r;
    const elementDepth = depth + 1;
    // Past Godot's depth limit, variant() gives the error.
    const nestOk = elementDepth <= MAX_RECURSION_DEPTH;
    for (let i = 0; i < array.length; i++) {
      const at = r.pos;
      const header = nestOk && r.end - at >= 4 ? r.view.getUint32(at, true) : -1;
      if (header === this.#arrayHeader) {
        array[i] = this.#nestedArray(at, elementDepth);
      } else if (header === this.#dictionaryHeader) {
        r.pos = at + 4;
        array[i] = this.#untypedDictionary(elementDepth);
      } else array[i] = this.variant(elementDepth);
    }
    return array;
  }

  /**
   * An untyped Array at `at` (its header read) inside one read by
   * #nestedElements: when it too starts with a container, its elements are
   * read by #nestedElements straight from here, so that a tree or a grid
   * costs one call per level; anything else goes through #array.
   */
  #nestedArray(at: number, depth: number): Variant[] {
    const r = this.#r;
    if (r.end - at >= 12) {
      const count = r.view.getUint32(at + 4, true) & 0x7fffffff;
      const first = r.view.getUint32(at + 8, true);
      // A count the bytes left cannot hold goes to #array, which allocates nothing for it.
      if (
        count <= (r.end - at - 8) >>> 2 &&
        (first === this.#arrayHeader || first === this.#dictionaryHeader)
      ) {
        r.pos = at + 8;
        return this.#nestedElements(new Array(count), depth);
      }
    }
    r.pos = at + 4;
    return this.#array(this.#arrayHeader, depth);
  }

  /** An Array's or Dictionary's size: Godot masks off bit 31 (the old "shared" flag). */
  #size(what: string): number {
    // Read and checked in place, small enough for V8 to inline (as variant()'s header).
    const r = this.#r;
    const at = r.pos;
    if (r.end - at < 4) throw r.tooShort(4, what);
    r.pos = at + 4;
    return r.view.getUint32(at, true) & 0x7fffffff;
  }

  /** A typed container's element, key or value type (spec §3.8). */
  #containerType(kind: number): ContainerType {
    const r = this.#r;
    switch (kind) {
      case 1: {
        r.need(4, 'a container element type');
        const at = r.pos;
        const type = r.u32();
        if (type >= VARIANT_MAX) {
          throw new GdwireError(
            GodotError.ERR_INVALID_DATA,
            `unknown container element type ${type}`,
            at,
          );
        }
        if (type === VariantType.OBJECT && !this.#allowObjects) {
          return { type, className: ENCODED_OBJECT_AS_ID };
        }
        return { type: type as VariantType };
      }
      case 2: {
        const className = r.string();
        return {
          type: VariantType.OBJECT,
          className: this.#allowObjects ? className : ENCODED_OBJECT_AS_ID,
        };
      }
      case 3: {
        const at = r.pos;
        const script = r.string();
        if (!this.#allowObjects)
          return { type: VariantType.OBJECT, className: ENCODED_OBJECT_AS_ID };
        if (!script.startsWith('res://')) {
          throw new GdwireError(
            GodotError.ERR_INVALID_DATA,
            `a typed container's script must be a res:// path, got ${JSON.stringify(script)}`,
            at,
          );
        }
        return { type: VariantType.OBJECT, script };
      }
      default:
        return UNTYPED;
    }
  }

  #validated(t: ContainerType, value: Variant): Variant | typeof REFUSED {
    return validateElement(t, this.#lastType, value, this.#lossless);
  }

  /** Reads a packed array's count and checks it against the bytes left (ERR_INVALID_DATA). */
  #packedCount(elementSize: number, type: VariantType): number {
    const r = this.#r;
    r.need(4, `a ${typeName(type)} size`);
    const at = r.pos;
    const count = r.i32();
    if (count < 0 || count * elementSize > r.remaining) {
      throw new GdwireError(
        GodotError.ERR_INVALID_DATA,
        `a ${typeName(type)} of ${count} elements does not fit in the ${r.remaining} bytes left`,
        at,
      );
    }
    return count;
  }

  /** Copies a little-endian number array in one step (or views it, with zeroCopy). */
  #numbers<T extends Int32Array | BigInt64Array | Float32Array | Float64Array>(
    Kind: {
      new (buffer: ArrayBufferLike, offset?: number, length?: number): T;
      BYTES_PER_ELEMENT: number;
    },
    count: number,
  ): T {
    const r = this.#r;
    const byteLength = count * Kind.BYTES_PER_ELEMENT;
    const from = r.bytes.byteOffset + r.pos;
    r.pos += byteLength;
    if (LITTLE_ENDIAN_HOST) {
      if (this.#zeroCopy && from % Kind.BYTES_PER_ELEMENT === 0)
        return new Kind(r.bytes.buffer, from, count);
      return new Kind(r.bytes.buffer.slice(from, from + byteLength));
    }
    const out = new Kind(new ArrayBuffer(byteLength));
    const view = new DataView(r.bytes.buffer, from, byteLength);
    for (let i = 0; i < count; i++) {
      const at = i * Kind.BYTES_PER_ELEMENT;
      (out as unknown as (number | bigint)[])[i] =
        Kind === (BigInt64Array as unknown)
          ? view.getBigInt64(at, true)
          : Kind === (Int32Array as unknown)
            ? view.getInt32(at, true)
            : Kind === (Float32Array as unknown)
              ? view.getFloat32(at, true)
              : view.getFloat64(at, true);
    }
    return out;
  }

  #realArray(width: number, realSize: number, type: VariantType): Float32Array | Float64Array {
    const count = this.#packedCount(width * realSize, type);
    return realSize === 8
      ? this.#numbers(Float64Array, count * width)
      : this.#numbers(Float32Array, count * width);
  }
}

function tooDeep(at: number): GdwireError {
  return new GdwireError(
    GodotError.ERR_OUT_OF_MEMORY,
    `Variant is too deep (more than ${MAX_RECURSION_DEPTH} nested levels)`,
    at,
  );
}

/** Godot stores Basis rows; our Basis holds GDScript's columns. */
function basisFromRows(m: number[]): Basis {
  const [a, b, c, d, e, f, g, h, i] = m as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Basis(new Vector3(a, d, g), new Vector3(b, e, h), new Vector3(c, f, i));
}

/**
 * Decoders by option set, one bit per option (a string key built per call
 * cost as much as decoding a small message); they keep no per-value state.
 */
const decoders: (Decoder | undefined)[] = [];
function decoderFor(options: DecodeOptions | undefined): Decoder {
  const key =
    options === undefined
      ? 0
      : dialectRules(options.dialect).id |
        (options.allowObjects ? 2 : 0) |
        (options.lossless ? 4 : 0) |
        (options.zeroCopy ? 8 : 0);
  return (decoders[key] ??= new Decoder(options));
}

/**
 * One reader, re-pointed at each input: decoding calls no user code, so it
 * is never used re-entrantly.
 */
const NOTHING = new Uint8Array(0);
const sharedReader = new ByteReader(NOTHING, 0);
function readerFor(bytes: Uint8Array, offset: number, options?: DecodeOptions): ByteReader {
  expectByteArray(bytes, 'the input');
  // With zeroCopy, packed arrays may be views of the input itself.
  return sharedReader.reset(bytes, offset, !options?.zeroCopy);
}

/** Lets go of a large input after decoding, so the shared reader does not keep it alive. */
function release(): void {
  if (sharedReader.end > 65536) sharedReader.reset(NOTHING, 0);
}

/**
 * Decodes the first Variant in `bytes`, like Godot's `bytes_to_var` (or
 * `bytes_to_var_with_objects` with `allowObjects: true`). Trailing bytes are
 * ignored, as in Godot. Where Godot returns null and prints an error, gdwire
 * throws a {@link GdwireError} with Godot's code and the byte offset.
 *
 * @example
 * ```ts
 * import { bytesToVar } from '@gdwire/variant-codec';
 * const msg = bytesToVar(packet); // e.g. Dictionary { "hp": 100, "pos": Vector2(1, 2) }
 * ```
 */
export function bytesToVar(bytes: Uint8Array, options?: DecodeOptions): Variant {
  try {
    return decoderFor(options).decode(readerFor(bytes, 0, options));
  } finally {
    release();
  }
}

/**
 * Decodes one Variant starting at `offset` and reports how many bytes it used
 * (Godot's `r_len`; for a PackedByteArray this counts its padding even when
 * the input ends before it), for walking streams of values.
 *
 * @example
 * ```ts
 * let offset = 0;
 * while (offset < bytes.length) {
 *   const { value, length } = decodeVariant(bytes, offset);
 *   offset += length;
 * }
 * ```
 */
export function decodeVariant(
  bytes: Uint8Array,
  offset = 0,
  options?: DecodeOptions,
): DecodedVariant {
  const reader = readerFor(bytes, 0, options); // checks that `bytes` are bytes
  try {
    if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) {
      throw new GdwireError(
        GodotError.ERR_PARAMETER_RANGE_ERROR,
        `offset ${offset} is outside the input`,
      );
    }
    reader.pos = offset;
    const value = decoderFor(options).decode(reader);
    return { value, length: reader.pos - offset };
  } finally {
    release();
  }
}

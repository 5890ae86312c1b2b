import { classOf, isClass } from './brand.js';
import { type Dialect, type DialectRules, dialectRules } from './dialect.js';
import { GdwireError, GodotError, orStackOverflow } from './errors.js';
import { expectByteArray, isPlainBuffer, LITTLE_ENDIAN_HOST } from './host.js';
import { lastChunk, readStringChunks } from './string-chunks.js';
import type { AABB } from './types/aabb.js';
import type { Basis } from './types/basis.js';
import type { Color } from './types/color.js';
import type { ContainerType } from './types/container-type.js';
import type { Dictionary } from './types/dictionary.js';
import type { Float } from './types/float.js';
import type { NodePath } from './types/node-path.js';
import type { EncodedObjectAsID, GodotObject } from './types/object.js';
import type { PackedStringArray } from './types/packed-string-array.js';
import type { PackedStructArray } from './types/packed-struct-array.js';
import type { Plane } from './types/plane.js';
import type { Projection } from './types/projection.js';
import type { Quaternion } from './types/quaternion.js';
import type { Rect2 } from './types/rect2.js';
import type { Rect2i } from './types/rect2i.js';
import type { RID } from './types/rid.js';
import type { Signal } from './types/signal.js';
import { StringName } from './types/string-name.js';
import type { Transform2D } from './types/transform2d.js';
import type { Transform3D } from './types/transform3d.js';
import type { TypedArray } from './types/typed-array.js';
import { Vector2 } from './types/vector2.js';
import type { Vector2i } from './types/vector2i.js';
import type { Vector3 } from './types/vector3.js';
import type { Vector3i } from './types/vector3i.js';
import type { Vector4 } from './types/vector4.js';
import type { Vector4i } from './types/vector4i.js';
import { typeOfVariant, type VariantInput } from './variant.js';
import { typeName, VariantType } from './variant-type.js';
import { ByteWriter, overflowError, WriterOverflow } from './writer.js';

/** Options of `varToBytes` and the other encoders. */
export interface EncodeOptions {
  /**
   * Write `GodotObject`s as full objects, like `var_to_bytes_with_objects`.
   * Without it they cannot be encoded (Godot would send an instance id).
   * Default false.
   */
  readonly fullObjects?: boolean;
  /** Wire dialect; `'godot3'` for Godot 3.x peers. Default `'godot4'`. */
  readonly dialect?: Dialect;
  /**
   * Write the real_t math types as float64 with header bit 16, as Godot's
   * double-precision ("precision=double") builds do. Godot 4 only. Default false.
   */
  readonly realIsDouble?: boolean;
}

/** `Variant::MAX_RECURSION_DEPTH`: deeper values fail with ERR_OUT_OF_MEMORY. */
export const MAX_RECURSION_DEPTH = 1024;

const FLAG_64 = 1 << 16;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const ENCODED_OBJECT_AS_ID = 'EncodedObjectAsID';
const VECTOR2_PROTOTYPE: object = Vector2.prototype;
const STRING_NAME_PROTOTYPE: object = StringName.prototype;

function tooDeep(): GdwireError {
  return new GdwireError(
    GodotError.ERR_OUT_OF_MEMORY,
    `Potential infinite recursion detected: the value is nested more than ${MAX_RECURSION_DEPTH} levels deep`,
  );
}

/**
 * The keys of the last plain object written at one depth, each with its
 * encoded String block (header, length, text, padding), so that the next
 * object there copies the blocks of the keys it shares instead of encoding
 * them again: lists of records (entities, players, servers) and a message
 * sent every tick repeat their keys. Key j's chunks start at j * KEY_CHUNKS.
 */
class KeyMemo {
  readonly keys: (string | undefined)[] = new Array(MEMO_KEYS).fill(undefined);
  /** Each remembered block's size in bytes. */
  readonly sizes = new Uint8Array(MEMO_KEYS);
  /** Each block as chunks (see readStringChunks), copied a chunk at a time. */
  readonly chunks = new Float64Array(MEMO_KEYS * KEY_CHUNKS);
  /**
   * Keys that were not the slot's. Only every 8th is remembered: kinds of
   * messages in turn would otherwise rewrite their slots at every object,
   * while a new steady shape is still learnt within a few objects.
   */
  misses = 0;
}
/** Keys remembered per object, and the largest remembered block in bytes (a 40-byte key). */
const MEMO_KEYS = 16;
const KEY_BYTES = 48;
const KEY_CHUNKS = KEY_BYTES / 8;
/** Objects nested deeper than this have no memo (bounding its memory to 16 of them). */
const MEMO_DEPTHS = 16;

/**
 * Container-type kinds of typed Array/Dictionary headers (spec §3.8):
 * NONE, BUILTIN (u32 type id), CLASS_NAME (string), SCRIPT (string path).
 */
enum ContainerKind {
  NONE = 0,
  BUILTIN = 1,
  CLASS_NAME = 2,
  SCRIPT = 3,
}

/**
 * Writes Variants the way Godot's `encode_variant` does: one `case` per type,
 * in the order of the spec's type table.
 */
class Encoder {
  #w!: ByteWriter;
  readonly #dialect: DialectRules;
  readonly #fullObjects: boolean;
  readonly #realFlag: number;
  readonly #double: boolean;
  /** The dialect's Godot 4 type → wire id table, held directly for the hot path. */
  readonly #wire: readonly (number | undefined)[];
  // Header words of the values `variant()` writes itself (every dialect has these types).
  readonly #stringWord: number;
  readonly #intWord: number;
  readonly #vector2Word: number;
  readonly #dictionaryWord: number;
  readonly #arrayWord: number;
  readonly #boolWord: number;
  readonly #nilWord: number;
  readonly #floatWord: number;
  /** Undefined in Godot 3, which has no StringName (the general path then refuses it). */
  readonly #stringNameWord: number | undefined;
  /** Per depth, the keys of the last plain object written there (see KeyMemo). */
  readonly #keyMemos: (KeyMemo | undefined)[] = new Array(MEMO_DEPTHS).fill(undefined);

  constructor(options: EncodeOptions | undefined) {
    this.#dialect = dialectRules(options?.dialect);
    this.#wire = this.#dialect.wireFromType;
    this.#fullObjects = Boolean(options?.fullObjects);
    this.#double = Boolean(options?.realIsDouble) && this.#dialect.realFlag;
    this.#realFlag = this.#double ? FLAG_64 : 0;
    this.#stringWord = this.#wire[VariantType.STRING]!;
    this.#intWord = this.#wire[VariantType.INT]!;
    this.#vector2Word = this.#wire[VariantType.VECTOR2]! | this.#realFlag;
    this.#dictionaryWord = this.#wire[VariantType.DICTIONARY]!;
    this.#arrayWord = this.#wire[VariantType.ARRAY]!;
    this.#boolWord = this.#wire[VariantType.BOOL]!;
    this.#nilWord = this.#wire[VariantType.NIL]!;
    this.#floatWord = this.#wire[VariantType.FLOAT]!;
    this.#stringNameWord = this.#wire[VariantType.STRING_NAME];
  }

  /** Encodes one value with `writer`; the encoder keeps no per-value state (only remembered keys: see KeyMemo). */
  encode(writer: ByteWriter, value: unknown): void {
    const previous = this.#w;
    this.#w = writer;
    try {
      this.variant(value, 0);
    } catch (e) {
      throw orStackOverflow(e);
    } finally {
      this.#w = previous;
    }
  }

  /** One real_t component: float32, or float64 in double-precision mode. */
  #real(value: number): void {
    if (this.#double) this.#w.f64(value);
    else this.#w.f32(value);
  }

  variant(value: unknown, depth: number): void {
    if (depth > MAX_RECURSION_DEPTH) throw tooDeep();
    const w = this.#w;
    // The commonest values first, written straight into the DataView; every
    // other value goes to #anyType. At 562 bytes of bytecode on Node 20 this
    // is past what V8 inlines (460), so the container loops write their
    // commonest elements themselves; made small enough to inline (the
    // objects' branch out of line), it measured within noise (2026-12-06).
    switch (typeof value) {
      case 'string':
        w.u32(this.#stringWord);
        return w.string(value);
      case 'number':
        if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) {
          w.reserve(8);
          w.view.setUint32(w.pos, this.#intWord, true);
          w.view.setInt32(w.pos + 4, value, true);
          w.pos += 8;
          return;
        }
        // Not integral: a float (ints past 32 bits take the general path).
        if (!Number.isInteger(value)) return this.#float(value);
        break;
      case 'object': {
        // Plain arrays first, known by Array.isArray (a type check V8 compiles
        // in place) and their `constructor` (a cached load; a TypedArray's is
        // its own class): Object.getPrototypeOf is a call here, 41% of
        // encoding a 100-deep array. Then Vector2s, StringNames and plain
        // objects, known by their prototype (values from another copy of
        // gdwire go the general way).
        if (Array.isArray(value) && value.constructor === Array) {
          return this.#untypedArray(value, depth);
        }
        const proto = value === null ? null : Object.getPrototypeOf(value);
        if (proto === VECTOR2_PROTOTYPE && !this.#double) {
          const v = value as Vector2;
          w.reserve(12);
          w.view.setUint32(w.pos, this.#vector2Word, true);
          w.view.setFloat32(w.pos + 4, v.x, true);
          w.view.setFloat32(w.pos + 8, v.y, true);
          w.pos += 12;
          return;
        }
        if (proto === STRING_NAME_PROTOTYPE && this.#stringNameWord !== undefined) {
          w.u32(this.#stringNameWord);
          return w.string((value as StringName).value);
        }
        if (proto === Object.prototype) {
          w.u32(this.#dictionaryWord);
          return this.#record(value as Record<string, unknown>, depth);
        }
      }
    }
    this.#anyType(value, depth);
  }

  /**
   * Every value `variant()` does not write itself: its Godot type, then the
   * values that nest (they skip #leaf: its frame is large, and a value nested
   * 1024 levels deep, Godot's limit, keeps one chain of frames per level on
   * the JavaScript stack), then one case per type.
   */
  #anyType(value: unknown, depth: number): void {
    const type = typeOfVariant(value);
    if (type === undefined) throw this.#noType(value);
    if (type === VariantType.DICTIONARY) {
      return this.#dictionary(
        value as Dictionary | Map<unknown, unknown> | Record<string, unknown>,
        depth,
      );
    }
    if (type === VariantType.ARRAY) return this.#array(value as unknown[], depth);
    if (type === VariantType.OBJECT)
      return this.#object(value as EncodedObjectAsID | GodotObject, depth);
    this.#leaf(value, type);
  }

  /** A value of a type that does not nest (OBJECT, DICTIONARY and ARRAY are written by #anyType). */
  #leaf(value: unknown, type: VariantType): void {
    const w = this.#w;
    switch (type) {
      case VariantType.NIL:
        return this.#header(type);
      case VariantType.BOOL:
        return this.#bool(Boolean(value));
      case VariantType.INT:
        return this.#int(value as number | bigint);
      case VariantType.FLOAT:
        return this.#float(value as number | Float);
      case VariantType.STRING:
        this.#header(type);
        return w.string(value as string);
      case VariantType.VECTOR2: {
        const v = value as Vector2;
        this.#header(type, this.#realFlag);
        this.#real(v.x);
        return this.#real(v.y);
      }
      case VariantType.VECTOR2I: {
        const v = value as Vector2i;
        this.#header(type);
        w.i32(v.x);
        return w.i32(v.y);
      }
      case VariantType.RECT2: {
        const r = value as Rect2;
        this.#header(type, this.#realFlag);
        return this.#reals(r.x, r.y, r.width, r.height);
      }
      case VariantType.RECT2I: {
        const r = value as Rect2i;
        this.#header(type);
        return this.#ints(r.x, r.y, r.width, r.height);
      }
      case VariantType.VECTOR3: {
        const v = value as Vector3;
        this.#header(type, this.#realFlag);
        this.#real(v.x);
        this.#real(v.y);
        return this.#real(v.z);
      }
      case VariantType.VECTOR3I: {
        const v = value as Vector3i;
        this.#header(type);
        return this.#ints(v.x, v.y, v.z);
      }
      case VariantType.TRANSFORM2D: {
        const t = value as Transform2D;
        this.#header(type, this.#realFlag);
        return this.#reals(t.x.x, t.x.y, t.y.x, t.y.y, t.origin.x, t.origin.y);
      }
      case VariantType.VECTOR4: {
        const v = value as Vector4;
        this.#header(type, this.#realFlag);
        return this.#reals(v.x, v.y, v.z, v.w);
      }
      case VariantType.VECTOR4I: {
        const v = value as Vector4i;
        this.#header(type);
        return this.#ints(v.x, v.y, v.z, v.w);
      }
      case VariantType.PLANE: {
        const p = value as Plane;
        this.#header(type, this.#realFlag);
        return this.#reals(p.x, p.y, p.z, p.d);
      }
      case VariantType.QUATERNION: {
        const q = value as Quaternion;
        this.#header(type, this.#realFlag);
        return this.#reals(q.x, q.y, q.z, q.w);
      }
      case VariantType.AABB: {
        const b = value as AABB;
        this.#header(type, this.#realFlag);
        return this.#reals(b.x, b.y, b.z, b.width, b.height, b.depth);
      }
      case VariantType.BASIS:
        this.#header(type, this.#realFlag);
        return this.#basisRows(value as Basis);
      case VariantType.TRANSFORM3D: {
        const t = value as Transform3D;
        this.#header(type, this.#realFlag);
        this.#basisRows(t.basis);
        return this.#reals(t.origin.x, t.origin.y, t.origin.z);
      }
      case VariantType.PROJECTION: {
        const p = value as Projection;
        this.#header(type, this.#realFlag);
        for (const c of [p.x, p.y, p.z, p.w]) this.#reals(c.x, c.y, c.z, c.w);
        return;
      }
      case VariantType.COLOR: {
        // Color is float32 even in double-precision builds.
        const c = value as Color;
        this.#header(type);
        w.f32(c.r);
        w.f32(c.g);
        w.f32(c.b);
        return w.f32(c.a);
      }
      case VariantType.STRING_NAME:
        this.#header(type);
        return w.string((value as StringName).value);
      case VariantType.NODE_PATH:
        this.#header(type);
        return this.#nodePath(value as NodePath);
      case VariantType.RID:
        this.#header(type);
        if (this.#dialect.ridHasPayload) w.u64((value as RID).id);
        return;
      case VariantType.CALLABLE:
        // Godot writes no payload for any Callable.
        return this.#header(type);
      case VariantType.SIGNAL: {
        const s = value as Signal;
        this.#header(type);
        w.string(s.name);
        return w.u64(s.objectId);
      }
      case VariantType.PACKED_BYTE_ARRAY: {
        const bytes = value as Uint8Array;
        this.#header(type);
        w.u32(bytes.length);
        return w.padded(bytes);
      }
      case VariantType.PACKED_INT32_ARRAY:
      case VariantType.PACKED_INT64_ARRAY:
      case VariantType.PACKED_FLOAT32_ARRAY:
      case VariantType.PACKED_FLOAT64_ARRAY: {
        const array = value as Int32Array | BigInt64Array | Float32Array | Float64Array;
        this.#header(type);
        w.u32(array.length);
        return this.#elements(array);
      }
      case VariantType.PACKED_STRING_ARRAY: {
        const strings = (value as PackedStringArray).values;
        this.#header(type);
        w.u32(strings.length);
        for (const s of strings) w.string(s, true);
        return;
      }
      case VariantType.PACKED_VECTOR2_ARRAY:
      case VariantType.PACKED_VECTOR3_ARRAY:
      case VariantType.PACKED_VECTOR4_ARRAY: {
        const packed = value as PackedStructArray<unknown>;
        this.#header(type, this.#realFlag);
        w.u32(packed.length);
        return this.#realElements(packed.data, this.#realFlag !== 0);
      }
      case VariantType.PACKED_COLOR_ARRAY: {
        const packed = value as PackedStructArray<unknown>;
        this.#header(type);
        w.u32(packed.length);
        return this.#realElements(packed.data, false);
      }
    }
  }

  #header(type: VariantType, flags = 0): void {
    const id = this.#wire[type];
    if (id === undefined) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        `${typeName(type)} has no ${this.#dialect.name === 'godot3' ? 'Godot 3' : 'wire'} type; it cannot be sent in the ${this.#dialect.name} dialect`,
      );
    }
    this.#w.u32(id | flags);
  }

  #noType(value: unknown): GdwireError {
    const what =
      typeof value === 'object' && value !== null
        ? (Object.getPrototypeOf(value)?.constructor?.name ?? 'object')
        : typeof value;
    return new GdwireError(
      GodotError.ERR_INVALID_PARAMETER,
      `a ${what} value has no Godot Variant type`,
    );
  }

  /** INT: int32 unless the value needs 64 bits (spec §3.3). */
  #int(value: number | bigint): void {
    if (typeof value === 'bigint') {
      if (value < INT64_MIN || value > INT64_MAX) {
        throw new GdwireError(
          GodotError.ERR_PARAMETER_RANGE_ERROR,
          `the bigint ${value} is outside Godot's int range (int64)`,
        );
      }
      if (value >= INT32_MIN && value <= INT32_MAX) value = Number(value);
    }
    if (typeof value === 'number' && value >= INT32_MIN && value <= INT32_MAX) {
      this.#header(VariantType.INT);
      this.#w.i32(value);
    } else {
      this.#header(VariantType.INT, FLAG_64);
      this.#w.i64(value);
    }
  }

  /** FLOAT: float32 when that keeps the value exactly, else float64 (NaN always 64). */
  #float(value: number | Float): void {
    const w = this.#w;
    if (typeof value !== 'number') {
      if (value.nanBits !== undefined) {
        this.#header(VariantType.FLOAT, FLAG_64);
        return w.u64(value.nanBits);
      }
      value = value.value;
    }
    // Godot sends a float as 64 bits unless float32 holds it exactly.
    if (Math.fround(value) === value) {
      w.reserve(8);
      w.view.setUint32(w.pos, this.#floatWord, true);
      w.view.setFloat32(w.pos + 4, value, true);
      w.pos += 8;
    } else {
      w.reserve(12);
      w.view.setUint32(w.pos, this.#floatWord | FLAG_64, true);
      w.view.setFloat64(w.pos + 4, value, true);
      w.pos += 12;
    }
  }

  #reals(...values: number[]): void {
    for (const v of values) this.#real(v);
  }

  #ints(...values: number[]): void {
    for (const v of values) this.#w.i32(v);
  }

  /** Godot stores Basis rows; our Basis holds GDScript's columns x, y, z. */
  #basisRows(b: Basis): void {
    this.#reals(b.x.x, b.y.x, b.z.x, b.x.y, b.y.y, b.z.y, b.x.z, b.y.z, b.z.z);
  }

  /**
   * NodePath: name count with bit 31 (the "new format" mark), subname count,
   * flags (bit 0 absolute), then every name and subname. Godot ≤ 4.6.2 leaves
   * the padding after these strings unwritten (garbage); we write zeros, as
   * 4.6.3 and 4.7 do.
   */
  #nodePath(path: NodePath): void {
    const w = this.#w;
    w.u32((path.names.length | 0x80000000) >>> 0);
    w.u32(path.subnames.length);
    w.u32(path.absolute ? 1 : 0);
    for (const name of path.names) w.string(name);
    for (const name of path.subnames) w.string(name);
  }

  #object(value: EncodedObjectAsID | GodotObject, depth: number): void {
    const w = this.#w;
    if (isClass<EncodedObjectAsID>(value, 'EncodedObjectAsID')) {
      this.#header(VariantType.OBJECT, FLAG_64);
      return w.u64(value.objectId);
    }
    if (!this.#fullObjects) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        `the ${value.className || 'unnamed'} object can only be sent with fullObjects: true (send an EncodedObjectAsID to refer to an object by id)`,
      );
    }
    if (value.className === '') {
      throw new GdwireError(GodotError.ERR_INVALID_PARAMETER, 'a full object needs a class name');
    }
    this.#header(VariantType.OBJECT);
    w.string(value.className);
    w.u32(value.properties.size);
    for (const [name, property] of value.properties) {
      w.string(name);
      if (
        name === 'script' &&
        this.#dialect.scriptProperty &&
        property !== null &&
        property !== undefined
      ) {
        this.#scriptPath(property, `the script of a ${value.className}`);
      }
      this.variant(property, depth + 1);
    }
  }

  /** Godot refuses to send a script that is not a saved `res://` resource. */
  #scriptPath(path: unknown, what: string): string {
    if (typeof path !== 'string' || path === '' || !path.startsWith('res://')) {
      throw new GdwireError(
        GodotError.ERR_UNAVAILABLE,
        `${what} must be a non-empty res:// path, got ${JSON.stringify(path)}`,
      );
    }
    return path;
  }

  #dictionary(
    value: Dictionary | Map<unknown, unknown> | Record<string, unknown>,
    depth: number,
  ): void {
    const w = this.#w;
    if (isClass<Dictionary>(value, 'Dictionary')) {
      const keyKind = this.#containerKind(value.keyType);
      const valueKind = this.#containerKind(value.valueType);
      this.#header(VariantType.DICTIONARY, (keyKind << 16) | (valueKind << 18));
      this.#containerType(value.keyType, keyKind);
      this.#containerType(value.valueType, valueKind);
      const size = value.size;
      w.u32(size);
      const typed =
        value.keyType.type !== VariantType.NIL || value.valueType.type !== VariantType.NIL;
      for (let i = 0; i < size; i++) {
        // Untyped entries skip #element: one frame less per level of nesting.
        if (typed) {
          this.#element(value.keyAt(i), depth + 1, value.keyType);
          this.#element(value.valueAt(i), depth + 1, value.valueType);
        } else {
          this.variant(value.keyAt(i), depth + 1);
          this.variant(value.valueAt(i), depth + 1);
        }
      }
      return;
    }
    this.#header(VariantType.DICTIONARY);
    if (value instanceof Map) {
      w.u32(value.size);
      for (const [k, v] of value) {
        this.variant(k, depth + 1);
        this.variant(v, depth + 1);
      }
      return;
    }
    this.#record(value, depth);
  }

  /** A plain object's own enumerable string keys and their values, after the Dictionary header. */
  #record(value: Record<string, unknown>, depth: number): void {
    const w = this.#w;
    // The count is patched in afterwards, so no array of keys is made.
    w.reserve(4);
    const countAt = w.pos;
    w.pos += 4;
    let count = 0;
    const memo = depth < MEMO_DEPTHS ? (this.#keyMemos[depth] ?? this.#newMemo(depth)) : undefined;
    for (const k in value) {
      // Spelled out so that V8 sees hasOwnProperty on the for-in key and makes it
      // a check of the object's shape; Object.hasOwn, or the method held in a
      // variable, stays a call (an eighth of a snapshot's encode time on Node 20).
      // biome-ignore lint/suspicious/noPrototypeBuiltins: the form V8 optimizes, see above
      if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
      if (memo !== undefined && count < MEMO_KEYS) {
        if (memo.keys[count] === k) this.#memoKey(memo, count);
        else if ((++memo.misses & 7) === 0) this.#rememberKey(memo, count, k, depth);
        else this.variant(k, depth + 1);
      } else this.variant(k, depth + 1);
      // Bools and nulls (a record's flags and "none"s) without variant()'s dispatch.
      const v = value[k];
      if (typeof v === 'boolean') this.#bool(v);
      else if (v === null) w.u32(this.#nilWord);
      else this.variant(v, depth + 1);
      count++;
    }
    w.view.setUint32(countAt, count, true);
  }

  #newMemo(depth: number): KeyMemo {
    const memo = new KeyMemo();
    this.#keyMemos[depth] = memo;
    return memo;
  }

  /** Writes key `j` of `memo` from its remembered chunks. */
  #memoKey(memo: KeyMemo, j: number): void {
    const w = this.#w;
    const size = memo.sizes[j]!;
    w.reserve(size);
    const view = w.view;
    const at = w.pos;
    const chunks = memo.chunks;
    // The first and last chunks straight (most keys have no other), then any between.
    const first = j * KEY_CHUNKS;
    const last = lastChunk(first, size);
    view.setFloat64(at, chunks[first]!, true);
    view.setFloat64(at + size - 8, chunks[last]!, true);
    for (let c = first + 1, p = at + 8; c < last; c++, p += 8) view.setFloat64(p, chunks[c]!, true);
    w.pos = at + size;
  }

  /** Writes `key` as key `j` of an object, and remembers its block there when it fits. */
  #rememberKey(memo: KeyMemo, j: number, key: string, depth: number): void {
    const w = this.#w;
    const start = w.pos;
    this.variant(key, depth + 1);
    const size = w.pos - start;
    // A longer key is written each time; the slot keeps what it holds.
    if (size > KEY_BYTES) return;
    memo.keys[j] = undefined; // until its new chunks are all in
    // False only for a JS key holding NULs (Godot's Strings hold none), which
    // is then written each time, as a longer one is: the slot stays empty.
    if (!readStringChunks(w.view, start, size, memo.chunks, j * KEY_CHUNKS)) return;
    memo.sizes[j] = size;
    memo.keys[j] = key;
  }

  #array(value: unknown[], depth: number): void {
    const elementType =
      classOf(value) === 'TypedArray' ? (value as TypedArray).elementType : undefined;
    if (elementType === undefined || elementType.type === VariantType.NIL)
      return this.#untypedArray(value, depth);
    const kind = this.#containerKind(elementType);
    this.#header(VariantType.ARRAY, kind << 16);
    this.#containerType(elementType, kind);
    this.#w.u32(value.length);
    for (let i = 0; i < value.length; i++) this.#element(value[i], depth + 1, elementType);
  }

  /** An Array without an element type; plain JS arrays come here straight from variant(). */
  #untypedArray(value: unknown[], depth: number): void {
    const w = this.#w;
    w.reserve(8);
    w.view.setUint32(w.pos, this.#arrayWord, true);
    w.view.setUint32(w.pos + 4, value.length, true);
    w.pos += 8;
    // The elements are one level deeper, and Godot refuses any value, an int
    // too, past its depth limit; #scalarElements writes some without
    // variant(), which would throw at the first one.
    if (depth >= MAX_RECURSION_DEPTH && value.length > 0) throw tooDeep();
    // Arrays that start with a number, bool or null take #scalarElements,
    // those that start with a String #stringElements; objects (nested
    // Arrays, records) keep the loop below.
    const first = value[0];
    if (typeof first === 'string') return this.#stringElements(value, depth);
    if (typeof first !== 'object' || first === null) return this.#scalarElements(value, depth);
    for (let i = 0; i < value.length; i++) this.variant(value[i], depth + 1);
  }

  /**
   * The elements of an untyped Array whose first is a String (names, tags,
   * lines of chat): Strings are written here, anything else by variant().
   * A loop of its own keeps the String writer inlined here however V8 has
   * settled variant(), where it is one case among many: an Array of short
   * Strings encoded at 0.83x when records' keys stopped going through it.
   */
  #stringElements(value: unknown[], depth: number): void {
    const w = this.#w;
    for (let i = 0; i < value.length; i++) {
      const element = value[i];
      if (typeof element === 'string') {
        w.u32(this.#stringWord);
        w.string(element);
      } else this.variant(element, depth + 1);
    }
  }

  /**
   * The elements of an untyped Array whose first is a number, a bool or
   * null: such Arrays (ids, timestamps, flags, samples) are mostly of one
   * kind, and this loop writes those itself, without going through
   * variant()'s dispatch per element; anything else goes there. Picked by the
   * first element, so that Arrays of Strings or objects keep their own loop:
   * checks per element there cost them a tenth of their speed.
   */
  #scalarElements(value: unknown[], depth: number): void {
    const w = this.#w;
    for (let i = 0; i < value.length; i++) {
      const element = value[i];
      if (typeof element === 'number') {
        if ((element | 0) !== element) this.#number(element);
        else {
          w.reserve(8);
          w.view.setUint32(w.pos, this.#intWord, true);
          w.view.setInt32(w.pos + 4, element, true);
          w.pos += 8;
        }
      } else if (typeof element === 'boolean') this.#bool(element);
      else if (element === null) w.u32(this.#nilWord);
      else this.variant(element, depth + 1);
    }
  }

  /** A bool: its header, then 1 or 0 as a 32-bit word. */
  #bool(value: boolean): void {
    const w = this.#w;
    w.reserve(8);
    w.view.setUint32(w.pos, this.#boolWord, true);
    w.view.setUint32(w.pos + 4, value ? 1 : 0, true);
    w.pos += 8;
  }

  /** A number that is not a 32-bit int: a 64-bit int or a float, as typeOfVariant types it. */
  #number(value: number): void {
    const w = this.#w;
    if (typeOfVariant(value) === VariantType.INT) {
      return w.wordAndI64(this.#intWord | FLAG_64, value);
    }
    this.#float(value);
  }

  /**
   * An element of a typed container. Plain JS values take the container's
   * type where JS cannot tell: integral numbers in an `Array[float]` are sent
   * as floats, strings in an `Array[StringName]` as StringNames, which is what
   * Godot itself would store.
   */
  #element(value: unknown, depth: number, t: ContainerType | undefined): void {
    if (typeof value === 'number' && t?.type === VariantType.FLOAT) return this.#float(value);
    if (typeof value === 'string' && t?.type === VariantType.STRING_NAME) {
      this.#header(VariantType.STRING_NAME);
      return this.#w.string(value);
    }
    this.variant(value, depth);
  }

  /**
   * How Godot describes a container's element type (spec §3.8). Without full
   * objects, class- and script-typed containers are announced as
   * `EncodedObjectAsID`, since their objects travel as ids.
   */
  #containerKind(t: ContainerType): ContainerKind {
    if (t.type === VariantType.NIL || !this.#dialect.typedContainers) return ContainerKind.NONE;
    if (t.script !== undefined && this.#fullObjects) return ContainerKind.SCRIPT;
    if (t.className !== undefined || t.script !== undefined) return ContainerKind.CLASS_NAME;
    return ContainerKind.BUILTIN;
  }

  #containerType(t: ContainerType, kind: ContainerKind): void {
    switch (kind) {
      case ContainerKind.BUILTIN:
        return this.#w.u32(t.type);
      case ContainerKind.CLASS_NAME:
        return this.#w.string(
          this.#fullObjects ? (t.className ?? ENCODED_OBJECT_AS_ID) : ENCODED_OBJECT_AS_ID,
        );
      case ContainerKind.SCRIPT:
        return this.#w.string(this.#scriptPath(t.script, 'a typed container script'));
    }
  }

  #elements(array: Int32Array | BigInt64Array | Float32Array | Float64Array): void {
    const w = this.#w;
    w.reserve(array.byteLength);
    if (LITTLE_ENDIAN_HOST) {
      w.bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), w.pos);
      w.pos += array.byteLength;
    } else if (array instanceof BigInt64Array) {
      for (const v of array) w.i64(v);
    } else if (array instanceof Int32Array) {
      for (const v of array) w.i32(v);
    } else if (array instanceof Float32Array) {
      for (const v of array) w.f32(v);
    } else {
      for (const v of array) w.f64(v);
    }
  }

  /** Packed vector/color components, converted when the stored precision differs. */
  #realElements(data: Float32Array | Float64Array, double: boolean): void {
    if (double === data instanceof Float64Array) return this.#elements(data);
    const w = this.#w;
    w.reserve(data.length * (double ? 8 : 4));
    for (const v of data) double ? w.f64(v) : w.f32(v);
  }
}

/** Encoders by option set, one bit per option (as decoders are); they keep no per-value state. */
const encoders: (Encoder | undefined)[] = [];
function encoderFor(options: EncodeOptions | undefined): Encoder {
  const key =
    options === undefined
      ? 0
      : dialectRules(options.dialect).id |
        (options.fullObjects ? 2 : 0) |
        (options.realIsDouble ? 4 : 0);
  return (encoders[key] ??= new Encoder(options));
}

/**
 * varToBytes writes into a 64 KiB slab and returns a view of the bytes it
 * wrote; the next call writes after them, so earlier results stay intact, and
 * a fresh slab is started when little room is left. Most encodes thus cost no
 * allocation but the small view (as Node's pooled Buffers and msgpackr do).
 * A value that outgrows the slab gets a buffer of its own, and after a large
 * value the next slab is sized for one like it and used for that call only
 * (so a big buffer is never kept for small results). A re-entrant call
 * (a getter that encodes while we encode) gets a writer of its own.
 * encodeInto likewise reuses one writer over the caller's buffers.
 */
const SLAB = 64 * 1024;
const SLAB_MIN_ROOM = 4096;
const scratch = new ByteWriter(new Uint8Array(SLAB), 0, true);
let slabEnd = 0;
/** Size of the last result: the next value is likely alike, so leave room for two of them. */
let lastSize = 0;
let scratchBusy = false;
const fixed = new ByteWriter(new Uint8Array(0), 0, false);
let fixedBusy = false;

/**
 * Encodes a value the way Godot's `var_to_bytes` does (or
 * `var_to_bytes_with_objects` with `fullObjects: true`). Godot returns an empty
 * array on failure; gdwire throws a {@link GdwireError} with Godot's code.
 *
 * The result may share its `ArrayBuffer` with other results, like Node's
 * pooled Buffers: use `.slice()` when you need a buffer of its own (to
 * transfer it to a worker, say).
 *
 * @example
 * ```ts
 * import { varToBytes, Vector2 } from '@gdwire/variant-codec';
 * const bytes = varToBytes({ hp: 100, pos: new Vector2(1, 2) });
 * // GDScript: bytes_to_var(bytes) == {"hp": 100, "pos": Vector2(1, 2)}
 * ```
 */
export function varToBytes(value: VariantInput, options?: EncodeOptions): Uint8Array {
  if (scratchBusy) {
    const own = new ByteWriter(new Uint8Array(256), 0, true);
    encoderFor(options).encode(own, value);
    return own.bytes.slice(0, own.pos);
  }
  const room = Math.max(SLAB_MIN_ROOM, 2 * lastSize);
  if (scratch.bytes.length - slabEnd < room) {
    // A fresh slab; a large value gets one its own size (as much as a copy would cost).
    scratch.reset(new Uint8Array(Math.max(SLAB, lastSize + SLAB_MIN_ROOM)), 0, true);
    slabEnd = 0;
  }
  const slab = scratch.bytes;
  const start = slabEnd;
  const writer = scratch.reset(slab, start, true);
  scratchBusy = true;
  try {
    encoderFor(options).encode(writer, value);
    const result = writer.bytes.subarray(start, writer.pos);
    lastSize = writer.pos - start;
    if (slab.length > SLAB) {
      // A slab sized for one large value serves that call alone (the next one
      // starts afresh), and a small result is copied out so that it does not
      // keep the big buffer alive.
      const inSlab = writer.bytes === slab;
      if (!inSlab) scratch.reset(slab, 0, true);
      slabEnd = slab.length;
      return inSlab && 2 * lastSize < slab.length ? result.slice() : result;
    }
    if (writer.bytes === slab) {
      slabEnd = (writer.pos + 7) & ~7; // the next result starts 8-byte aligned
    } else {
      // The value outgrew the slab: it keeps the bigger buffer; the slab goes on.
      scratch.reset(slab, 0, true);
    }
    return result;
  } catch (e) {
    if (writer.bytes !== slab) scratch.reset(slab, 0, true);
    throw e;
  } finally {
    scratchBusy = false;
  }
}

/**
 * Encodes into the caller's buffer at `offset` and returns the number of bytes
 * written. Allocates no output buffer of its own; throws ERR_OUT_OF_MEMORY
 * when the value does not fit (use {@link encodedSize} to size the buffer),
 * ERR_PARAMETER_RANGE_ERROR for an offset that is not a whole number within
 * the buffer, and ERR_INVALID_PARAMETER for a target that is not a
 * Uint8Array.
 *
 * @example
 * ```ts
 * const buf = new Uint8Array(1500);
 * const n = encodeInto({ seq: 1 }, buf);
 * socket.send(buf.subarray(0, n));
 * ```
 */
export function encodeInto(
  value: VariantInput,
  target: Uint8Array,
  offset = 0,
  options?: EncodeOptions,
): number {
  expectByteArray(target, 'the target buffer');
  if (!Number.isInteger(offset) || offset < 0 || offset > target.length) {
    throw new GdwireError(
      GodotError.ERR_PARAMETER_RANGE_ERROR,
      `offset ${offset} is outside the target buffer`,
    );
  }
  if (target !== fixed.bytes && !isPlainBuffer(target.buffer)) {
    // Written whole first (see isPlainBuffer), then copied in.
    const bytes = varToBytes(value, options);
    if (offset + bytes.length > target.length) {
      throw overflowError(offset + bytes.length, target.length, 'the target buffer');
    }
    target.set(bytes, offset);
    return bytes.length;
  }
  const reentrant = fixedBusy;
  const writer = reentrant
    ? new ByteWriter(target, offset, false)
    : fixed.reset(target, offset, false);
  fixedBusy = true;
  try {
    encoderFor(options).encode(writer, value);
    return writer.pos - offset;
  } catch (e) {
    if (e instanceof WriterOverflow) {
      throw overflowError(offset + encodedSize(value, options), target.length, 'the target buffer');
    }
    throw e;
  } finally {
    if (!reentrant) fixedBusy = false;
  }
}

/**
 * The number of bytes `varToBytes(value, options)` would produce; throws the
 * same errors it would.
 */
export function encodedSize(value: VariantInput, options?: EncodeOptions): number {
  return varToBytes(value, options).length;
}

/** `size` as an encode limit: a number of 0 or more, or Infinity; anything else is ERR_INVALID_PARAMETER. */
function checkedMaxSize(size: number): number {
  if (typeof size !== 'number' || !(size >= 0)) {
    throw new GdwireError(GodotError.ERR_INVALID_PARAMETER, `maxSize ${size} is not a size`);
  }
  return size;
}

/**
 * A reusable encoder with one output buffer that grows by doubling and is kept
 * between calls, and an optional size limit (PacketPeer's
 * `encode_buffer_max_size`). The hot path of `putVar`.
 *
 * @example
 * ```ts
 * const encoder = new VariantEncoder({ maxSize: 8 * 1024 * 1024 });
 * const view = encoder.encode({ seq: 1 }); // valid until the next encode()
 * ```
 */
export class VariantEncoder {
  readonly #options: EncodeOptions | undefined;
  #maxSize: number;
  #buffer: Uint8Array = new Uint8Array(0);
  /** One writer over #buffer, kept between calls (with its DataView); a re-entrant call makes its own. */
  readonly #writer = new ByteWriter(this.#buffer, 0, true);
  #busy = false;

  constructor(options?: EncodeOptions & { readonly maxSize?: number }) {
    this.#options = options;
    this.#maxSize = checkedMaxSize(options?.maxSize ?? Number.POSITIVE_INFINITY);
  }

  get maxSize(): number {
    return this.#maxSize;
  }

  /**
   * Changes the limit and drops the buffer, as Godot does when the limit
   * changes. A limit that is not a number of 0 or more (Infinity: none) is
   * ERR_INVALID_PARAMETER.
   */
  set maxSize(size: number) {
    this.#maxSize = checkedMaxSize(size);
    this.#buffer = new Uint8Array(0);
  }

  /**
   * Encodes `value` and returns a view of the internal buffer, valid until the
   * next call. Throws ERR_OUT_OF_MEMORY when the encoding is larger than
   * `maxSize` (after any error the value itself would raise).
   */
  encode(value: VariantInput, options: EncodeOptions | undefined = this.#options): Uint8Array {
    const reentrant = this.#busy;
    const writer = reentrant
      ? new ByteWriter(new Uint8Array(64), 0, true, this.#maxSize)
      : this.#writer.reset(this.#buffer, 0, true, this.#maxSize);
    this.#busy = true;
    try {
      encoderFor(options).encode(writer, value);
    } catch (e) {
      if (e instanceof WriterOverflow) {
        // Godot sizes the value before it checks the limit, so encode errors win.
        const size = encodedSize(value, options);
        throw overflowError(size, this.#maxSize, 'the encode buffer limit');
      }
      throw e;
    } finally {
      if (!reentrant) {
        this.#buffer = writer.bytes;
        this.#busy = false;
      }
    }
    return writer.bytes.subarray(0, writer.pos);
  }
}

import { classOf, isClass } from './brand.js';
import { orStackOverflow } from './errors.js';
import { Dictionary } from './types/dictionary.js';
import type { Float } from './types/float.js';
import type { NodePath } from './types/node-path.js';
import type { EncodedObjectAsID, GodotObject } from './types/object.js';
import type { PackedStringArray } from './types/packed-string-array.js';
import type { RID } from './types/rid.js';
import type { Signal } from './types/signal.js';
import type { StringName } from './types/string-name.js';
import type { TypedArray } from './types/typed-array.js';
import type { Vector4i } from './types/vector4i.js';
import { typeOfVariant } from './variant.js';
import { VariantType } from './variant-type.js';

/**
 * Godot's key equality (`Variant::hash_compare`), made into JS values a `Map`
 * can hold:
 * - the same type and the same value are the same key; `1` (int) and
 *   `Float(1)` (float) are not;
 * - String and StringName with the same text are the same key;
 * - NaN equals NaN and -0.0 equals 0.0, as Godot's float comparison does;
 * - containers and math types compare by value.
 *
 * Common keys (strings, ints, non-integral floats, bools, null) map to
 * themselves, so the hot path allocates nothing. Everything else maps to a
 * number or a string no primitive is (see keyIdentity).
 */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const INT64_LIMIT = 2 ** 63;

/**
 * What starts the identity of a key that is not its own (keyIdentity). A String
 * that starts with it is not its own identity either, so that no String can
 * pass for another key. Godot cuts a String it decodes at its first NUL, so
 * only a String made in JS can start with one.
 */
const NOT_PRIMITIVE = '\0';

/**
 * The value a Dictionary finds `key` by: equal for two keys exactly when
 * Godot's `hash_compare` says they are the same key. Primitives are their own
 * (see primitiveKey); a whole-number vector's is its packed components (see
 * vectorKey: a number no primitive key is, or for large components a
 * string), and any other key's is its canonical string behind a NUL, which
 * no primitive String key is either. A tile map's `Vector2i` keys thus cost
 * one number each and no lookup.
 */
export function keyIdentity(key: unknown): unknown {
  const primitive = primitiveKey(key);
  if (primitive !== undefined) return primitive;
  return vectorKey(key) ?? NOT_PRIMITIVE + canonicalKey(key);
}

/** What starts a vectorKey string: no canonicalKey text starts with U+0001. */
const VECTOR_KEY = 1;

/**
 * The identity of a vector key whose components are all int32 (a tile map's
 * `Vector2i`, a voxel grid's `Vector3i`, or a float vector holding whole
 * numbers). Where the components are small (see packedVector) it is a
 * number no primitive key is: a Map adds 256 of those in about half the
 * time it takes for short strings. Otherwise it is a string: NUL, U+0001,
 * the type id, then each component as two UTF-16 code units (a Vector3's as
 * if it had a fourth of 0: its type tells it apart from a Vector4's), made
 * by one call, where the canonical text takes a number-to-text conversion
 * and a concatenation per component. Other vectors (a fraction, NaN) take
 * the canonical text; -0 packs as 0, as Godot compares it.
 */
function vectorKey(value: unknown): number | string | undefined {
  const type = typeOfVariant(value);
  switch (type) {
    case VariantType.VECTOR2:
    case VariantType.VECTOR2I: {
      const { x, y } = value as Vector4i;
      if ((x | 0) !== x || (y | 0) !== y) return undefined;
      const a = place(x, PACK_2);
      const b = place(y, PACK_2);
      if ((a | b) >= 0) return packedVector(type, a * 2 * PACK_2 + b);
      return String.fromCharCode(0, VECTOR_KEY, type, x & 0xffff, x >>> 16, y & 0xffff, y >>> 16);
    }
    case VariantType.VECTOR3:
    case VariantType.VECTOR3I:
    case VariantType.VECTOR4:
    case VariantType.VECTOR4I: {
      const { x, y, z } = value as Vector4i;
      const w = type >= VariantType.VECTOR4 ? (value as Vector4i).w : 0;
      if ((x | 0) !== x || (y | 0) !== y || (z | 0) !== z || (w | 0) !== w) return undefined;
      // A Vector3 has no w (0 here): its place is in range and left out.
      const half = type <= VariantType.VECTOR3I ? PACK_3 : PACK_4;
      const a = place(x, half);
      const b = place(y, half);
      const c = place(z, half);
      const d = place(w, half);
      if ((a | b | c | d) >= 0) {
        const span = 2 * half;
        const xyz = (a * span + b) * span + c;
        return packedVector(type, type <= VariantType.VECTOR3I ? xyz : xyz * span + d);
      }
      return String.fromCharCode(
        0,
        VECTOR_KEY,
        type,
        x & 0xffff,
        x >>> 16,
        y & 0xffff,
        y >>> 16,
        z & 0xffff,
        z >>> 16,
        w & 0xffff,
        w >>> 16,
      );
    }
    default:
      return undefined;
  }
}

/** Components of a packed vector identity lie in [-PACK_n, PACK_n): 26, 17 and 13 bits each for 2, 3 and 4 of them (52 bits in all at most). */
const PACK_2 = 2 ** 25;
const PACK_3 = 2 ** 16;
const PACK_4 = 2 ** 12;

/** Where the int32 component `c` goes in a packed vector identity whose components lie in [-half, half): c + half, or -1 outside. */
function place(c: number, half: number): number {
  return c >= -half && c < half ? c + half : -1;
}

/**
 * A vector identity as a number: `bits` (the packed components, under
 * 2^52) behind a leading 1 bit, scaled by 2^(8 + type). Every such number is
 * a whole number of at least 2^65, which no key is its own identity as
 * (primitiveKey makes ints past 2^53 bigints, and every float past 2^53 is
 * whole), and the scale (the exponent) tells the vector types apart.
 */
function packedVector(type: VariantType, bits: number): number {
  return (TWO_52 + bits) * VECTOR_SCALES[type]!;
}
const TWO_52 = 2 ** 52;
/** 2^(8 + type) for each type id. */
const VECTOR_SCALES = Array.from(
  { length: VariantType.VECTOR4I + 1 },
  (_, type) => 2 ** (8 + type),
);

/** The Map key for a primitive-keyed Variant, or undefined when it needs a canonical string. */
export function primitiveKey(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      return value.charCodeAt(0) === 0 ? undefined : value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isInteger(value)) return value; // a float; NaN stays NaN, which a Map matches
      if (Math.abs(value) <= MAX_SAFE) return value === 0 ? 0 : value;
      // Large ints meet their bigint twins; integral floats past int64 go canonical.
      return value >= -INT64_LIMIT && value < INT64_LIMIT ? BigInt(value) : undefined;
    case 'bigint':
      return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value;
    case 'undefined':
      return null;
    case 'object':
      if (value === null) return null;
      if (classOf(value) === 'StringName') return primitiveKey((value as StringName).value);
      if (classOf(value) === 'Float' && !Number.isInteger((value as Float).value))
        return (value as Float).value;
      return undefined;
    default:
      return undefined;
  }
}

/**
 * A string that is equal for two Variants exactly when Godot's `hash_compare`
 * says they are equal. Types are part of it, so `1` and `Float(1)` differ.
 */
export function canonicalKey(value: unknown): string {
  const type = typeOfVariant(value);
  // Math values first: the commonest keys that are not primitives.
  if (type !== undefined && type >= VariantType.VECTOR2 && type <= VariantType.COLOR)
    return `${fieldsText(value, `${type}(`)})`;
  switch (type) {
    case VariantType.NIL:
      return 'n';
    case VariantType.BOOL:
      return value ? 'T' : 'F';
    case VariantType.INT:
      return `i${String(typeof value === 'number' && value === 0 ? 0 : value)}`;
    case VariantType.FLOAT:
      return `f${floatKey(classOf(value) === 'Float' ? (value as Float).value : (value as number))}`;
    case VariantType.STRING:
    case VariantType.STRING_NAME:
      return `s${JSON.stringify(String(value))}`;
    case VariantType.NODE_PATH: {
      const p = value as NodePath;
      return `p${JSON.stringify([p.names, p.subnames, p.absolute])}`;
    }
    case VariantType.RID:
      return `r${(value as RID).id}`;
    case VariantType.SIGNAL:
      return `g${(value as Signal).objectId}${JSON.stringify((value as Signal).name)}`;
    case VariantType.CALLABLE:
      return 'c';
    case VariantType.OBJECT:
      return objectKey(value as EncodedObjectAsID | GodotObject);
    case VariantType.ARRAY:
      return arrayKey(value as unknown[]);
    case VariantType.DICTIONARY:
      return dictionaryKey(Dictionary.from(value as Dictionary));
    case VariantType.PACKED_STRING_ARRAY:
      return `${type}${JSON.stringify((value as PackedStringArray).values)}`;
    case undefined:
      return `?${String(value)}`;
    default: {
      // A packed numeric array: a typed array, or vectors or colors over one.
      const numbers = ArrayBuffer.isView(value) ? value : (value as { data: Float32Array }).data;
      const text = Array.from(numbers as unknown as ArrayLike<number | bigint>, floatKey);
      return `${type}(${text.join(',')})`;
    }
  }
}

/**
 * Value equality as Godot's `hash_compare`: same type (String and StringName
 * aside), same contents, NaN equal to NaN, dictionaries compared regardless of
 * order.
 *
 * @example
 * ```ts
 * variantEquals(new Vector2(1, 2), new Vector2(1, 2)); // true
 * variantEquals(1, new Float(1));                      // false: int vs float
 * ```
 */
export function variantEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const pa = primitiveKey(a);
  const pb = primitiveKey(b);
  if (pa !== undefined && pb !== undefined) {
    return pa === pb || (Number.isNaN(pa as number) && Number.isNaN(pb as number));
  }
  try {
    return canonicalKey(a) === canonicalKey(b);
  } catch (e) {
    throw orStackOverflow(e);
  }
}

function floatKey(n: number | bigint): string {
  return typeof n === 'number' && n === 0 ? '0' : String(n);
}

function objectKey(value: EncodedObjectAsID | GodotObject): string {
  if (isClass<EncodedObjectAsID>(value, 'EncodedObjectAsID')) return `o${value.objectId}`;
  return `O${JSON.stringify(value.className)}${dictionaryKey(new Dictionary(value.properties))}`;
}

function arrayKey(value: unknown[]): string {
  const type = isClass<TypedArray>(value, 'TypedArray') ? JSON.stringify(value.elementType) : '';
  return `a${type}[${value.map(canonicalKey).join(',')}]`;
}

function dictionaryKey(dict: Dictionary): string {
  const pairs = [...dict].map(([k, v]) => `${canonicalKey(k)}:${canonicalKey(v)}`).sort();
  return `d${JSON.stringify([dict.keyType, dict.valueType])}{${pairs.join(',')}}`;
}

/**
 * `text` followed by the numbers of a math value's fields, in their order,
 * comma-separated (a Transform2D's fields are Vector2s: their numbers in
 * turn). Appended in one pass: math keys (a tile map's Vector2i) are common,
 * and collecting the numbers into arrays first made such a Dictionary decode
 * at a tenth of msgpackr's speed.
 */
function fieldsText(value: unknown, text: string): string {
  const fields = value as Record<string, unknown>;
  let separator = '';
  for (const name in fields) {
    const field = fields[name];
    if (typeof field === 'number') text = `${text}${separator}${floatKey(field)}`;
    else if (typeof field === 'object' && field !== null)
      text = fieldsText(field, `${text}${separator}`);
    else continue;
    separator = ',';
  }
  return text;
}

import { Color } from './types/color.js';
import type { ContainerType } from './types/container-type.js';
import { Float } from './types/float.js';
import { NodePath } from './types/node-path.js';
import { EncodedObjectAsID, GodotObject } from './types/object.js';
import { PackedStringArray } from './types/packed-string-array.js';
import { PackedStructArray } from './types/packed-struct-array.js';
import { Rect2 } from './types/rect2.js';
import { Rect2i } from './types/rect2i.js';
import { StringName } from './types/string-name.js';
import { Vector2 } from './types/vector2.js';
import { Vector2i } from './types/vector2i.js';
import { Vector3 } from './types/vector3.js';
import { Vector3i } from './types/vector3i.js';
import { Vector4 } from './types/vector4.js';
import { Vector4i } from './types/vector4i.js';
import type { Variant } from './variant.js';
import { VariantType as T, type VariantType } from './variant-type.js';

/** Returned for an element a typed container refuses; Godot drops it and the decode goes on. */
export const REFUSED = Symbol('refused');

const ENCODED_OBJECT_AS_ID = 'EncodedObjectAsID';
const PACKED_TYPES = new Set<VariantType>([
  T.PACKED_BYTE_ARRAY,
  T.PACKED_INT32_ARRAY,
  T.PACKED_INT64_ARRAY,
  T.PACKED_FLOAT32_ARRAY,
  T.PACKED_FLOAT64_ARRAY,
  T.PACKED_STRING_ARRAY,
  T.PACKED_VECTOR2_ARRAY,
  T.PACKED_VECTOR3_ARRAY,
  T.PACKED_COLOR_ARRAY,
  T.PACKED_VECTOR4_ARRAY,
]);

/**
 * What a typed Array (or a typed Dictionary's key) does with a decoded
 * element, as Godot 4.6 does it: same type passes; a type that
 * `Variant::can_convert_strict` allows is converted (checked against the
 * engine, see the `typed-conversion/*` fixtures); anything else is refused.
 *
 * Conversions that need Godot's matrix maths (Transform2D ← Transform3D,
 * Quaternion ↔ Basis, Transform3D ← …, Projection ← Transform3D) and
 * Color ← String (named and HTML colours) are refused instead: a documented
 * deviation, for inputs Godot itself never sends.
 */
export function validateElement(
  t: ContainerType,
  actual: VariantType,
  value: Variant,
  lossless: boolean,
): Variant | typeof REFUSED {
  if (t.type === T.NIL) return value;
  if (actual === t.type) {
    return actual === T.OBJECT && !objectFits(t, value) ? REFUSED : value;
  }
  if (actual === T.NIL && t.type === T.OBJECT) return value;
  const float = (n: number): number | Float => (lossless && Number.isInteger(n) ? new Float(n) : n);
  switch (t.type) {
    case T.BOOL:
      if (actual === T.INT || actual === T.FLOAT) return Number(numeric(value)) !== 0;
      return REFUSED;
    case T.INT:
      if (actual === T.BOOL) return value ? 1 : 0;
      if (actual === T.FLOAT) return Math.trunc(numeric(value) as number);
      return REFUSED;
    case T.FLOAT:
      if (actual === T.BOOL) return float(value ? 1 : 0);
      if (actual === T.INT) return float(Number(value));
      return REFUSED;
    case T.STRING:
      if (actual === T.STRING_NAME || actual === T.NODE_PATH) return String(value);
      return REFUSED;
    case T.STRING_NAME:
      return actual === T.STRING ? new StringName(value as string) : REFUSED;
    case T.NODE_PATH:
      return actual === T.STRING ? new NodePath(value as string) : REFUSED;
    case T.VECTOR2:
      return actual === T.VECTOR2I
        ? new Vector2((value as Vector2i).x, (value as Vector2i).y)
        : REFUSED;
    case T.VECTOR2I:
      return actual === T.VECTOR2
        ? new Vector2i(...ints((value as Vector2).x, (value as Vector2).y))
        : REFUSED;
    case T.VECTOR3:
      if (actual !== T.VECTOR3I) return REFUSED;
      return new Vector3((value as Vector3i).x, (value as Vector3i).y, (value as Vector3i).z);
    case T.VECTOR3I: {
      if (actual !== T.VECTOR3) return REFUSED;
      const v = value as Vector3;
      return new Vector3i(...ints(v.x, v.y, v.z));
    }
    case T.VECTOR4:
      if (actual !== T.VECTOR4I) return REFUSED;
      return new Vector4(...(Object.values(value as Vector4i) as [number, number, number, number]));
    case T.VECTOR4I: {
      if (actual !== T.VECTOR4) return REFUSED;
      const v = value as Vector4;
      return new Vector4i(...ints(v.x, v.y, v.z, v.w));
    }
    case T.RECT2: {
      if (actual !== T.RECT2I) return REFUSED;
      const r = value as Rect2i;
      return new Rect2(r.x, r.y, r.width, r.height);
    }
    case T.RECT2I: {
      if (actual !== T.RECT2) return REFUSED;
      const r = value as Rect2;
      return new Rect2i(...ints(r.x, r.y, r.width, r.height));
    }
    case T.COLOR: {
      // Color(int) reads 0xRRGGBBAA, each channel / 255, stored as float32.
      if (actual !== T.INT) return REFUSED;
      const rgba = BigInt.asUintN(32, BigInt(value as number | bigint));
      const channel = (shift: bigint) => Math.fround(Number((rgba >> shift) & 0xffn) / 255);
      return new Color(channel(24n), channel(16n), channel(8n), channel(0n));
    }
    case T.ARRAY:
      return PACKED_TYPES.has(actual) ? packedToArray(value, lossless) : REFUSED;
    default:
      return REFUSED;
  }
}

function numeric(value: Variant): number | bigint {
  return value instanceof Float ? value.value : (value as number | bigint);
}

/** Godot's float → int32 conversion for the integer vector types: truncation toward zero. */
function ints<N extends number[]>(...values: N): N {
  return values.map((v) => Math.trunc(v) | 0) as N;
}

function packedToArray(value: Variant, lossless: boolean): Variant[] {
  if (value instanceof PackedStringArray) return [...value.values];
  if (value instanceof PackedStructArray) return [...(value as PackedStructArray<Variant>)];
  if (value instanceof BigInt64Array) {
    return Array.from(value, (n) => (n >= -(2n ** 53n) && n <= 2n ** 53n ? Number(n) : n));
  }
  if (value instanceof Float32Array || value instanceof Float64Array) {
    return Array.from(value, (n) => (lossless && Number.isInteger(n) ? new Float(n) : n));
  }
  return Array.from(value as Uint8Array | Int32Array);
}

/**
 * Whether an object may sit in an object-typed container. gdwire knows no
 * class hierarchy, so it checks what it can: an id reference only fits a
 * container of `EncodedObjectAsID` (or `Object`/`RefCounted`), and a full
 * object fits any class but `EncodedObjectAsID`.
 */
function objectFits(t: ContainerType, value: Variant): boolean {
  if (t.script !== undefined) return value instanceof GodotObject;
  const className = t.className ?? 'Object';
  if (value instanceof EncodedObjectAsID) {
    return (
      className === ENCODED_OBJECT_AS_ID || className === 'Object' || className === 'RefCounted'
    );
  }
  return (
    className !== ENCODED_OBJECT_AS_ID ||
    (value instanceof GodotObject && value.className === className)
  );
}

import { markedType, NOT_BRANDED, namedType } from './brand.js';
import { AABB } from './types/aabb.js';
import { Basis } from './types/basis.js';
import { Callable } from './types/callable.js';
import { Color } from './types/color.js';
import { Dictionary } from './types/dictionary.js';
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
import { TypedArray } from './types/typed-array.js';
import { Vector2 } from './types/vector2.js';
import { Vector2i } from './types/vector2i.js';
import { Vector3 } from './types/vector3.js';
import { Vector3i } from './types/vector3i.js';
import { Vector4 } from './types/vector4.js';
import { Vector4i } from './types/vector4i.js';
import { VariantType } from './variant-type.js';

/**
 * A decoded Godot Variant, as JavaScript sees it (see the package README's
 * mapping table). `null` is NIL; `number` is `int` when integral and `float`
 * otherwise; `bigint` is an `int` beyond ±2^53; `Float` is a float that
 * happens to be integral (lossless mode).
 */
export type Variant =
  | null
  | boolean
  | number
  | bigint
  | string
  | Float
  | Vector2
  | Vector2i
  | Rect2
  | Rect2i
  | Vector3
  | Vector3i
  | Transform2D
  | Vector4
  | Vector4i
  | Plane
  | Quaternion
  | AABB
  | Basis
  | Transform3D
  | Projection
  | Color
  | StringName
  | NodePath
  | RID
  | EncodedObjectAsID
  | GodotObject
  | Callable
  | Signal
  | Dictionary
  | Variant[]
  | Uint8Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | PackedStringArray
  | PackedVector2Array
  | PackedVector3Array
  | PackedColorArray
  | PackedVector4Array;

/**
 * What the encoder accepts: every {@link Variant}, plus `undefined` (NIL), a
 * `Map` (Dictionary with any keys) and plain objects (Dictionary with String
 * keys in property order), nested freely.
 */
export type VariantInput =
  | Variant
  | undefined
  | readonly VariantInput[]
  | ReadonlyMap<VariantInput, VariantInput>
  | { readonly [key: string]: VariantInput };

const INT64_LIMIT = 2 ** 63;

/**
 * Class → Variant type, for the classes this package defines and the JS
 * built-ins it maps. Built on first use: Dictionary and this module import
 * each other.
 */
let classTypes: Map<unknown, VariantType> | undefined;
const CLASS_TYPES = (): Map<unknown, VariantType> =>
  (classTypes ??= new Map<unknown, VariantType>([
    [Float, VariantType.FLOAT],
    [Vector2, VariantType.VECTOR2],
    [Vector2i, VariantType.VECTOR2I],
    [Rect2, VariantType.RECT2],
    [Rect2i, VariantType.RECT2I],
    [Vector3, VariantType.VECTOR3],
    [Vector3i, VariantType.VECTOR3I],
    [Transform2D, VariantType.TRANSFORM2D],
    [Vector4, VariantType.VECTOR4],
    [Vector4i, VariantType.VECTOR4I],
    [Plane, VariantType.PLANE],
    [Quaternion, VariantType.QUATERNION],
    [AABB, VariantType.AABB],
    [Basis, VariantType.BASIS],
    [Transform3D, VariantType.TRANSFORM3D],
    [Projection, VariantType.PROJECTION],
    [Color, VariantType.COLOR],
    [StringName, VariantType.STRING_NAME],
    [NodePath, VariantType.NODE_PATH],
    [RID, VariantType.RID],
    [EncodedObjectAsID, VariantType.OBJECT],
    [GodotObject, VariantType.OBJECT],
    [Callable, VariantType.CALLABLE],
    [Signal, VariantType.SIGNAL],
    [Dictionary, VariantType.DICTIONARY],
    [Map, VariantType.DICTIONARY],
    [Object, VariantType.DICTIONARY],
    [Array, VariantType.ARRAY],
    [TypedArray, VariantType.ARRAY],
    [Uint8Array, VariantType.PACKED_BYTE_ARRAY],
    [Int32Array, VariantType.PACKED_INT32_ARRAY],
    [BigInt64Array, VariantType.PACKED_INT64_ARRAY],
    [Float32Array, VariantType.PACKED_FLOAT32_ARRAY],
    [Float64Array, VariantType.PACKED_FLOAT64_ARRAY],
    [PackedStringArray, VariantType.PACKED_STRING_ARRAY],
    [PackedVector2Array, VariantType.PACKED_VECTOR2_ARRAY],
    [PackedVector3Array, VariantType.PACKED_VECTOR3_ARRAY],
    [PackedColorArray, VariantType.PACKED_COLOR_ARRAY],
    [PackedVector4Array, VariantType.PACKED_VECTOR4_ARRAY],
  ]));

/**
 * The Godot type a JS value is sent as, or `undefined` when it has none
 * (functions, symbols, class instances gdwire does not know, other typed arrays).
 *
 * @example
 * ```ts
 * typeOfVariant(100);          // VariantType.INT
 * typeOfVariant(1.5);          // VariantType.FLOAT
 * typeOfVariant({ hp: 100 });  // VariantType.DICTIONARY
 * ```
 */
export function typeOfVariant(value: unknown): VariantType | undefined {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) && value >= -INT64_LIMIT && value < INT64_LIMIT
        ? VariantType.INT
        : VariantType.FLOAT;
    case 'string':
      return VariantType.STRING;
    case 'boolean':
      return VariantType.BOOL;
    case 'bigint':
      return VariantType.INT;
    case 'undefined':
      return VariantType.NIL;
    case 'object': {
      if (value === null) return VariantType.NIL;
      // Kept small for V8 to inline: the rest is out of line.
      return markedType(value) ?? typeOfUnmarked(value);
    }
    default:
      return undefined;
  }
}

/** An object without a type mark: a value of an older copy of gdwire, or a JS class gdwire maps. */
function typeOfUnmarked(value: object): VariantType | undefined {
  const named = namedType(value);
  if (named !== NOT_BRANDED) return named;
  const prototype = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  if (prototype === null) return VariantType.DICTIONARY;
  const direct = CLASS_TYPES().get(prototype.constructor);
  if (direct !== undefined) return direct;
  return typeOfSubclass(value);
}

/** Subclasses of the mapped classes (Node's Buffer is a Uint8Array, for one). */
function typeOfSubclass(value: object): VariantType | undefined {
  for (const [kind, type] of CLASS_TYPES()) {
    if (kind !== Object && value instanceof (kind as abstract new () => unknown)) {
      return type;
    }
  }
  return undefined;
}

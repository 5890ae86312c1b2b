/**
 * Godot 4's Variant type ids (core/variant/variant.h), and each type's name as
 * Godot's `type_string()` prints it. The wire ids of other dialects are in
 * dialect.ts; everything inside the codec speaks these ids.
 */
const TYPE_NAMES = [
  'Nil',
  'bool',
  'int',
  'float',
  'String',
  'Vector2',
  'Vector2i',
  'Rect2',
  'Rect2i',
  'Vector3',
  'Vector3i',
  'Transform2D',
  'Vector4',
  'Vector4i',
  'Plane',
  'Quaternion',
  'AABB',
  'Basis',
  'Transform3D',
  'Projection',
  'Color',
  'StringName',
  'NodePath',
  'RID',
  'Object',
  'Callable',
  'Signal',
  'Dictionary',
  'Array',
  'PackedByteArray',
  'PackedInt32Array',
  'PackedInt64Array',
  'PackedFloat32Array',
  'PackedFloat64Array',
  'PackedStringArray',
  'PackedVector2Array',
  'PackedVector3Array',
  'PackedColorArray',
  'PackedVector4Array',
] as const;

/**
 * Godot 4's `Variant.Type` ids, e.g. `VariantType.VECTOR2 === 5`.
 *
 * @example
 * ```ts
 * import { VariantType, typeOfVariant } from '@gdwire/variant-codec';
 * typeOfVariant(new Vector2(1, 2)) === VariantType.VECTOR2; // true
 * ```
 */
export const VariantType = {
  NIL: 0,
  BOOL: 1,
  INT: 2,
  FLOAT: 3,
  STRING: 4,
  VECTOR2: 5,
  VECTOR2I: 6,
  RECT2: 7,
  RECT2I: 8,
  VECTOR3: 9,
  VECTOR3I: 10,
  TRANSFORM2D: 11,
  VECTOR4: 12,
  VECTOR4I: 13,
  PLANE: 14,
  QUATERNION: 15,
  AABB: 16,
  BASIS: 17,
  TRANSFORM3D: 18,
  PROJECTION: 19,
  COLOR: 20,
  STRING_NAME: 21,
  NODE_PATH: 22,
  RID: 23,
  OBJECT: 24,
  CALLABLE: 25,
  SIGNAL: 26,
  DICTIONARY: 27,
  ARRAY: 28,
  PACKED_BYTE_ARRAY: 29,
  PACKED_INT32_ARRAY: 30,
  PACKED_INT64_ARRAY: 31,
  PACKED_FLOAT32_ARRAY: 32,
  PACKED_FLOAT64_ARRAY: 33,
  PACKED_STRING_ARRAY: 34,
  PACKED_VECTOR2_ARRAY: 35,
  PACKED_VECTOR3_ARRAY: 36,
  PACKED_COLOR_ARRAY: 37,
  PACKED_VECTOR4_ARRAY: 38,
} as const;

/** One of Godot 4's Variant type ids (0–38). */
export type VariantType = (typeof VariantType)[keyof typeof VariantType];

/** Number of Godot 4 Variant types (`Variant::VARIANT_MAX`). */
export const VARIANT_MAX = TYPE_NAMES.length;

/**
 * Godot's `type_string()`: the type's name as GDScript spells it
 * (`'int'`, `'Vector2'`, `'PackedByteArray'`).
 */
export function typeName(type: number): string {
  return TYPE_NAMES[type] ?? `<unknown type ${type}>`;
}

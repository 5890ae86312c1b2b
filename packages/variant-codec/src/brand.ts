import { VariantType } from './variant-type.js';

/**
 * Which gdwire class a value is an instance of, recognised across copies of
 * the package: the ESM and CommonJS builds loaded side by side, or two
 * installed versions, each have their own classes, so `instanceof` fails
 * between them. Every value class carries its name under a global symbol.
 */
const BRAND = Symbol.for('gdwire.variant-class');
/**
 * Beside the name, each value class's prototype carries its Godot type:
 * one property load, where the name needs a lookup in BRANDED_TYPES (a
 * third of encoding a `Dictionary[Vector2i, int]` went to that lookup).
 */
const VARIANT_TYPE = Symbol.for('gdwire.variant-type');

/** gdwire class name → Variant type: works for every copy of the package. */
const BRANDED_TYPES: Readonly<Record<string, VariantType>> = {
  Float: VariantType.FLOAT,
  Vector2: VariantType.VECTOR2,
  Vector2i: VariantType.VECTOR2I,
  Rect2: VariantType.RECT2,
  Rect2i: VariantType.RECT2I,
  Vector3: VariantType.VECTOR3,
  Vector3i: VariantType.VECTOR3I,
  Transform2D: VariantType.TRANSFORM2D,
  Vector4: VariantType.VECTOR4,
  Vector4i: VariantType.VECTOR4I,
  Plane: VariantType.PLANE,
  Quaternion: VariantType.QUATERNION,
  AABB: VariantType.AABB,
  Basis: VariantType.BASIS,
  Transform3D: VariantType.TRANSFORM3D,
  Projection: VariantType.PROJECTION,
  Color: VariantType.COLOR,
  StringName: VariantType.STRING_NAME,
  NodePath: VariantType.NODE_PATH,
  RID: VariantType.RID,
  EncodedObjectAsID: VariantType.OBJECT,
  GodotObject: VariantType.OBJECT,
  Callable: VariantType.CALLABLE,
  Signal: VariantType.SIGNAL,
  Dictionary: VariantType.DICTIONARY,
  TypedArray: VariantType.ARRAY,
  PackedStringArray: VariantType.PACKED_STRING_ARRAY,
  PackedVector2Array: VariantType.PACKED_VECTOR2_ARRAY,
  PackedVector3Array: VariantType.PACKED_VECTOR3_ARRAY,
  PackedColorArray: VariantType.PACKED_COLOR_ARRAY,
  PackedVector4Array: VariantType.PACKED_VECTOR4_ARRAY,
};

/**
 * Marks a class's instances with its name (and gives the class that name),
 * and makes `instanceof` recognise
 * instances from every copy of gdwire (`x instanceof Vector2` holds for a
 * Vector2 that another copy decoded). A subclass of the class keeps the
 * ordinary `instanceof`.
 */
export function brand(cls: abstract new (...args: never[]) => unknown, name: string): void {
  Object.defineProperty(cls.prototype, BRAND, { value: name });
  const type = BRANDED_TYPES[name];
  if (type !== undefined) Object.defineProperty(cls.prototype, VARIANT_TYPE, { value: type });
  // A bundler renames a class that refers to itself (`_Dictionary`): the name users see is set here.
  Object.defineProperty(cls, 'name', { value: name });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      return (
        Function.prototype[Symbol.hasInstance].call(this, value) ||
        (this === cls && classOf(value) === name)
      );
    },
  });
}

/** The gdwire class name of a value (`'Vector2'`, `'Dictionary'`, …), or undefined. */
export function classOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null
    ? ((value as Record<symbol, unknown>)[BRAND] as string | undefined)
    : undefined;
}

/** The Godot type a gdwire value class marks its values with (undefined for any other object). */
export function markedType(value: object): VariantType | undefined {
  return (value as Record<symbol, unknown>)[VARIANT_TYPE] as VariantType | undefined;
}

/** What namedType returns for a value of no gdwire class. */
export const NOT_BRANDED = -1;

/**
 * The Godot type of a value of a gdwire class by its class name, for values
 * of a copy of gdwire older than the type mark (undefined for a class name
 * this copy does not know); NOT_BRANDED for any other object.
 */
export function namedType(value: object): VariantType | undefined | typeof NOT_BRANDED {
  const name = classOf(value);
  return name === undefined ? NOT_BRANDED : BRANDED_TYPES[name];
}

/** Narrows `value` to the gdwire class called `name`, whichever copy of gdwire made it. */
export function isClass<T>(value: unknown, name: string): value is T {
  return classOf(value) === name;
}

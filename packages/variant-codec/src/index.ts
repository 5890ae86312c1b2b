/**
 * @gdwire/variant-codec: Godot's Variant binary format (`var_to_bytes` /
 * `bytes_to_var`) for JavaScript, byte for byte as Godot 4.6 writes it, plus
 * the Godot 3 dialect.
 *
 * @example
 * ```ts
 * import { bytesToVar, varToBytes, Vector2 } from '@gdwire/variant-codec';
 * const bytes = varToBytes({ hp: 100, pos: new Vector2(1, 2) });
 * const back = bytesToVar(bytes); // Dictionary { hp: 100, pos: Vector2(1, 2) }
 * ```
 *
 * @packageDocumentation
 * @module @gdwire/variant-codec
 */

export { bytesToVar, type DecodedVariant, type DecodeOptions, decodeVariant } from './decode.js';
export type { Dialect } from './dialect.js';
export {
  type EncodeOptions,
  encodedSize,
  encodeInto,
  MAX_RECURSION_DEPTH,
  VariantEncoder,
  varToBytes,
} from './encode.js';
export {
  errorName,
  errorString,
  GdwireError,
  GodotError,
  type GodotErrorCode,
  type GodotErrorName,
} from './errors.js';
export { isByteArray, isPlainBuffer } from './host.js';
export { strToVar } from './str-to-var.js';
export { AABB } from './types/aabb.js';
export { Basis } from './types/basis.js';
export { Callable } from './types/callable.js';
export { Color } from './types/color.js';
export { type ContainerType, UNTYPED } from './types/container-type.js';
export { Dictionary } from './types/dictionary.js';
export { Float } from './types/float.js';
export { NodePath } from './types/node-path.js';
export { EncodedObjectAsID, GodotObject } from './types/object.js';
export { PackedColorArray } from './types/packed-color-array.js';
export { PackedStringArray } from './types/packed-string-array.js';
export { PackedStructArray } from './types/packed-struct-array.js';
export { PackedVector2Array } from './types/packed-vector2-array.js';
export { PackedVector3Array } from './types/packed-vector3-array.js';
export { PackedVector4Array } from './types/packed-vector4-array.js';
export { Plane } from './types/plane.js';
export { Projection } from './types/projection.js';
export { Quaternion } from './types/quaternion.js';
export { Rect2 } from './types/rect2.js';
export { Rect2i } from './types/rect2i.js';
export { RID } from './types/rid.js';
export { Signal } from './types/signal.js';
export { StringName } from './types/string-name.js';
export { Transform2D } from './types/transform2d.js';
export { Transform3D } from './types/transform3d.js';
export { TypedArray } from './types/typed-array.js';
export { Vector2 } from './types/vector2.js';
export { Vector2i } from './types/vector2i.js';
export { Vector3 } from './types/vector3.js';
export { Vector3i } from './types/vector3i.js';
export { Vector4 } from './types/vector4.js';
export { Vector4i } from './types/vector4i.js';
export { varToStr } from './var-to-str.js';
export { typeOfVariant, type Variant, type VariantInput } from './variant.js';
export { variantEquals } from './variant-key.js';
export { typeName, VARIANT_MAX, VariantType } from './variant-type.js';

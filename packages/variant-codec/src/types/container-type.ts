import { VariantType } from '../variant-type.js';

/**
 * The element type of a typed Array, or the key or value type of a typed
 * Dictionary (Godot 4.4+): a builtin Variant type, plus a class name or a
 * script path when that type is OBJECT.
 *
 * @example
 * ```ts
 * const ints: ContainerType = { type: VariantType.INT };                // Array[int]
 * const nodes: ContainerType = { type: VariantType.OBJECT, className: 'Node' }; // Array[Node]
 * ```
 */
export interface ContainerType {
  readonly type: VariantType;
  /** Native class name, for OBJECT element types (`Array[Node]`). */
  readonly className?: string;
  /** `res://` path of a script class, for OBJECT element types (`Array[MyScript]`). */
  readonly script?: string;
}

/** An untyped container's element type (Godot's `Variant` / NIL). */
export const UNTYPED: ContainerType = Object.freeze({ type: VariantType.NIL });

/** True when the container type says "any Variant". */
export function isUntyped(t: ContainerType): boolean {
  return t.type === VariantType.NIL;
}

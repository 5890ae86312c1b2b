import { brand } from '../brand.js';
import type { Variant } from '../variant.js';
import type { ContainerType } from './container-type.js';

/**
 * A typed Godot Array (`Array[int]`, `Array[Node]`, …): a real JS array that
 * also carries its element type, so the type survives a round trip. Untyped
 * Godot Arrays are plain JS arrays.
 *
 * Methods such as `map` and `filter` return plain arrays: the result of a
 * callback is not known to fit the element type.
 *
 * @example
 * ```ts
 * const scores = new TypedArray({ type: VariantType.INT }, [10, 20]);
 * varToBytes(scores); // 1c000100 02000000 02000000 …, an Array[int] in Godot
 * ```
 */
export class TypedArray<T extends Variant = Variant> extends Array<T> {
  readonly elementType: ContainerType;

  constructor(elementType: ContainerType, elements: Iterable<T> = []) {
    super();
    this.elementType = elementType;
    for (const element of elements) this.push(element);
  }

  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

brand(TypedArray, 'TypedArray');

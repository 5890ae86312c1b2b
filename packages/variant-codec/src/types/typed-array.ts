import { brand } from '../brand.js';
import type { Variant } from '../variant.js';
import type { ContainerType } from './container-type.js';

/** Elements per push in the constructor: far below any engine's limit on arguments. */
const PUSH_CHUNK = 8192;

/**
 * A typed Godot Array (`Array[int]`, `Array[Node]`, …): a real JS array that
 * also carries its element type, so the type survives a round trip. Untyped
 * Godot Arrays are plain JS arrays.
 *
 * Methods such as `map` and `filter` return plain arrays: the result of a
 * callback is not known to fit the element type.
 *
 * Give it its elements when you make it, rather than pushing them one by
 * one afterwards: V8 stores each element into an Array subclass on a slow
 * path, several times slower than into a plain array, and the constructor
 * adds them many at a time.
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
    // Pushed many at a time: V8 takes its generic path for each store into an
    // Array subclass's elements, and one push of many is one such call.
    const all = Array.isArray(elements) ? elements : [...elements];
    for (let i = 0; i < all.length; i += PUSH_CHUNK) this.push(...all.slice(i, i + PUSH_CHUNK));
  }

  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

brand(TypedArray, 'TypedArray');

/**
 * A TypedArray made of `elements`, a plain array it takes as its own, for the
 * decoder: V8 stores into the elements of an Array subclass's instance several
 * times more slowly than into a plain array's (every store takes its generic
 * path), so a decoded typed Array is filled as a plain one and then given
 * TypedArray's prototype, becoming what the constructor would have made.
 */
export function adoptAsTypedArray<T extends Variant>(
  elementType: ContainerType,
  elements: T[],
): TypedArray<T> {
  const array = Object.setPrototypeOf(elements, TypedArray.prototype) as TypedArray<T>;
  (array as { elementType: ContainerType }).elementType = elementType;
  return array;
}

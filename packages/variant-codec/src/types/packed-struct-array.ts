/**
 * The shared shape of Godot's packed arrays of small float structs
 * (PackedVector2/3/4Array, PackedColorArray): one flat typed array holding
 * `width` numbers per element, so decoding copies once and nothing is boxed
 * until an element is read.
 */
export abstract class PackedStructArray<T> implements Iterable<T> {
  /** The flat components, `width` per element (x, y, … in order). */
  readonly data: Float32Array | Float64Array;

  protected constructor(data: Float32Array | Float64Array, width: number) {
    if (data.length % width !== 0) {
      throw new RangeError(`${this.constructor.name} data length must be a multiple of ${width}`);
    }
    this.data = data;
  }

  /** Numbers per element: 2, 3 or 4. */
  abstract get width(): number;

  /** Builds the element at flat offset `i * width`. */
  protected abstract element(offset: number): T;

  /** Number of elements. */
  get length(): number {
    return this.data.length / this.width;
  }

  /** The element at `index` (negative counts from the end), or undefined. */
  at(index: number): T | undefined {
    const i = index < 0 ? this.length + index : index;
    return i >= 0 && i < this.length ? this.element(i * this.width) : undefined;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let offset = 0; offset < this.data.length; offset += this.width)
      yield this.element(offset);
  }

  /** JSON writes it as an array of its elements (`[{"x":1,"y":2}, …]`). */
  toJSON(): T[] {
    return this.toArray();
  }

  toArray(): T[] {
    return [...this];
  }
}

/** Flattens elements into a new Float32Array, `width` numbers each. */
export function flatten<T>(
  elements: readonly T[],
  width: number,
  parts: (e: T) => number[],
): Float32Array {
  const data = new Float32Array(elements.length * width);
  elements.forEach((e, i) => {
    data.set(parts(e), i * width);
  });
  return data;
}

// Abstract: only its subclasses are branded (as the Godot types they are).

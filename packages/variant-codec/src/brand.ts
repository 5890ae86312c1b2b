/**
 * Which gdwire class a value is an instance of, recognised across copies of
 * the package: the ESM and CommonJS builds loaded side by side, or two
 * installed versions, each have their own classes, so `instanceof` fails
 * between them. Every value class carries its name under a global symbol.
 */
const BRAND = Symbol.for('gdwire.variant-class');

/**
 * Marks a class's instances with its name (and gives the class that name),
 * and makes `instanceof` recognise
 * instances from every copy of gdwire (`x instanceof Vector2` holds for a
 * Vector2 that another copy decoded). A subclass of the class keeps the
 * ordinary `instanceof`.
 */
export function brand(cls: abstract new (...args: never[]) => unknown, name: string): void {
  Object.defineProperty(cls.prototype, BRAND, { value: name });
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

/** Narrows `value` to the gdwire class called `name`, whichever copy of gdwire made it. */
export function isClass<T>(value: unknown, name: string): value is T {
  return classOf(value) === name;
}

const PACKED_STRUCTS = new Set([
  'PackedVector2Array',
  'PackedVector3Array',
  'PackedVector4Array',
  'PackedColorArray',
]);

/** True for the packed arrays of float structs (vectors, colors), from any copy of gdwire. */
export function isPackedStruct(
  value: unknown,
): value is { readonly data: Float32Array | Float64Array; readonly length: number } {
  return PACKED_STRUCTS.has(classOf(value) ?? '');
}

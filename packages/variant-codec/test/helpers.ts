import {
  Dictionary,
  Float,
  GdwireError,
  GodotObject,
  TypedArray,
  type Variant,
} from '@gdwire/variant-codec';

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What a value looks like after a default (not lossless) decode: Floats become plain numbers. */
export function loosen(value: Variant): Variant {
  if (value instanceof Float) return value.value;
  if (value instanceof TypedArray) return new TypedArray(value.elementType, value.map(loosen));
  if (Array.isArray(value)) return value.map(loosen);
  if (value instanceof Dictionary) {
    return new Dictionary(
      [...value].map(([k, v]) => [loosen(k), loosen(v)] as [Variant, Variant]),
      value.keyType,
      value.valueType,
    );
  }
  if (value instanceof GodotObject) {
    return new GodotObject(
      value.className,
      [...value.properties].map(([k, v]) => [k, loosen(v)] as [string, Variant]),
    );
  }
  return value;
}

/** The GdwireError `fn` throws, or a failure if it throws nothing or something else. */
export function thrown(fn: () => unknown): GdwireError {
  try {
    fn();
  } catch (e) {
    if (GdwireError.is(e)) return e;
    throw new Error(`expected a GdwireError, got ${String(e)}`);
  }
  throw new Error('expected a GdwireError, nothing was thrown');
}

/**
 * Runs `run` with V8's stack traces off: sweeps over malformed input throw
 * thousands of errors, and without a stack trace each costs a tenth as much.
 * (Error.stackTraceLimit is V8's; elsewhere setting it does nothing.)
 */
export function withoutStackTraces<T>(run: () => T): T {
  const errors = Error as { stackTraceLimit?: number | undefined };
  const limit = errors.stackTraceLimit;
  errors.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    errors.stackTraceLimit = limit;
  }
}

/** An ArrayBuffer that can be resized (ES2024, past this project's TypeScript lib). */
export interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}

/** A resizable ArrayBuffer of `byteLength` bytes that can grow to `maxByteLength`. */
export function resizableBuffer(byteLength: number, maxByteLength: number): ResizableArrayBuffer {
  const Resizable = ArrayBuffer as unknown as new (
    byteLength: number,
    options: { maxByteLength: number },
  ) => ResizableArrayBuffer;
  return new Resizable(byteLength, { maxByteLength });
}

import { GdwireError, GodotError } from './errors.js';

/**
 * True when the host stores typed arrays' elements little-endian, as Godot's
 * wire does (nearly every host): packed arrays are then copied as they are,
 * and a Uint16Array of units is UTF-16LE.
 */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * True for a plain ArrayBuffer: neither resizable nor shared. Browsers'
 * TextDecoder, TextEncoder and WebSocket refuse views of a resizable buffer,
 * such a view's length can change between two calls, and another thread can
 * change a shared buffer while it is read; the codec reads and writes bytes
 * in those through a copy of its own.
 *
 * @example
 * ```ts
 * import { isPlainBuffer } from '@gdwire/variant-codec';
 * const sendable = isPlainBuffer(bytes.buffer) ? bytes : bytes.slice();
 * ```
 */
export function isPlainBuffer(buffer: ArrayBufferLike): boolean {
  return (
    buffer.constructor === ArrayBuffer && (buffer as { resizable?: boolean }).resizable !== true
  );
}

/**
 * True for a Uint8Array (or a subclass of it, as Node's byte arrays are),
 * also one from another realm (an iframe, a vm context): the bytes every
 * gdwire function takes.
 *
 * @example
 * ```ts
 * import { isByteArray } from '@gdwire/variant-codec';
 * if (!isByteArray(data)) throw new TypeError('expected bytes');
 * ```
 */
export function isByteArray(bytes: unknown): bytes is Uint8Array {
  return (
    bytes instanceof Uint8Array || Object.prototype.toString.call(bytes) === '[object Uint8Array]'
  );
}

/** Throws ERR_INVALID_PARAMETER naming `what` unless `bytes` is a Uint8Array (see isByteArray). */
export function expectByteArray(bytes: unknown, what: string): asserts bytes is Uint8Array {
  if (!isByteArray(bytes)) {
    throw new GdwireError(
      GodotError.ERR_INVALID_PARAMETER,
      `${what} is ${Object.prototype.toString.call(bytes)}, not a Uint8Array`,
    );
  }
}

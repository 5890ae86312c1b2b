import { GdwireError, GodotError } from './errors.js';

/** Thrown inside the writer when the bytes would pass its limit; the API turns it into a GdwireError. */
export class WriterOverflow {
  constructor(readonly needed: number) {}
}

const textEncoder = new TextEncoder();

/**
 * A little-endian byte writer over one Uint8Array and a cached DataView.
 * It grows by doubling (up to `limit`), or, over a caller's buffer, does not
 * grow at all. Every Variant field goes through here.
 */
export class ByteWriter {
  bytes: Uint8Array;
  view: DataView;
  pos: number;
  /** bytes.length, kept as a field: a typed array's length is a slower load in V8. */
  #end: number;
  #growable: boolean;
  #limit: number;

  constructor(
    bytes: Uint8Array,
    offset: number,
    growable: boolean,
    limit = Number.POSITIVE_INFINITY,
  ) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#end = bytes.length;
    this.pos = offset;
    this.#growable = growable;
    this.#limit = limit;
  }

  /** Points the writer at `bytes` (keeping its DataView when they are the same) for another value. */
  reset(
    bytes: Uint8Array,
    offset: number,
    growable: boolean,
    limit = Number.POSITIVE_INFINITY,
  ): this {
    if (bytes !== this.bytes) {
      this.bytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.#end = bytes.length;
    }
    this.pos = offset;
    this.#growable = growable;
    this.#limit = limit;
    return this;
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    const needed = this.pos + n;
    if (needed > this.#end) this.#grow(needed);
  }

  #grow(needed: number): void {
    if (!this.#growable || needed > this.#limit) throw new WriterOverflow(needed);
    const size = Math.min(Math.max(needed, this.bytes.length * 2, 64), this.#limit);
    const bytes = new Uint8Array(size);
    bytes.set(this.bytes.subarray(0, this.pos));
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer);
    this.#end = size;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.pos, value, true);
    this.pos += 4;
  }

  i32(value: number): void {
    this.reserve(4);
    this.view.setInt32(this.pos, value, true);
    this.pos += 4;
  }

  /** An int64 given as an integral number (exact up to ±2^63) or a bigint. */
  i64(value: number | bigint): void {
    this.reserve(8);
    if (typeof value === 'bigint') this.view.setBigInt64(this.pos, value, true);
    else this.#i64At(this.pos, value);
    this.pos += 8;
  }

  /**
   * A 32-bit word, then an int64 given as an integral number: a 64-bit
   * int's header and payload with one check for room and no call (through
   * u32 and i64, which V8 left as calls, columns of int64 timestamps
   * encoded 8-11% slower).
   */
  wordAndI64(word: number, value: number): void {
    this.reserve(12);
    this.view.setUint32(this.pos, word, true);
    this.#i64At(this.pos + 4, value);
    this.pos += 12;
  }

  /** An integral number as an int64 at `at`, where the caller made room: low word, then the signed high one. */
  #i64At(at: number, value: number): void {
    const high = Math.floor(value / 2 ** 32);
    this.view.setUint32(at, value - high * 2 ** 32, true);
    this.view.setInt32(at + 4, high, true);
  }

  u64(value: bigint): void {
    this.reserve(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, value), true);
    this.pos += 8;
  }

  f32(value: number): void {
    this.reserve(4);
    this.view.setFloat32(this.pos, value, true);
    this.pos += 4;
  }

  f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** Raw bytes, then zeros up to a multiple of 4. */
  padded(data: Uint8Array): void {
    const pad = (4 - (data.length & 3)) & 3;
    this.reserve(data.length + pad);
    this.bytes.set(data, this.pos);
    this.pos += data.length;
    this.zeros(pad);
  }

  zeros(n: number): void {
    for (let i = 0; i < n; i++) this.bytes[this.pos++] = 0;
  }

  /**
   * Godot's string block: u32 UTF-8 byte length, the bytes, zero padding to 4.
   * `withNul` counts and writes a terminating NUL, as PackedStringArray does.
   */
  string(text: string, withNul = false): void {
    const start = this.pos;
    const length = text.length;
    // Most names and keys are short ASCII: write them byte by byte.
    if (length < 48) {
      const size = blockSize(length, withNul);
      this.reserve(size);
      // The block's last word first: its padding (and NUL) are zeros, and the
      // text then overwrites whatever part of it is text.
      this.view.setUint32(start + size - 4, 0, true);
      let p = start + 4;
      const bytes = this.bytes;
      let i = 0;
      for (; i < length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) break;
        bytes[p++] = c;
      }
      if (i === length) {
        this.view.setUint32(start, withNul ? length + 1 : length, true);
        this.pos = start + size;
        return;
      }
      // Short non-ASCII text too: writing it here beats a call into TextEncoder.
      this.pos = start + 4;
      this.#reserveText(text, 0, withNul);
      return this.#finishString(start, writeUtf8(text, this.bytes, start + 4), withNul);
    }
    this.#finishString(start, this.#longText(start + 4, text, withNul), withNul);
  }

  /**
   * Writes `text` at `at` with TextEncoder and returns its byte count: first
   * into the room there is, then, if that was too little, into room made for
   * the rest. Room for the worst case up front (3 bytes per UTF-16 unit) grew
   * varToBytes' slab, copying it, for text that fitted: a 4 KiB ASCII string
   * encoded ten times slower than a 1 KiB one.
   */
  #longText(at: number, text: string, withNul: boolean): number {
    let { read, written } = textEncoder.encodeInto(text, this.bytes.subarray(at));
    // TextEncoder never splits a surrogate pair, so the rest starts at a character.
    const rest = read < text.length ? text.slice(read) : '';
    this.pos = at + written;
    this.#reserveText(rest, written, withNul);
    if (rest !== '') written += textEncoder.encodeInto(rest, this.bytes.subarray(this.pos)).written;
    return written;
  }

  /**
   * Makes room at pos for `text` as UTF-8 and what follows it (NUL, padding),
   * after `before` bytes of the same string: for the worst case (3 bytes per
   * UTF-16 unit), unless that would cross a fixed buffer's end or the size
   * limit: then the exact size.
   */
  #reserveText(text: string, before: number, withNul: boolean): void {
    const worst = text.length * 3 + 4;
    if (this.pos + worst <= (this.#growable ? this.#limit : this.#end)) {
      this.reserve(worst);
      return;
    }
    // The exact size: the whole block's, less its length word and what is written.
    this.reserve(blockSize(before + utf8Length(text), withNul) - 4 - before);
  }

  #finishString(start: number, byteLength: number, withNul: boolean): void {
    const total = byteLength + (withNul ? 1 : 0);
    this.view.setUint32(start, total, true);
    this.pos = start + 4 + byteLength;
    if (withNul) this.bytes[this.pos++] = 0;
    this.zeros((4 - (total & 3)) & 3);
  }
}

/** Bytes of a string block: length word, text (+ NUL), padding to 4. */
function blockSize(textBytes: number, withNul: boolean): number {
  const total = textBytes + (withNul ? 1 : 0);
  return 4 + total + ((4 - (total & 3)) & 3);
}

/**
 * Writes `text` as UTF-8 at `at` and returns the byte count; lone surrogates
 * become U+FFFD, as TextEncoder writes them. The caller has made room.
 */
function writeUtf8(text: string, bytes: Uint8Array, at: number): number {
  let p = at;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes[p++] = c;
      continue;
    }
    if (c < 0x800) {
      bytes[p++] = 0xc0 | (c >> 6);
      bytes[p++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && (next & 0xfc00) === 0xdc00) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        bytes[p++] = 0xf0 | (cp >> 18);
        bytes[p++] = 0x80 | ((cp >> 12) & 0x3f);
        bytes[p++] = 0x80 | ((cp >> 6) & 0x3f);
        bytes[p++] = 0x80 | (cp & 0x3f);
        i++;
        continue;
      }
      c = 0xfffd;
    }
    bytes[p++] = 0xe0 | (c >> 12);
    bytes[p++] = 0x80 | ((c >> 6) & 0x3f);
    bytes[p++] = 0x80 | (c & 0x3f);
  }
  return p - at;
}

/** UTF-8 byte length of a JS string (lone surrogates count as U+FFFD, as TextEncoder writes them). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The error for bytes that do not fit a caller's buffer or a size limit. */
export function overflowError(needed: number, available: number, what: string): GdwireError {
  return new GdwireError(
    GodotError.ERR_OUT_OF_MEMORY,
    `the encoded Variant needs more than ${available} bytes (${what}); at least ${needed} are needed`,
  );
}

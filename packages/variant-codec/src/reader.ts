import { GdwireError, GodotError } from './errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A little-endian reader over one Uint8Array. Every read checks the bytes
 * left first and fails with the Error code Godot uses at that spot, so no read
 * runs past the input and nothing is allocated for lengths the input cannot hold.
 */
export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos: number;

  constructor(bytes: Uint8Array, offset: number) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = offset;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Fails with ERR_INVALID_DATA unless `n` more bytes are there. */
  need(n: number, what: string): void {
    if (this.bytes.length - this.pos < n) {
      throw new GdwireError(
        GodotError.ERR_INVALID_DATA,
        `${what} needs ${n} bytes but only ${Math.max(0, this.remaining)} are left`,
        this.pos,
      );
    }
  }

  u32(): number {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(): number {
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** An int64 as a number when within ±2^53, else a bigint. */
  i64(): number | bigint {
    const low = this.view.getUint32(this.pos, true);
    const high = this.view.getInt32(this.pos + 4, true);
    let v: number | bigint;
    if (high >= -0x200000 && high < 0x200000) v = high * 4294967296 + low;
    else v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  u64(): bigint {
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  f32(): number {
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /**
   * Godot's `_decode_string` (spec §3.4): u32 length, then the bytes and their
   * padding, which must be present (ERR_FILE_EOF otherwise). Text stops at the
   * first NUL; a leading BOM is dropped; malformed UTF-8 is
   * ERR_INVALID_DATA.
   */
  string(): string {
    const start = this.pos;
    this.need(4, 'a string length');
    const length = this.i32();
    const pad = (4 - (length & 3)) & 3;
    if (length < 0 || length + pad > this.remaining) {
      throw new GdwireError(
        GodotError.ERR_FILE_EOF,
        `a string of ${length} bytes (+${pad} padding) does not fit in the ${Math.max(0, this.remaining)} bytes left`,
        start,
      );
    }
    const from = this.pos;
    this.pos += length + pad;
    return this.#utf8(from, from + length, start);
  }

  #utf8(from: number, to: number, start: number): string {
    const bytes = this.bytes;
    // Short ASCII needs no decoder; stop at NUL as Godot's parser does.
    if (to - from < 32) {
      let text = '';
      let i = from;
      for (; i < to; i++) {
        const c = bytes[i]!;
        if (c === 0) return text;
        if (c >= 0x80) break;
        text += String.fromCharCode(c);
      }
      if (i === to) return text;
    }
    const nul = bytes.subarray(from, to).indexOf(0);
    const end = nul === -1 ? to : from + nul;
    try {
      return strictUtf8.decode(bytes.subarray(from, end));
    } catch {
      throw new GdwireError(GodotError.ERR_INVALID_DATA, 'a string is not valid UTF-8', start);
    }
  }
}

import { GdwireError, GodotError } from './errors.js';
import { isPlainBuffer, LITTLE_ENDIAN_HOST } from './host.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Replaces what is not UTF-8 instead of failing: see ByteReader.#wholeRun and #text. */
const looseUtf8 = new TextDecoder('utf-8');
/** The same, keeping a BOM wherever it is, as Strings inside a run may start with one: see ByteReader.strings. */
const looseUtf8WithBom = new TextDecoder('utf-8', { ignoreBOM: true });

/** Strings of MIN_CACHED to SHORT_STRING bytes come from the short-string cache (see cachedText). */
const MIN_CACHED = 4;
const SHORT_STRING = 16;
/** Strings up to this many bytes are decoded here; longer ones by TextDecoder, faster past this size. */
const JS_DECODE_LIMIT = 96;
/** Inputs of up to this many bytes may be read from a copy (see ByteReader.reset). */
const COPY_LIMIT = 1024;

/** Bytes of ASCII input decoded at once for the Strings in them (see ByteReader.#fromRun). */
const RUN_LIMIT = 1024;
/** A run of Strings (ByteReader.strings) is decoded at once when they average more bytes than this. */
const RUN_MEAN = 16;
/** A String's length word is ASCII (and so decodes to four units) below this. */
const ASCII_LENGTH = 0x80;

const CACHE_SLOTS = 4096;
const SLOT_SHIFT = 32 - Math.log2(CACHE_SLOTS);
/** Per slot: the four words that cover a cached text (see cachedText), its length (0: empty), its string. */
const cacheWords = new Int32Array(CACHE_SLOTS * 4);
const cacheLengths = new Uint8Array(CACHE_SLOTS);
const cacheTexts: string[] = new Array(CACHE_SLOTS);

/** The cache slot of a text of `length` bytes covered by the words a, b, c, d. */
export function cacheSlot(length: number, a: number, b: number, c: number, d: number): number {
  let hash = Math.imul(a ^ length, 0x9e3779b1);
  hash = Math.imul(hash ^ b, 0x85ebca6b);
  hash = Math.imul(hash ^ c, 0xc2b2ae35);
  hash = Math.imul(hash ^ d, 0x27d4eb2f);
  // The product's top bits: a multiply carries a change only upwards, so texts
  // that differ in their last byte (d's top byte: "unit_100" … "unit_109")
  // differ in those bits alone.
  return hash >>> SLOT_SHIFT;
}

/**
 * The string for the UTF-8 bytes [from, to), 4 to 16 of them, as
 * decodeSimpleUtf8 gives it (undefined when that declines), from a cache:
 * dictionary keys, names and tags repeat in every message, so most calls
 * allocate nothing. The text is read as four overlapping 32-bit words (the
 * first two and the last two, which for 8 bytes or fewer are the first and
 * the last word twice) that cover every byte, so hashing and comparing take
 * four reads instead of a pass per byte over each. Each hash has two slots,
 * the newer text first, so two texts that share a hash both stay.
 */
function cachedText(
  view: DataView,
  bytes: Uint8Array,
  from: number,
  to: number,
): string | undefined {
  const length = to - from;
  const a = view.getInt32(from, true);
  const b = view.getInt32(Math.min(from + 4, to - 4), true);
  const c = view.getInt32(Math.max(to - 8, from), true);
  const d = view.getInt32(to - 4, true);
  const slot = cacheSlot(length, a, b, c, d) & ~1;
  if (cached(slot, length, a, b, c, d)) return cacheTexts[slot]!;
  if (cached(slot + 1, length, a, b, c, d)) return cacheTexts[slot + 1]!;
  const text = decodeSimpleUtf8(bytes, from, to);
  if (text === undefined) return undefined;
  const k = slot * 4;
  cacheWords.copyWithin(k + 4, k, k + 4);
  cacheLengths[slot + 1] = cacheLengths[slot]!;
  cacheTexts[slot + 1] = cacheTexts[slot]!;
  cacheWords[k] = a;
  cacheWords[k + 1] = b;
  cacheWords[k + 2] = c;
  cacheWords[k + 3] = d;
  cacheLengths[slot] = length;
  cacheTexts[slot] = text;
  return text;
}

/** Whether cache slot `slot` holds the text of `length` bytes covered by the words a, b, c, d. */
function cached(slot: number, length: number, a: number, b: number, c: number, d: number): boolean {
  const k = slot * 4;
  return (
    cacheLengths[slot] === length &&
    cacheWords[k] === a &&
    cacheWords[k + 1] === b &&
    cacheWords[k + 2] === c &&
    cacheWords[k + 3] === d
  );
}

/** Non-zero when one of the word's four bytes is zero: subtracting one borrows into that byte's clear top bit. */
function zeroByte(w: number): number {
  return (w - 0x01010101) & ~w & 0x80808080;
}

/** Whether the bytes [from, to) hold a NUL, four at a time. */
function hasNul(view: DataView, from: number, to: number): boolean {
  let zeros = 0;
  let j = from;
  for (; j + 4 <= to; j += 4) zeros |= zeroByte(view.getInt32(j, true));
  for (; j < to; j++) zeros |= view.getUint8(j) === 0 ? 1 : 0;
  return zeros !== 0;
}

/**
 * The UTF-16 length of the valid UTF-8 bytes [from, to), or -1 if they hold
 * a NUL: bytes less continuation bytes (10xxxxxx) plus one for each lead of
 * four bytes (11110xxx), whose character takes two units. Four bytes a time,
 * as 32-bit words: the marked bits of each kind are summed by one multiply.
 */
function utf16Length(view: DataView, from: number, to: number): number {
  let units = to - from;
  let zeros = 0;
  let j = from;
  for (; j + 4 <= to; j += 4) {
    const w = view.getInt32(j, true);
    const continuation = (w & ~(w << 1) & 0x80808080) >>> 7;
    const fourLead = (w & (w << 1) & (w << 2) & (w << 3) & 0x80808080) >>> 7;
    units +=
      (Math.imul(fourLead, 0x01010101) >>> 24) - (Math.imul(continuation, 0x01010101) >>> 24);
    zeros |= zeroByte(w);
  }
  for (; j < to; j++) {
    const c = view.getUint8(j);
    if (c === 0) return -1;
    if ((c & 0xc0) === 0x80) units--;
    else if (c >= 0xf0) units++;
  }
  return zeros === 0 ? units : -1;
}

/**
 * The text of a String of up to SHORT_STRING bytes at `from`, from the cache
 * (or, under MIN_CACHED bytes, tinyAscii); undefined where the general path
 * must decode it (ByteReader.#text).
 */
function shortText(
  view: DataView,
  bytes: Uint8Array,
  from: number,
  length: number,
): string | undefined {
  return length < MIN_CACHED
    ? tinyAscii(bytes, from, length)
    : cachedText(view, bytes, from, from + length);
}

/** ASCII text of up to 3 bytes with no NUL, made in one call; undefined for anything else. */
function tinyAscii(b: Uint8Array, i: number, n: number): string | undefined {
  const fcc = String.fromCharCode;
  if (n === 0) return '';
  const a = b[i]!;
  if (n === 1) return a !== 0 && a < 0x80 ? fcc(a) : undefined;
  const c = b[i + 1]!;
  if (n === 2) return a !== 0 && c !== 0 && (a | c) < 0x80 ? fcc(a, c) : undefined;
  const d = b[i + 2]!;
  return a !== 0 && c !== 0 && d !== 0 && (a | c | d) < 0x80 ? fcc(a, c, d) : undefined;
}

/**
 * Decodes UTF-8 up to a NUL, strictly. Whatever it does not accept (a
 * leading BOM, overlong forms, surrogates, code points past U+10FFFF,
 * truncation) is left to the TextDecoder, so the two can never disagree:
 * this returns a string only where TextDecoder returns the same one.
 */
function decodeSimpleUtf8(bytes: Uint8Array, from: number, to: number): string | undefined {
  const n = utf8ToUnits(bytes, from, to, 0);
  return n < 0 ? undefined : textOf(n);
}

/** True when [from, to) starts with a BOM (EF BB BF), which TextDecoder, and so Godot's reading here, drops. */
function startsWithBom(bytes: Uint8Array, from: number, to: number): boolean {
  return (
    to - from >= 3 && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf
  );
}

/**
 * Decodes valid UTF-8 in [from, to), up to a NUL (Godot ignores the bytes
 * after one, valid or not), into UNITS (UTF-16) from index `first`, and
 * returns where its units end; -1 for a leading BOM (which TextDecoder,
 * and so Godot's reading here, drops) and for anything that is not valid
 * UTF-8 (overlong forms, surrogates, code points past U+10FFFF,
 * truncation), which the callers leave to TextDecoder. The caller checks that UNITS has
 * room (one unit per byte at most).
 */
function utf8ToUnits(bytes: Uint8Array, from: number, to: number, first: number): number {
  // Each form's checks are folded into as few branches as they can be: in
  // mixed scripts the branches on the lead byte are hard to predict, and
  // every further one cost (chat lines decoded a quarter faster this way).
  if (startsWithBom(bytes, from, to)) return -1;
  const units = UNITS;
  let n = first;
  let i = from;
  while (i < to) {
    const c = bytes[i]!;
    if (c < 0x80) {
      if (c === 0) break;
      units[n++] = c;
      i += 1;
      continue;
    }
    if (c < 0xe0) {
      if (c < 0xc2 || i + 1 >= to) return -1; // a continuation byte, overlong, or cut off
      const c1 = bytes[i + 1]!;
      if ((c1 & 0xc0) !== 0x80) return -1;
      units[n++] = ((c & 0x1f) << 6) | (c1 & 0x3f);
      i += 2;
      continue;
    }
    if (c < 0xf0) {
      if (i + 2 >= to) return -1;
      const c1 = bytes[i + 1]!;
      const c2 = bytes[i + 2]!;
      const cp = ((c & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
      const notContinuations = ((c1 & 0xc0) ^ 0x80) | ((c2 & 0xc0) ^ 0x80);
      // Overlong, or a surrogate (U+D800 to U+DFFF: cp >> 11 is 0x1b).
      if (notContinuations !== 0 || cp < 0x800 || cp >> 11 === 0x1b) return -1;
      units[n++] = cp;
      i += 3;
      continue;
    }
    if (c > 0xf4 || i + 3 >= to) return -1;
    const c1 = bytes[i + 1]!;
    const c2 = bytes[i + 2]!;
    const c3 = bytes[i + 3]!;
    const cp = ((c & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
    const notContinuations = ((c1 & 0xc0) ^ 0x80) | ((c2 & 0xc0) ^ 0x80) | ((c3 & 0xc0) ^ 0x80);
    if (notContinuations !== 0 || cp < 0x10000 || cp > 0x10ffff) return -1; // overlong, or past Unicode
    units[n++] = 0xd7c0 + (cp >> 10);
    units[n++] = 0xdc00 + (cp & 0x3ff);
    i += 4;
  }
  return n;
}

/**
 * The string of the first `n` units: added one by one when short (cheapest
 * there), in one call when longer (adding them one by one cost three times as
 * much for a chat line).
 */
function textOf(n: number): string {
  const units = UNITS;
  let text = '';
  if (n > 16) {
    // Copied to an Array first: String.fromCharCode.apply takes one about
    // twice as fast as the typed array itself.
    const list: number[] = new Array(n);
    for (let k = 0; k < n; k++) list[k] = units[k]!;
    return String.fromCharCode.apply(null, list);
  }
  for (let k = 0; k < n; k++) text += String.fromCharCode(units[k]!);
  return text;
}

/**
 * Scratch for the UTF-16 units utf8ToUnits writes (at most one per byte of
 * text): a run of Strings (ByteReader.strings), or one String of up to 64
 * KiB (128 KiB of scratch, which systems that map zeroed memory lazily,
 * Linux among them, hand over page by page as texts first reach into it).
 * A constant, as the hot loops want it: passed as a parameter instead, so
 * that long texts could have a scratch of their own, it made chat lines
 * decode 7% slower.
 */
const UNITS = new Uint16Array(64 * 1024);

/** Makes strings of UTF-16 units (UNITS), keeping a U+FEFF wherever it is. */
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/**
 * The text of UNITS' first `n` units, by one UTF-16 TextDecoder call: for
 * runs and long texts (textOf, which builds it in JavaScript, is cheaper for
 * a String of up to JS_DECODE_LIMIT bytes).
 */
function unitsText(n: number): string {
  return utf16.decode(UNITS.subarray(0, n));
}

/** How far into a text fasterByHand looks for a byte of 0x80 or more. */
const PEEK = 64;

/** Where each String of a run ends in UNITS (see ByteReader.#unitsRun). */
const RUN_ENDS = new Int32Array(RUN_LIMIT);

/**
 * True when the text at [from, to) is for utf8ToUnits and a UTF-16
 * TextDecoder rather than the UTF-8 one: it fits UNITS (64 KiB), the host is
 * little-endian, and its first PEEK bytes (all of them, if fewer) are not
 * all ASCII, where the UTF-8 TextDecoder is far faster.
 */
function fasterByHand(view: DataView, from: number, to: number): boolean {
  if (!LITTLE_ENDIAN_HOST || to - from > UNITS.length) return false;
  let high = 0;
  const last = Math.min(to, from + PEEK) - 4;
  for (let p = from; p <= last; p += 4) high |= view.getInt32(p, true);
  return (high & 0x80808080) !== 0;
}

/**
 * A little-endian reader over one Uint8Array. Every read checks the bytes
 * left first and fails with the Error code Godot uses at that spot, so no read
 * runs past the input and nothing is allocated for lengths the input cannot hold.
 */
export class ByteReader {
  bytes: Uint8Array;
  /** bytes.length, kept as a field: a typed array's length is a slower load in V8. */
  end: number;
  view: DataView;
  pos: number;
  /** An ASCII stretch of the input, [#runFrom, #runTo), decoded in one call: see #fromRun. */
  #runFrom = 0;
  #runTo = 0;
  #run = '';
  /** The first NUL of the stretch at or after the last text taken from it (#runTo if none). */
  #nul = 0;
  /** Set while this input's last window was ASCII to its end (see #wholeRun). */
  #asciiInput = false;
  /** The caller's array last read (`bytes` itself, or what was copied: see reset). */
  #input: Uint8Array;
  readonly #scratch = new Uint8Array(COPY_LIMIT);
  readonly #scratchView = new DataView(this.#scratch.buffer);

  constructor(bytes: Uint8Array, offset: number) {
    this.#input = bytes;
    this.bytes = bytes;
    this.end = bytes.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = offset;
  }

  /**
   * Points the reader at `bytes`. A small input it did not just read (every
   * packet a socket gives is a new array) is copied into a scratch array of
   * its own, where making a DataView for it took longer than the copy and
   * was a sixth of decoding a 276-byte message; any other input gets a
   * DataView, kept while the same array comes again (a receive buffer, the
   * benchmark's input). Input that is not in a plain ArrayBuffer is read
   * from a copy always (see isPlainBuffer). `copyOk` is false when decoded
   * values may be views of the input (zeroCopy).
   */
  reset(bytes: Uint8Array, offset: number, copyOk = false): this {
    // Read where it is only when it is the array read last, not copied then.
    if (bytes !== this.bytes) {
      if (bytes !== this.#input && copyOk && bytes.length <= COPY_LIMIT) {
        this.#scratch.set(bytes);
        this.bytes = this.#scratch;
        this.view = this.#scratchView;
      } else {
        const buffer = bytes.buffer; // made on first use for a small array: read once
        const own = isPlainBuffer(buffer) ? bytes : bytes.slice();
        this.bytes = own;
        this.view = new DataView(
          own === bytes ? buffer : own.buffer,
          own.byteOffset,
          own.byteLength,
        );
      }
      this.#input = bytes;
    }
    this.end = bytes.length;
    this.pos = offset;
    // The same array may hold other bytes now.
    this.#runTo = 0;
    this.#run = '';
    this.#asciiInput = false;
    return this;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Fails with ERR_INVALID_DATA unless `n` more bytes are there. */
  need(n: number, what: string): void {
    // The failure is built elsewhere, so that this check stays small enough to
    // inline; the hottest reads still check in place, as V8 does not always.
    if (this.end - this.pos < n) throw this.tooShort(n, what);
  }

  /** The error for `what`, which needs `n` bytes where fewer are left. */
  tooShort(n: number, what: string): GdwireError {
    return new GdwireError(
      GodotError.ERR_INVALID_DATA,
      `${what} needs ${n} bytes but only ${Math.max(0, this.remaining)} are left`,
      this.pos,
    );
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
    // Checked in place, not by need(): V8 does not always inline that call.
    if (this.end - start < 4) throw this.tooShort(4, 'a string length');
    const length = this.view.getInt32(start, true);
    const from = start + 4;
    const pad = (4 - (length & 3)) & 3;
    if (length < 0 || length + pad > this.end - from) {
      throw this.#stringPastEnd(length, pad, start);
    }
    this.pos = from + length + pad;
    // Short strings (dictionary keys, names) come from a cache: no decoder, no
    // allocation on a hit. Everything else is in #text, so that this path
    // stays small enough for V8 to inline wherever strings are read.
    if (length <= SHORT_STRING) {
      const text = shortText(this.view, this.bytes, from, length);
      if (text !== undefined) return text;
    }
    return this.#text(from, from + length, start);
  }

  /**
   * Reads the short Strings (up to SHORT_STRING bytes) that come one after
   * another from here, each after a `header` word or none (-1: a
   * PackedStringArray's, whose texts end with a NUL), into `into` from index
   * `i` up to `count`, while the cache or tinyAscii gives their text; returns
   * the index of the first one it left to the caller (which reads that and
   * the rest one by one, with their errors). Names, tags and words in an
   * Array: read here with the position in a local and one bounds check each,
   * an Array of 256 such Strings decoded 1.17–1.25× as fast as through
   * string() per element, which keeps the position in the reader.
   */
  #shortStrings(into: unknown[], i: number, count: number, header: number): number {
    const bytes = this.bytes;
    const view = this.view;
    const skip = header === -1 ? 0 : 4;
    let at = this.pos;
    for (; i < count; i++) {
      if (this.end - at < skip + 4 || (skip !== 0 && view.getUint32(at, true) !== header)) break;
      const length = view.getInt32(at + skip, true);
      const from = at + skip + 4;
      const next = from + ((length + 3) & ~3);
      if (length < 0 || length > SHORT_STRING || next > this.end) break;
      const text = shortText(view, bytes, from, length);
      if (text === undefined) break;
      into[i] = text;
      at = next;
    }
    this.pos = at;
    return i;
  }

  /**
   * Reads the Strings that come one after another from here into `into`,
   * from index `i` up to `count`, each after a `header` word (an Array's
   * elements; its bytes are ASCII, as a String's header is) or none (-1: a
   * PackedStringArray's), and returns the index of the first one it left to
   * the caller (which reads that and the rest one by one, with their
   * errors). Short ones first (#shortStrings), then longer ones. Chat lines
   * and other texts past the cache's reach cost most in building their
   * strings one unit at a time (chat decoded at 0.65× msgpackr, whose native
   * addon makes them in one call): here one TextDecoder call decodes the
   * run's bytes, headers and all, and each String is a slice of that text.
   * Only runs where the slices can be placed by counting are taken: the text
   * holds no U+FFFD (so every byte between a String and the next is valid
   * UTF-8 and each String's text ends where its bytes do), and the bytes
   * between are ASCII, one unit each.
   */
  strings(into: unknown[], i: number, count: number, header: number): number {
    i = this.#shortStrings(into, i, count, header);
    // Taken only when the first String is past the cache's reach: Arrays of
    // names and tags (two tags an entity) pay nothing for looking.
    const lengthAt = this.pos + (header === -1 ? 0 : 4);
    if (this.end - lengthAt < 4 || this.view.getUint32(lengthAt, true) <= SHORT_STRING) return i;
    for (let next = this.#stringRun(into, i, count, header); next > i; ) {
      i = next;
      next = this.#stringRun(into, i, count, header);
    }
    return i;
  }

  /** One run of ByteReader.strings, of up to RUN_LIMIT bytes: the index of the first String left. */
  #stringRun(into: unknown[], i: number, count: number, header: number): number {
    const bytes = this.bytes;
    const view = this.view;
    const skip = header === -1 ? 0 : 4;
    // First the run: Strings of lengths whose bytes are ASCII, padding too,
    // up to RUN_LIMIT bytes of text (a slice keeps the whole run's text alive).
    let at = this.pos;
    let k = i;
    let textBytes = 0;
    while (k < count && this.end - at >= skip + 4 && at - this.pos < RUN_LIMIT) {
      if (skip !== 0 && view.getUint32(at, true) !== header) break;
      const length = view.getUint32(at + skip, true);
      const to = at + skip + 4 + length;
      const pad = (4 - (length & 3)) & 3;
      if (length >= ASCII_LENGTH || to + pad > this.end) break;
      if (pad !== 0 && (bytes[to]! | bytes[to + pad - 1]! | bytes[to + (pad >> 1)]!) >= 0x80) break;
      textBytes += length;
      at = to + pad;
      k++;
    }
    if (k - i < 2 || textBytes <= RUN_MEAN * (k - i)) return i;
    const runFrom = this.pos + skip + 4;
    if (fasterByHand(view, runFrom, at)) {
      return this.#unitsRun(into, i, k, skip);
    }
    const text = looseUtf8WithBom.decode(bytes.subarray(runFrom, at));
    if (text.includes('\uFFFD')) return i;
    // Each String's units: one per byte when the whole run is ASCII (as
    // many units as bytes), else counted (utf16Length). A PackedStringArray's
    // Strings end with a NUL (Godot writes it), left out of the slice; any
    // other NUL, or a leading BOM, sends the String to string().
    const ascii = text.length === at - runFrom;
    let unit = 0;
    at = this.pos;
    for (; i < k; i++) {
      const from = at + skip + 4;
      const to = from + view.getUint32(at + skip, true);
      const end = to > from && bytes[to - 1] === 0 ? to - 1 : to;
      const units = ascii
        ? hasNul(view, from, end)
          ? -1
          : end - from
        : utf16Length(view, from, end);
      if (units < 0 || text.charCodeAt(unit) === 0xfeff) break;
      into[i] = text.slice(unit, unit + units);
      const next = to + ((4 - ((to - from) & 3)) & 3);
      unit += units + (next - end) + skip + 4;
      at = next;
    }
    this.pos = at;
    return i;
  }

  /**
   * #stringRun for Strings i up to k that are not ASCII (accents, Cyrillic,
   * CJK, emoji): TextDecoder makes such text at about 2.3 ns a byte on Node
   * 20 (ASCII twenty times as fast), while utf8ToUnits decodes it at about
   * 1 ns a byte. Each String's text is decoded into UNITS, one after
   * another, one UTF-16 TextDecoder call makes them one string, and each
   * String is a slice of it. Each text ends at a NUL, as string()'s does (a
   * PackedStringArray's Strings end with one); one that is not valid UTF-8
   * or starts with a BOM (which string() drops) ends the run.
   */
  #unitsRun(into: unknown[], i: number, k: number, skip: number): number {
    const bytes = this.bytes;
    const view = this.view;
    let at = this.pos;
    let units = 0;
    let j = i;
    for (; j < k; j++) {
      const from = at + skip + 4;
      const to = from + view.getUint32(at + skip, true);
      const next = utf8ToUnits(bytes, from, to, units);
      if (next < 0) break;
      RUN_ENDS[j - i] = units = next;
      at = to + ((4 - ((to - from) & 3)) & 3);
    }
    if (j === i) return i;
    const text = unitsText(units);
    for (let q = i, start = 0; q < j; q++) {
      const stop = RUN_ENDS[q - i]!;
      into[q] = text.slice(start, stop);
      start = stop;
    }
    this.pos = at;
    return j;
  }

  /**
   * ASCII text at [from, to) without a NUL, as a slice of a decoded ASCII
   * stretch of the input; undefined for anything else. A game message is
   * often ASCII from end to end (headers, small ints, names), and one
   * TextDecoder call for up to RUN_LIMIT bytes of it serves every String
   * there (a call costs as much as reading 35 bytes by hand, and Strings of 17
   * to 40 bytes, a server list's, decoded at 0.38× msgpackr, which makes a
   * message's strings natively in one call and slices them the same way). A
   * slice keeps its stretch alive: at most RUN_LIMIT bytes of text.
   */
  #fromRun(from: number, to: number): string | undefined {
    const view = this.view;
    if (from < this.#runFrom || to > this.#runTo) {
      // A new stretch, from this text on, as far as the bytes are ASCII.
      const limit = Math.min(this.end, from + RUN_LIMIT);
      if (!(this.#asciiInput && this.#wholeRun(from, limit))) {
        let end = from;
        while (end + 4 <= limit && (view.getInt32(end, true) & 0x80808080) === 0) end += 4;
        if (end < to) return undefined; // this text is not ASCII
        this.#setRun(from, end, strictUtf8.decode(this.bytes.subarray(from, end)));
        // ASCII up to the window's end: the next window is likely ASCII too.
        this.#asciiInput = end + 4 > limit;
      }
    }
    // A NUL ends a text (Godot stops there): the general path cuts it. The
    // stretch's next NUL is found by the string search (memchr), which took
    // a third of the time a word-by-word check of each text did; it is
    // usually just past the text (padding, the next header).
    if (this.#nul < from) {
      const at = this.#run.indexOf('\0', from - this.#runFrom);
      this.#nul = at === -1 ? this.#runTo : this.#runFrom + at;
    }
    if (this.#nul < to) return undefined;
    return this.#run.slice(from - this.#runFrom, to - this.#runFrom);
  }

  /**
   * #fromRun for a text whose last byte is a NUL, which Godot writes after
   * each String of a PackedStringArray and stops at: the text before it.
   * Kept apart from #fromRun, which takes no NUL, since the stretch is what
   * a server list's Strings are read from (a branch for the NUL there cost
   * them 2-4%), while these went to the decoder written in JS: a
   * PackedStringArray whose first String was short (so read one by one)
   * decoded its later ones five times slower than an Array's.
   */
  #fromRunBeforeNul(from: number, to: number): string | undefined {
    return this.bytes[to - 1] === 0 ? this.#fromRun(from, to - 1) : undefined;
  }

  /**
   * Makes [from, limit) the stretch when all of it is ASCII, told by decoding
   * it at once: a byte of 0x80 and up gives U+FFFD or a character made of
   * more than one byte, so the text has no U+FFFD and one unit per byte only
   * when every byte is ASCII. Decoding costs about as much as scanning the
   * bytes first, so this halves a stretch's cost in ASCII input; it is tried
   * only after a whole window of the input was ASCII, since a window that is
   * not costs up to ten times as much to decode (floats after a name made a
   * record list decode 50% slower when every input tried one).
   */
  #wholeRun(from: number, limit: number): boolean {
    const text = looseUtf8.decode(this.bytes.subarray(from, limit));
    if (text.length !== limit - from || text.includes('\uFFFD')) {
      this.#asciiInput = false;
      return false;
    }
    // It holds the text: a String's bytes fit in the input and in RUN_LIMIT.
    this.#setRun(from, limit, text);
    return true;
  }

  /** Makes `text`, the ASCII bytes [from, to), the stretch. */
  #setRun(from: number, to: number, text: string): void {
    this.#runFrom = from;
    this.#runTo = to;
    this.#run = text;
    this.#nul = -1;
  }

  #stringPastEnd(length: number, pad: number, start: number): GdwireError {
    return new GdwireError(
      GodotError.ERR_FILE_EOF,
      `a string of ${length} bytes (+${pad} padding) does not fit in the ${Math.max(0, this.remaining)} bytes left`,
      start,
    );
  }

  /** Text the cache did not give: decoded here up to JS_DECODE_LIMIT bytes, else (or if declined) by TextDecoder. */
  #text(from: number, to: number, start: number): string {
    const bytes = this.bytes;
    // Cached lengths were tried already; under MIN_CACHED, tinyAscii took ASCII only.
    if ((to - from > SHORT_STRING || to - from < MIN_CACHED) && to - from <= JS_DECODE_LIMIT) {
      const text =
        (to - from > SHORT_STRING
          ? (this.#fromRun(from, to) ?? this.#fromRunBeforeNul(from, to))
          : undefined) ?? decodeSimpleUtf8(bytes, from, to);
      if (text !== undefined) return text;
    }
    // Decoded whole first, then cut at a NUL, which valid UTF-8 holds only as
    // U+0000: a string's search is many times faster than a Uint8Array's, and
    // searching the bytes first made a 4 KiB text decode three times slower.
    // Without the fatal flag first (a 4 KiB ASCII text in 85% of the time on
    // Node 20): malformed bytes give U+FFFD, so a text without one was valid,
    // and one with one (malformed, or that character itself) is decoded again
    // strictly. A text of one-byte characters is told to have none at once.
    // Text of up to 64 KiB that is not ASCII from its start is decoded here:
    // TextDecoder makes it at about 2.3 ns a byte on Node 20, this in about
    // half that.
    if (fasterByHand(this.view, from, to)) {
      const n = utf8ToUnits(bytes, from, to, 0);
      if (n >= 0) return unitsText(n);
    }
    const part = bytes.subarray(from, to);
    let text = looseUtf8.decode(part);
    if (text.includes('\uFFFD')) {
      try {
        text = strictUtf8.decode(part);
      } catch {
        // Bytes after a NUL are ignored, valid or not (as Godot does).
        const nul = part.indexOf(0);
        if (nul !== -1) return this.#text(from, from + nul, start);
        throw new GdwireError(GodotError.ERR_INVALID_DATA, 'a string is not valid UTF-8', start);
      }
    }
    const nul = text.indexOf('\0');
    return nul === -1 ? text : text.slice(0, nul);
  }
}

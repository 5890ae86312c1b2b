/**
 * Property-based tests: random Variants round-trip, and random or mutated
 * bytes give either a value or the codec's own error — never another
 * exception, never a hang.
 */
import {
  bytesToVar,
  Color,
  type Dialect,
  Dictionary,
  encodeInto,
  Float,
  GdwireError,
  GodotError,
  NodePath,
  PackedStringArray,
  PackedVector2Array,
  StringName,
  TypedArray,
  type Variant,
  VariantType,
  Vector2,
  Vector2i,
  Vector3,
  Vector3i,
  Vector4,
  Vector4i,
  variantEquals,
  varToBytes,
} from '@gdwire/variant-codec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import godot3 from './fixtures/godot3-values.json';
import godot4 from './fixtures/godot4-values.json';
import { fromHex, toHex, withoutStackTraces } from './helpers.js';

const f32 = fc.float({ noNaN: true }).map((n) => Math.fround(n));
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

const { variant } = fc.letrec<{ variant: Variant; leaf: Variant }>((tie) => ({
  leaf: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    int64.map((b) => (b >= -(2n ** 53n) && b <= 2n ** 53n ? Number(b) : b)),
    fc
      .double({ noNaN: true })
      .map((d) => (Number.isInteger(d) || Object.is(d, -0) ? new Float(d) : d)),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.string({ maxLength: 8 }).map((s) => new StringName(s)),
    fc.tuple(f32, f32).map(([x, y]) => new Vector2(x, y)),
    fc
      .tuple(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      )
      .map(([x, y]) => new Vector2i(x, y)),
    fc.tuple(f32, f32, f32).map(([x, y, z]) => new Vector3(x, y, z)),
    fc.tuple(f32, f32, f32, f32).map(([r, g, b, a]) => new Color(r, g, b, a)),
    fc
      .array(fc.stringMatching(/^[A-Za-z_]{1,6}$/), { maxLength: 3 })
      .map((names) => new NodePath(names.join('/'))),
    fc.uint8Array({ maxLength: 9 }),
    fc
      .array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 5 })
      .map((a) => new Int32Array(a)),
    fc.array(f32, { maxLength: 4 }).map((a) => new Float32Array(a)),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }).map((a) => new PackedStringArray(a)),
    fc
      .array(f32, { maxLength: 3 })
      .map((a) => PackedVector2Array.from(a.map((n) => new Vector2(n, -n)))),
  ),
  variant: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('variant'), { maxLength: 4 }),
    fc
      .array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 4 })
      .map((a) => new TypedArray({ type: VariantType.INT }, a)),
    fc
      .array(fc.tuple(tie('variant'), tie('variant')), { maxLength: 4 })
      .map((pairs) => new Dictionary(pairs)),
  ),
}));

describe('random Variants', () => {
  it('round-trip: decode(encode(v)) equals v and re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(variant, (v) => {
        const bytes = varToBytes(v);
        const back = bytesToVar(bytes, { lossless: true });
        expect(variantEquals(back, v)).toBe(true);
        expect(toHex(varToBytes(back))).toBe(toHex(bytes));
      }),
      { numRuns: 400 },
    );
  });
});

describe('Dictionary keys', () => {
  // Few component values, so that equal keys come up often: whole and not,
  // signed zeros, NaN, each side of a 16-bit half and of int32's range.
  const component = fc.constantFrom(
    0,
    -0,
    1,
    -1,
    1.5,
    Number.NaN,
    0xffff,
    0x10000,
    -0x10000,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 31,
  );
  const vector = fc.oneof(
    fc.tuple(component, component).map(([x, y]) => new Vector2(x, y)),
    fc.tuple(component, component).map(([x, y]) => new Vector2i(x, y)),
    fc.tuple(component, component, component).map(([x, y, z]) => new Vector3(x, y, z)),
    fc.tuple(component, component, component).map(([x, y, z]) => new Vector3i(x, y, z)),
    fc.tuple(component, component).map(([x, y]) => new Vector4(x, y, 0, 1)),
    fc.tuple(component, component).map(([x, y]) => new Vector4i(x, y, 0, 1)),
    component,
  );

  it('find a key exactly when variantEquals says it is the same, scanned or indexed', () => {
    fc.assert(
      fc.property(fc.array(vector, { minLength: 1, maxLength: 40 }), vector, (keys, probe) => {
        const d = new Dictionary(keys.map((k, i) => [k, i] as const));
        // A key set again keeps its place and takes the last value.
        let last = -1;
        keys.forEach((k, i) => {
          if (variantEquals(k, probe)) last = i;
        });
        expect(d.has(probe)).toBe(last !== -1);
        expect(d.get(probe)).toBe(last === -1 ? undefined : last);
        // Distinct keys by variantEquals, one entry each.
        const distinct = keys.filter((k, i) => keys.findIndex((o) => variantEquals(o, k)) === i);
        expect(d.size).toBe(distinct.length);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Decoding must return a value or throw the codec's own error, for any input. */
function decodesSafely(
  bytes: Uint8Array,
  dialect: Dialect,
  allowObjects: boolean,
  lossless: boolean,
): void {
  try {
    bytesToVar(bytes, { dialect, allowObjects, lossless });
  } catch (e) {
    if (!GdwireError.is(e)) throw e;
  }
}

const options = fc.record({
  dialect: fc.constantFrom<Dialect>('godot4', 'godot3'),
  allowObjects: fc.boolean(),
  lossless: fc.boolean(),
});

describe('hostile bytes', () => {
  it('random bytes give a value or a GdwireError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), options, (bytes, o) => {
        decodesSafely(bytes, o.dialect, o.allowObjects, o.lossless);
      }),
      { numRuns: 3000 },
    );
  });

  it('random bytes behind every valid header give a value or a GdwireError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 0, max: 15 }),
        fc.uint8Array({ maxLength: 48 }),
        options,
        (type, flags, rest, o) => {
          const bytes = new Uint8Array(4 + rest.length);
          new DataView(bytes.buffer).setUint32(0, type | (flags << 16), true);
          bytes.set(rest, 4);
          decodesSafely(bytes, o.dialect, o.allowObjects, o.lossless);
        },
      ),
      { numRuns: 3000 },
    );
  });

  const seeds = [...(godot4 as { hex: string }[]), ...(godot3 as { hex: string }[])]
    .map((f) => fromHex(f.hex))
    .filter((b) => b.length < 4096);

  it('Godot fixtures with mutated, inserted or removed bytes give a value or a GdwireError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(
          fc.tuple(
            fc.nat(),
            fc.integer({ min: 0, max: 255 }),
            fc.constantFrom('set', 'insert', 'delete'),
          ),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        options,
        (seed, edits, o) => {
          const bytes = Array.from(seed);
          for (const [at, byte, op] of edits) {
            const i = bytes.length === 0 ? 0 : at % bytes.length;
            if (op === 'set' && bytes.length > 0) bytes[i] = byte;
            else if (op === 'insert') bytes.splice(i, 0, byte);
            else bytes.splice(i, 1);
          }
          decodesSafely(Uint8Array.from(bytes), o.dialect, o.allowObjects, o.lossless);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('string encoding', () => {
  // Strings under 48 UTF-16 units are written by hand; longer ones by
  // TextEncoder. Both must give TextEncoder's bytes (lone surrogates as
  // U+FFFD), into growing buffers and into a used caller's buffer of exact size.
  const reference = new TextEncoder();

  function block(text: string): string {
    const utf8 = reference.encode(text);
    const bytes = new Uint8Array(8 + utf8.length + ((4 - (utf8.length & 3)) & 3));
    const view = new DataView(bytes.buffer);
    view.setUint32(0, VariantType.STRING, true);
    view.setUint32(4, utf8.length, true);
    bytes.set(utf8, 8);
    return toHex(bytes);
  }

  function mismatches(texts: Iterable<string>): string[] {
    const wrong: string[] = [];
    for (const text of texts) {
      const want = block(text);
      const grown = toHex(varToBytes(text));
      // A caller's buffer of the exact size, holding old bytes: padding must be written as zeros.
      const exact = new Uint8Array(want.length / 2).fill(0xff);
      const into = toHex(exact.subarray(0, encodeInto(text, exact)));
      if (grown !== want || into !== want)
        wrong.push(`${JSON.stringify(text)}: ${grown} ≠ ${want}`);
    }
    return wrong.slice(0, 5);
  }

  // The exhaustive checks below run in slices, so that each test stays far
  // below its time-out on a slow, busy machine while the whole still covers every input.
  const unitBlocks = Array.from({ length: 16 }, (_, i) => i * 0x1000);
  it.each(unitBlocks)(
    'every UTF-16 code unit from %i on (4096 of them) encodes as TextEncoder does, alone and inside text',
    (first) => {
      function* all() {
        for (let c = first; c < first + 0x1000; c++) {
          const unit = String.fromCharCode(c);
          yield unit;
          yield `ab${unit}é`;
        }
      }
      expect(mismatches(all())).toEqual([]);
    },
  );

  it('surrogate pairs, lone and reversed surrogates encode as TextEncoder does', () => {
    const leads = [0xd800, 0xd83c, 0xdbff];
    const trails = [0xdc00, 0xdfae, 0xdfff];
    function* all() {
      for (const l of leads) {
        for (const t of trails) {
          const [lead, trail] = [String.fromCharCode(l), String.fromCharCode(t)];
          yield lead + trail;
          yield trail + lead;
          yield `x${lead}${trail}${lead}`;
          yield `${lead}${lead}${trail}`;
          yield `${lead}é`;
        }
      }
      yield '🎮'.repeat(23);
      yield '🎮'.repeat(24);
      yield `${'世'.repeat(47)}\ud800`;
      yield 'é'.repeat(48);
    }
    expect(mismatches(all())).toEqual([]);
  });
});

describe('short strings', () => {
  // Strings up to 96 bytes take a hand-written UTF-8 path (ASCII up to 3
  // bytes in one call, 4 to 16 bytes through a cache); longer ones, and anything that path declines, go through a
  // fatal TextDecoder. This compares the two over every 1- and 2-byte string,
  // every 3-byte string with a 3-byte lead, every 4-byte lead and second
  // byte, short and past the cache, so they cannot drift apart. Godot's rules on top:
  // text stops at the first NUL, a leading BOM is dropped, malformed is
  // ERR_INVALID_DATA (the engine fixtures pin those down).
  const reference = new TextDecoder('utf-8', { fatal: true });
  /** ASCII that pushes what follows past the cached lengths (16 bytes). */
  const PAST_CACHE = Array.from({ length: 17 }, () => 0x41);

  const INVALID = 'ERR_INVALID_DATA';
  // One buffer for every input (a String Variant: header, length, bytes,
  // padding), so that the exhaustive loops below spend their time decoding.
  const input = new Uint8Array(8 + 128);
  const inputView = new DataView(input.buffer);
  inputView.setUint32(0, VariantType.STRING, true);

  /** What TextDecoder makes of `content` (up to its first NUL, as Godot reads). */
  function expected(content: number[]): string {
    const nul = content.indexOf(0);
    try {
      return reference.decode(input.subarray(8, 8 + (nul === -1 ? content.length : nul)));
    } catch {
      return INVALID;
    }
  }

  /** What gdwire makes of `content` as a String Variant. */
  function decoded(content: number[]): string {
    const pad = (4 - (content.length & 3)) & 3;
    try {
      return bytesToVar(input.subarray(0, 8 + content.length + pad)) as string;
    } catch (error) {
      if (error instanceof GdwireError && error.code === GodotError.ERR_INVALID_DATA)
        return INVALID;
      throw error;
    }
  }

  function mismatches(contents: Iterable<number[]>): string[] {
    const wrong: string[] = [];
    // Most inputs here are malformed, and both decoders answer those by throwing.
    withoutStackTraces(() => collect(contents, wrong));
    return wrong.slice(0, 5);
  }

  function collect(contents: Iterable<number[]>, wrong: string[]): void {
    for (const content of contents) {
      const pad = (4 - (content.length & 3)) & 3;
      inputView.setUint32(4, content.length, true);
      input.set(content, 8);
      input.fill(0, 8 + content.length, 8 + content.length + pad);
      const want = expected(content);
      // Twice: the first call fills the cache, the second reads from it.
      for (let pass = 0; pass < 2; pass++) {
        const got = decoded(content);
        if (got !== want) {
          wrong.push(
            `${toHex(Uint8Array.from(content))}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`,
          );
        }
      }
    }
  }

  const firstByteBlocks = Array.from({ length: 8 }, (_, i) => i * 32);
  it.each(firstByteBlocks)(
    'every 1- and 2-byte string starting with byte %i to 31 more decodes as TextDecoder does',
    (first) => {
      function* all() {
        for (let a = first; a < first + 32; a++) {
          yield [a];
          for (let b = 0; b < 256; b++) yield [a, b];
        }
      }
      expect(mismatches(all())).toEqual([]);
    },
  );

  const threeByteLeads = Array.from({ length: 16 }, (_, i) => 0xe0 + i);
  it.each(threeByteLeads)(
    'every 3-byte sequence with the 3-byte lead %i decodes as TextDecoder does, alone and mid-string',
    (a) => {
      const thirds = [0x00, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
      function* all() {
        for (let b = 0; b < 256; b++) {
          for (const c of thirds) {
            yield [a, b, c];
            yield [0x41, a, b, c];
            yield [0xc3, 0xa9, a, b, c, 0x41];
            yield [...PAST_CACHE, a, b, c];
          }
        }
      }
      expect(mismatches(all())).toEqual([]);
    },
  );

  const fourByteLeads = Array.from({ length: 16 }, (_, i) => 0xf0 + i);
  it.each(fourByteLeads)(
    'the 4-byte lead %i with every second byte decodes as TextDecoder does, short and long',
    (a) => {
      const tails = [0x41, 0x80, 0x8f, 0x90, 0xbf, 0xc0];
      function* all() {
        for (let b = 0; b < 256; b++) {
          for (const c of tails) {
            for (const d of tails) {
              yield [a, b, c, d];
              yield [...PAST_CACHE, a, b, c, d, 0x41];
            }
          }
        }
      }
      expect(mismatches(all())).toEqual([]);
    },
  );

  it('a NUL and an odd byte anywhere in a text past 96 bytes decode as TextDecoder does up to the NUL', () => {
    // Past 96 bytes TextDecoder reads the whole text, and the result is cut at
    // its first NUL: what follows the NUL must not matter, valid or not.
    const odd = [0x00, 0x80, 0xa9, 0xc3, 0xe2, 0xef, 0xf0, 0xff];
    function* all() {
      for (const length of [97, 100, 113, 128]) {
        for (let nul = -1; nul < length; nul += 4) {
          for (let at = 0; at < length; at += 5) {
            for (const byte of odd) {
              const text = Array.from({ length }, (_, i) => 0x61 + (i % 26));
              if (nul >= 0) text[nul] = 0;
              text[at] = byte;
              yield text;
            }
          }
        }
      }
    }
    expect(mismatches(all())).toEqual([]);
  });

  it('one odd byte at any place of an ASCII text of 1 to 17 bytes decodes as TextDecoder does', () => {
    // Up to 3 bytes, ASCII is read in one piece (tinyAscii), and 4 to 16 bytes
    // are compared with the cache a word at a time; each place must still
    // notice a NUL or a byte of 0x80 and up, and hand over.
    const odd = [0x00, 0x01, 0x7f, 0x80, 0xa9, 0xbf, 0xc3, 0xe4, 0xf0, 0xff];
    function* all() {
      for (let length = 1; length <= 17; length++) {
        for (let at = 0; at < length; at++) {
          for (const byte of odd) {
            const text = Array.from({ length }, (_, i) => 0x61 + (i % 26));
            text[at] = byte;
            yield text;
            // A valid two-byte character there, where it fits.
            if (byte === 0xc3 && at + 1 < length)
              yield text.map((x, i) => (i === at + 1 ? 0xa9 : x));
          }
        }
      }
    }
    expect(mismatches(all())).toEqual([]);
  });

  it('texts longer than the cached ones, up to and past the hand-decoded size, decode as TextDecoder does', () => {
    const pieces = ['a', 'é', '世', '🎮', '\u0000', '\ufeff'].map((t) => [
      ...new TextEncoder().encode(t),
    ]);
    function* all() {
      for (let length = 17; length <= 100; length++) {
        for (const piece of pieces) {
          const text: number[] = [];
          while (text.length + piece.length <= length) text.push(...piece);
          yield text;
          yield [0xef, 0xbb, 0xbf, ...text];
          yield [...text.slice(0, -1), 0x41];
        }
      }
    }
    expect(mismatches(all())).toEqual([]);
  });

  it('BOMs, 4-byte sequences and truncations decode as TextDecoder does', () => {
    const cases = [
      [0xef, 0xbb, 0xbf],
      [0xef, 0xbb, 0xbf, 0x41],
      [0x41, 0xef, 0xbb, 0xbf],
      [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
      [0xf0, 0x9f, 0x8e, 0xae],
      [0x41, 0xf0, 0x9f, 0x8e, 0xae, 0x42],
      [0xf0, 0x9f, 0x8e],
      [0xf4, 0x90, 0x80, 0x80],
      [0xc3],
      [0x41, 0xc3],
      [0xe6, 0x97],
      [0xc3, 0x00, 0xa9],
      [0x41, 0x00, 0xff],
      [0xc3, 0xa9, 0x00, 0xc3],
      Array.from({ length: 16 }, () => 0xc3)
        .flatMap((x) => [x, 0xa9])
        .slice(0, 16),
      [...Array.from({ length: 5 }, () => [0xe4, 0xb8, 0x96]).flat(), 0x41],
      [...Array.from({ length: 5 }, () => [0xe4, 0xb8, 0x96]).flat(), 0x41, 0x42],
    ];
    expect(mismatches(cases)).toEqual([]);
  });
});

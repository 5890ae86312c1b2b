/**
 * The codec's API beyond the fixtures: natural JS values, errors with Godot's
 * codes and offsets, limits, options and the value classes. Expected bytes
 * come from the engine fixtures, never from the encoder itself.
 */
import {
  AABB,
  Basis,
  bytesToVar,
  Color,
  Dictionary,
  decodeVariant,
  EncodedObjectAsID,
  encodedSize,
  encodeInto,
  errorName,
  errorString,
  Float,
  GdwireError,
  GodotError,
  GodotObject,
  NodePath,
  PackedStringArray,
  Plane,
  Projection,
  Quaternion,
  Rect2,
  Rect2i,
  StringName,
  Transform2D,
  Transform3D,
  TypedArray,
  typeOfVariant,
  type Variant,
  VariantEncoder,
  type VariantInput,
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
import { describe, expect, it } from 'vitest';
import { cacheSlot } from '../src/reader.js';
import { keyIdentity } from '../src/variant-key.js';
import malformed from './fixtures/godot4-malformed.json';
import values from './fixtures/godot4-values.json';
import { asDictionaries, RECORD_LIST } from './fixtures/value-cases.js';
import { fromHex, resizableBuffer, thrown, toHex, withoutStackTraces } from './helpers.js';

const godot = (name: string): string => {
  const fixture = (values as { name: string; hex: string }[]).find((f) => f.name === name);
  if (!fixture) throw new Error(`no fixture ${name}`);
  return fixture.hex;
};
/** A Godot 4.6 input fixture: its bytes, and what Godot re-encoded them to when it accepted them. */
const godotMalformed = (name: string): { hex: string; reencoded?: string } => {
  const fixture = (malformed as { name: string; hex: string; reencoded?: string }[]).find(
    (f) => f.name === name,
  );
  if (!fixture) throw new Error(`no fixture ${name}`);
  return fixture;
};
const godotInput = (name: string): string => godotMalformed(name).hex;

describe('natural JS values in, the types a GDScript user expects out', () => {
  it('sends { hp: 100, pos: Vector2(1, 2) } as Godot writes {"hp": 100, "pos": Vector2(1, 2)}', () => {
    expect(toHex(varToBytes({ hp: 100, pos: new Vector2(1, 2) }))).toBe(
      godot('dictionary/game-message'),
    );
  });

  it('sends integral numbers as int, others as float, Float(n) as float', () => {
    expect(toHex(varToBytes(42))).toBe(godot('int/42'));
    expect(toHex(varToBytes(1.5))).toBe(godot('float/1.5'));
    expect(toHex(varToBytes(0.1))).toBe(godot('float/0.1'));
    expect(toHex(varToBytes(new Float(1)))).toBe(godot('float/1.0'));
    expect(toHex(varToBytes(new Float(-0)))).toBe(godot('float/-0.0'));
  });

  it('sends bigint and large integral numbers as 64-bit ints', () => {
    expect(toHex(varToBytes(2n ** 32n))).toBe(godot('int/4294967296'));
    expect(toHex(varToBytes(4294967296))).toBe(godot('int/4294967296'));
    expect(toHex(varToBytes(-(2n ** 63n)))).toBe(godot('int/-9223372036854775807 - 1'));
    // Numbers past 32 bits, to the edges of int64 (as elements: array/wide-ints-and-flags).
    const numbers: [number, string][] = [
      [2147483648, 'int/2147483648'],
      [-2147483649, 'int/-2147483649'],
      [-4294967297, 'int/-4294967297'],
      [9007199254740991, 'int/9007199254740991'],
      [-9007199254740992, 'int/-9007199254740992'],
      [2 ** 62, 'int/4611686018427387904'],
      [-(2 ** 62), 'int/-4611686018427387904'],
      [-(2 ** 63), 'int/-9223372036854775807 - 1'],
    ];
    for (const [n, name] of numbers) expect(toHex(varToBytes(n))).toBe(godot(name));
  });

  it("sends a plain object's bools, nulls and wide ints as Godot writes them", () => {
    const record = {
      ready: true,
      team: null,
      muted: false,
      account: 4000000000,
      name: 'Ana',
      hp: 0.5,
    };
    expect(toHex(varToBytes(record))).toBe(godot('dictionary/record-flags'));
  });

  it('writes the keys of a list of plain objects as Godot does, however they repeat or change', () => {
    // The encoder remembers each depth's last keys and copies those it meets
    // again: encoded twice, after other records filled that memory, and in Godot 3.
    const bytes = godot('dictionary/record-list');
    varToBytes([{ id: 'x', nom: 1 }, { name: 2, zz: 3 }, { inner: { nom: 1 } }]);
    expect(toHex(varToBytes(RECORD_LIST as never))).toBe(bytes);
    expect(toHex(varToBytes(RECORD_LIST as never))).toBe(bytes);
    // In reverse, against Dictionaries, which the encoder writes by another path.
    const reversed = [...RECORD_LIST].reverse();
    expect(toHex(varToBytes(reversed as never))).toBe(toHex(varToBytes(asDictionaries(reversed))));
    const godot3 = varToBytes(RECORD_LIST as never, { dialect: 'godot3' });
    expect(bytesToVar(godot3, { dialect: 'godot3' })).toEqual(bytesToVar(fromHex(bytes)));
  });

  it('sends integral numbers past int64 as floats, also as elements of an Array of numbers', () => {
    // The encoder writes an Array that starts with a number in a loop of its own.
    const floats = [1e300, 2 ** 64, -1e19];
    for (const n of floats) expect(typeOfVariant(n)).toBe(VariantType.FLOAT);
    expect(toHex(varToBytes([...floats, 1]))).toBe(godot('array/scalars-float-past-int64'));
  });

  it('decodes ints beyond ±2^53 as bigint and within as number', () => {
    expect(bytesToVar(fromHex(godot('int/9223372036854775807')))).toBe(9223372036854775807n);
    expect(bytesToVar(fromHex(godot('int/9007199254740991')))).toBe(9007199254740991);
  });

  it('goes by the class, not by an own `constructor` property naming one', () => {
    // The encoder tells plain arrays by `constructor` (a fast path; reading it
    // for every object was tried too): that must not change these. They are
    // Dictionaries with a function value, which has no Godot type, and an Array.
    for (const value of [
      { constructor: Array },
      { constructor: Vector2, x: 1, y: 2 },
      { constructor: StringName, value: 'a' },
      { constructor: Object, a: 1 },
    ]) {
      const e = thrown(() => varToBytes(value));
      expect(e.code).toBe(GodotError.ERR_INVALID_PARAMETER);
      expect(e.message).toMatch(/a function value has no Godot Variant type/);
    }
    const array = Object.assign(['Hello, World!', 42], { constructor: Object });
    expect(toHex(varToBytes(array))).toBe(godot('array/hello-42'));
  });

  it('sends undefined as null, a Map as a Dictionary with any keys', () => {
    expect(toHex(varToBytes(undefined))).toBe(godot('nil'));
    const map = new Map<unknown, unknown>([
      [1, 'int'],
      [new Float(1), 'float'],
      ['1', 'string'],
      [new Vector2i(1, 1), 'vec'],
      [null, 'nil'],
      [true, 'bool'],
    ]);
    expect(toHex(varToBytes(map as never))).toBe(godot('dictionary/mixed-keys'));
  });

  it('sends numbers in an Array[float] as floats, as Godot stores them', () => {
    const typed = new TypedArray({ type: VariantType.FLOAT }, [1, 2.5]);
    expect(toHex(varToBytes(typed))).toBe(godot('array/typed-float'));
  });

  it('keeps Color in float32 when real_t is double', () => {
    expect(toHex(varToBytes(new Color(0.5, 0.25, 0.125, 0.75), { realIsDouble: true }))).toBe(
      godot('color/custom'),
    );
  });

  it('writes double-precision math types exactly as the input Godot accepted as such', () => {
    for (const name of [
      'vector2/64-flag-doubles',
      'vector3/64-flag-doubles',
      'packed-vector2-array/64-flag-doubles',
    ]) {
      const input = godotInput(name);
      const value = bytesToVar(fromHex(input));
      expect(toHex(varToBytes(value, { realIsDouble: true }))).toBe(input);
    }
  });
});

describe('errors carry Godot codes, messages and offsets', () => {
  it('has all 49 Error constants with their names and error_string texts', () => {
    expect(Object.keys(GodotError)).toHaveLength(49);
    expect(GodotError.OK).toBe(0);
    expect(GodotError.ERR_PRINTER_ON_FIRE).toBe(48);
    expect(errorName(18)).toBe('ERR_FILE_EOF');
    expect(errorString(GodotError.ERR_CANT_RESOLVE)).toBe("Can't resolve");
    expect(errorString(49)).toBe('(invalid error code)');
    expect(errorString(-1)).toBe('(invalid error code)');
    expect(errorName(49)).toBeUndefined();
  });

  it('refuses values with no Godot type', () => {
    for (const value of [() => 1, Symbol('x'), new Uint16Array(2), new (class Thing {})()]) {
      const e = thrown(() => varToBytes(value as never));
      expect(e.code).toBe(GodotError.ERR_INVALID_PARAMETER);
      expect(e.message).toMatch(/no Godot Variant type/);
    }
  });

  it('refuses an unknown dialect with ERR_INVALID_PARAMETER, on every entry point', () => {
    const dialect = 'godot5' as never;
    const bytes = varToBytes(1);
    for (const call of [
      () => varToBytes(1, { dialect }),
      () => encodeInto(1, new Uint8Array(8), 0, { dialect }),
      () => new VariantEncoder({ dialect }).encode(1),
      () => bytesToVar(bytes, { dialect }),
      () => decodeVariant(bytes, 0, { dialect }),
      () => bytesToVar(bytes, { dialect: 'toString' as never }),
    ]) {
      const e = thrown(call);
      expect(e.code).toBe(GodotError.ERR_INVALID_PARAMETER);
      expect(e.message).toMatch(/unknown dialect/);
    }
  });

  it('refuses bigints outside int64 with ERR_PARAMETER_RANGE_ERROR', () => {
    expect(thrown(() => varToBytes(2n ** 63n)).code).toBe(GodotError.ERR_PARAMETER_RANGE_ERROR);
    expect(thrown(() => varToBytes([-(2n ** 63n) - 1n])).code).toBe(
      GodotError.ERR_PARAMETER_RANGE_ERROR,
    );
  });

  it('fails self-referencing and over-deep values with ERR_OUT_OF_MEMORY, not a stack overflow', () => {
    const loop: unknown[] = [];
    loop.push(loop);
    expect(thrown(() => varToBytes(loop as never)).code).toBe(GodotError.ERR_OUT_OF_MEMORY);
    const dict: Record<string, unknown> = {};
    dict.self = dict;
    expect(thrown(() => varToBytes(dict as never)).code).toBe(GodotError.ERR_OUT_OF_MEMORY);
    let deep: unknown[] = [];
    for (let i = 0; i < 1025; i++) deep = [deep];
    expect(thrown(() => varToBytes(deep as never)).code).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(toHex(varToBytes((deep as unknown[])[0] as never))).toBe(godot('array/depth-1024'));
    // An int one level past Godot's limit fails too (Godot 4.6's var_to_bytes
    // returns nothing for it), also where the Array's loop writes ints itself.
    let deepInt: unknown[] = [7];
    for (let i = 0; i < 1023; i++) deepInt = [deepInt];
    expect(toHex(varToBytes(deepInt as never))).toBe(godot('array/depth-1024-int'));
    expect(thrown(() => varToBytes([deepInt] as never)).code).toBe(GodotError.ERR_OUT_OF_MEMORY);
  });

  it('sends full objects only with fullObjects, and only with a res:// script', () => {
    const obj = new GodotObject('Resource', { resource_name: 'x' });
    expect(thrown(() => varToBytes(obj)).code).toBe(GodotError.ERR_INVALID_PARAMETER);
    const scripted = new GodotObject('Node', { script: 'user://evil.gd' });
    expect(thrown(() => varToBytes(scripted, { fullObjects: true })).code).toBe(
      GodotError.ERR_UNAVAILABLE,
    );
    expect(toHex(varToBytes(new EncodedObjectAsID(5n)))).toBe('18000100' + '0500000000000000');
  });

  it('reports where decoding failed', () => {
    const e = thrown(() => bytesToVar(fromHex(godotInput('array/bad-element-eof'))));
    expect(e.code).toBe(GodotError.ERR_FILE_EOF);
    // Header 0, count 4, int 8–15, string header 16, its length word at 20.
    expect(e.offset).toBe(20);
    expect(e.message).toMatch(/at byte 20/);
  });

  it('names a cut-off Variant header and where it starts, at the top and nested', () => {
    const top = thrown(() => bytesToVar(fromHex('1c')));
    expect(top.code).toBe(GodotError.ERR_INVALID_DATA);
    expect(top.message).toBe(
      'ERR_INVALID_DATA: a Variant header needs 4 bytes but only 1 are left (at byte 0)',
    );
    // Godot's game-message Dictionary cut 2 bytes into its first key's header.
    const key = thrown(() =>
      bytesToVar(fromHex(godotInput('truncated/dictionary/game-message/10'))),
    );
    expect(key.code).toBe(GodotError.ERR_INVALID_DATA);
    expect(key.offset).toBe(8);
    expect(key.message).toMatch(/a Variant header needs 4 bytes but only 2 are left \(at byte 8\)/);
  });

  it('refuses full objects wherever they are nested, and accepts object ids', () => {
    expect(thrown(() => bytesToVar(fromHex(godotInput('object/full-nested-refused')))).code).toBe(
      GodotError.ERR_UNAUTHORIZED,
    );
    expect(bytesToVar(fromHex(godot('object/as-id-node')))).toBeInstanceOf(EncodedObjectAsID);
  });

  it('fails at once, allocating nothing, for a small packet that claims a huge size', () => {
    for (const hex of [
      '1c000000ffffff7f',
      '1d000000ffffff7f0000',
      '1f000000ffffff7f',
      '04000000ffffff7f',
    ]) {
      const e = thrown(() => bytesToVar(fromHex(hex)));
      expect([GodotError.ERR_INVALID_DATA, GodotError.ERR_FILE_EOF]).toContain(e.code);
    }
  });

  it('recognises its errors across duplicate installs by a global brand', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('gdwire.GdwireError')]: true });
    expect(GdwireError.is(foreign)).toBe(true);
    expect(GdwireError.is(new Error('x'))).toBe(false);
    const e = new GdwireError(GodotError.ERR_BUSY, 'busy');
    expect(e.codeName).toBe('ERR_BUSY');
    expect(e).toBeInstanceOf(Error);
  });
});

describe('lower-level encoders and decoders', () => {
  it('walks a stream of values with decodeVariant', () => {
    const stream = fromHex(godot('int/42') + godot('string/asd') + godot('vector2/1-2'));
    const out: unknown[] = [];
    for (let offset = 0; offset < stream.length; ) {
      const { value, length } = decodeVariant(stream, offset);
      out.push(value);
      offset += length;
    }
    expect(out).toEqual([42, 'asd', new Vector2(1, 2)]);
    expect(thrown(() => decodeVariant(stream, -1)).code).toBe(GodotError.ERR_PARAMETER_RANGE_ERROR);
  });

  it('varToBytes results stay intact and a large value does not pin a big buffer', () => {
    const small = { hp: 100, name: 'Élodie' };
    const big = new Float32Array(300_000).map((_, i) => i / 7);
    const expectedSmall = toHex(varToBytes(small).slice());
    const expectedBig = toHex(varToBytes(big).slice());
    const results: Uint8Array[] = [];
    // Alternate small and large values, and several large ones in a row.
    for (const value of [small, big, big, small, small, big, small])
      results.push(varToBytes(value));
    const hexes = results.map(toHex);
    expect(hexes).toEqual([
      expectedSmall,
      expectedBig,
      expectedBig,
      expectedSmall,
      expectedSmall,
      expectedBig,
      expectedSmall,
    ]);
    // A small result right after a large one does not share the large one's buffer.
    for (const i of [3, 4, 6]) expect(results[i]!.buffer.byteLength).toBeLessThanOrEqual(64 * 1024);
    expect(bytesToVar(results[6]!)).toBeInstanceOf(Dictionary);
  });

  it('writes long Strings as Godot does wherever they fall: in the room left, past it, at a limit', () => {
    // Long text goes into the room there is, then into room made for the
    // rest; its NUL (PackedStringArray) and padding may be all that is left over.
    const cases: [string, VariantInput][] = [
      ['string/long-ascii-4096', 'x'.repeat(4096)],
      ['string/long-mixed-6001', `${'a'.repeat(3000)}🎮${'ß'.repeat(1498)}z`],
      ['string/long-emoji-2000', '🎮'.repeat(2000)],
      [
        'packed-string-array/long',
        new PackedStringArray(['x'.repeat(3000), 'é'.repeat(100), '🎮'.repeat(30)]),
      ],
    ];
    for (const [name, value] of cases) {
      const want = godot(name);
      const size = want.length / 2;
      // varToBytes after values of every size up to a slab: the text starts
      // anywhere in the slab, and often runs past its end.
      for (let filler = 0; filler < 70_000; filler += 1531) {
        varToBytes(new Uint8Array(filler));
        const bytes = varToBytes(value);
        expect(toHex(bytes)).toBe(want);
        // In a 64 KiB slab, not in one grown (and copied) for room the text never needed.
        if (filler < 60_000) expect(bytes.buffer.byteLength).toBe(64 * 1024);
      }
      // A buffer of the caller's, exactly the size, then a byte short anywhere in the text.
      for (let offset = 0; offset < 8; offset++) {
        const target = new Uint8Array(offset + size);
        expect(encodeInto(value, target, offset)).toBe(size);
        expect(toHex(target.subarray(offset))).toBe(want);
        for (const short of [1, 2, 3, 4, 5, 700]) {
          const e = thrown(() => encodeInto(value, new Uint8Array(offset + size - short), offset));
          expect(e.code).toBe(GodotError.ERR_OUT_OF_MEMORY);
          expect(e.message).toMatch(`at least ${offset + size}`);
        }
      }
      // A size limit of exactly the size, and one byte less.
      expect(toHex(new VariantEncoder({ maxSize: size }).encode(value))).toBe(want);
      const over = thrown(() => new VariantEncoder({ maxSize: size - 1 }).encode(value));
      expect(over.code).toBe(GodotError.ERR_OUT_OF_MEMORY);
    }
  });

  it('decodes a view over a resizable ArrayBuffer again after the buffer grew or shrank', () => {
    const small = varToBytes(7);
    const large = varToBytes('a String of more than sixteen bytes');
    const buffer = resizableBuffer(small.length, 256);
    const input = new Uint8Array(buffer); // tracks the buffer's length
    input.set(small);
    expect(bytesToVar(input)).toBe(7);
    buffer.resize(large.length);
    input.set(large);
    expect(bytesToVar(input)).toBe('a String of more than sixteen bytes');
    buffer.resize(small.length);
    input.set(small);
    expect(bytesToVar(input)).toBe(7);
    buffer.resize(2);
    expect(() => bytesToVar(input)).toThrow(
      expect.objectContaining({ code: GodotError.ERR_INVALID_DATA }),
    );
  });

  it('reads and writes Strings in resizable and shared buffers as in plain ones', () => {
    const value = [
      'a String of more than sixteen bytes',
      'ünïcödé text past sixteen bytes',
      'long text, ünïcödé too, for TextEncoder and TextDecoder '.repeat(8),
    ];
    const bytes = varToBytes(value);
    const resizable = resizableBuffer(8, 1024);
    resizable.resize(1024);
    const buffers: ArrayBufferLike[] = [resizable];
    // Browsers have SharedArrayBuffer only in cross-origin isolated pages.
    if (typeof SharedArrayBuffer === 'function') buffers.push(new SharedArrayBuffer(1024));
    for (const buffer of buffers) {
      const target = new Uint8Array(buffer);
      expect(encodeInto(value, target, 4)).toBe(bytes.length);
      expect(target.subarray(4, 4 + bytes.length)).toEqual(bytes);
      expect(bytesToVar(target.subarray(4))).toEqual(value);
      expect(() => encodeInto(value, target, 1024 - bytes.length + 1)).toThrow(
        expect.objectContaining({ code: GodotError.ERR_OUT_OF_MEMORY }),
      );
    }
  });

  it('refuses input that is not a Uint8Array, and an encode limit that is not a size, with ERR_INVALID_PARAMETER', () => {
    const bytes = varToBytes({ a: 1 });
    const notBytes: unknown[] = [
      bytes.buffer,
      Array.from(bytes),
      new DataView(bytes.buffer),
      new Int8Array(bytes.buffer),
      'text',
      null,
      undefined,
    ];
    for (const input of notBytes) {
      for (const decode of [
        () => bytesToVar(input as Uint8Array),
        () => decodeVariant(input as Uint8Array),
        () => decodeVariant(input as Uint8Array, 1),
      ]) {
        expect(decode, String(input)).toThrow(
          expect.objectContaining({ code: GodotError.ERR_INVALID_PARAMETER }),
        );
      }
    }
    // A subclass (as Node's Buffer is) is a Uint8Array.
    class Bytes extends Uint8Array {}
    expect(bytesToVar(new Bytes(bytes))).toEqual(bytesToVar(bytes));
    for (const maxSize of [Number.NaN, -1, '8' as unknown as number]) {
      expect(() => new VariantEncoder({ maxSize }), String(maxSize)).toThrow(
        expect.objectContaining({ code: GodotError.ERR_INVALID_PARAMETER }),
      );
      const encoder = new VariantEncoder();
      expect(() => {
        encoder.maxSize = maxSize;
      }).toThrow(expect.objectContaining({ code: GodotError.ERR_INVALID_PARAMETER }));
      expect(encoder.encode(5).length).toBe(8);
    }
  });

  it('encodeInto refuses an offset outside the buffer with ERR_PARAMETER_RANGE_ERROR', () => {
    const target = new Uint8Array(16);
    for (const offset of [-1, 1.5, 17, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => encodeInto(5, target, offset), String(offset)).toThrow(
        expect.objectContaining({ code: GodotError.ERR_PARAMETER_RANGE_ERROR }),
      );
    }
    expect(target).toEqual(new Uint8Array(16)); // nothing written
    for (const notBytes of [null, new ArrayBuffer(16), [0, 0, 0, 0, 0, 0, 0, 0]]) {
      expect(() => encodeInto(5, notBytes as unknown as Uint8Array), String(notBytes)).toThrow(
        expect.objectContaining({ code: GodotError.ERR_INVALID_PARAMETER }),
      );
    }
    expect(encodeInto(5, target, 8)).toBe(8);
    expect(() => encodeInto(5, target, 16)).toThrow(
      expect.objectContaining({ code: GodotError.ERR_OUT_OF_MEMORY }),
    );
  });

  it('encodeInto refuses a buffer that is too small with ERR_OUT_OF_MEMORY', () => {
    const size = encodedSize({ hp: 100, pos: new Vector2(1, 2) });
    expect(size).toBe(godot('dictionary/game-message').length / 2);
    const e = thrown(() =>
      encodeInto({ hp: 100, pos: new Vector2(1, 2) }, new Uint8Array(size - 1)),
    );
    expect(e.code).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(e.message).toMatch(`at least ${size}`);
  });

  it('VariantEncoder enforces its size limit like put_var, after any encode error', () => {
    const encoder = new VariantEncoder({ maxSize: 1024 });
    // Godot's test_packet_peer: a 1025-character string over a 1024-byte limit.
    expect(thrown(() => encoder.encode('x'.repeat(1025))).code).toBe(GodotError.ERR_OUT_OF_MEMORY);
    const big = ['x'.repeat(2000), new GodotObject('Node')];
    expect(thrown(() => encoder.encode(big)).code).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(toHex(encoder.encode({ hp: 100, pos: new Vector2(1, 2) }))).toBe(
      godot('dictionary/game-message'),
    );
  });

  it('VariantEncoder: an encode started by a getter while it encodes leaves the outer result intact', () => {
    const encoder = new VariantEncoder();
    let inner: Uint8Array | null = null;
    const value = {
      hp: 100,
      get pos() {
        inner = encoder.encode('a string that would overwrite the start of the buffer').slice();
        return new Vector2(1, 2);
      },
    };
    expect(toHex(encoder.encode(value))).toBe(godot('dictionary/game-message'));
    expect(bytesToVar(inner!)).toBe('a string that would overwrite the start of the buffer');
    // And the encoder goes on as before.
    expect(toHex(encoder.encode({ hp: 100, pos: new Vector2(1, 2) }))).toBe(
      godot('dictionary/game-message'),
    );
  });

  it('gives values of their own from small inputs, however inputs come and change', () => {
    // Small inputs the decoder has not just read are read from a copy of its
    // own, kept for the next such input: nothing decoded may share it.
    const values: Variant[] = [
      new Uint8Array([1, 2, 3, 250]),
      new Int32Array([7, -9]),
      new Float64Array([1.5, -2.25]),
      ['a String of more than sixteen bytes', 'short', new Uint8Array([9])],
      new Dictionary([
        ['hp', 100],
        ['pos', new Vector2(1, 2)],
      ]),
    ];
    const inputs = values.map((v) => varToBytes(v).slice());
    const decoded = inputs.map((bytes) => bytesToVar(bytes));
    expect(decoded).toEqual(values);
    // Other inputs since, and the same ones again (then read where they are).
    for (const bytes of [...inputs, ...inputs]) bytesToVar(bytes);
    for (let i = 0; i < 4; i++) bytesToVar(varToBytes(['other', new Uint8Array([0, 0, 0, i])]));
    expect(decoded).toEqual(values);
    // One array, changed between decodes: read afresh each time, first from a
    // copy, then where it is.
    const input = new Uint8Array(64);
    for (const value of [5, 'changed text of some length', new Uint8Array([4, 5]), 6]) {
      input.fill(0);
      input.set(varToBytes(value));
      expect(bytesToVar(input)).toEqual(value);
    }
  });

  it('decodes packed arrays as copies, or as views with zeroCopy when aligned', () => {
    const bytes = fromHex(godot('packed-float32-array/values'));
    const copy = bytesToVar(bytes) as Float32Array;
    const view = bytesToVar(bytes, { zeroCopy: true }) as Float32Array;
    expect(copy.buffer).not.toBe(bytes.buffer);
    expect(view.buffer).toBe(bytes.buffer);
    expect(Array.from(view)).toEqual(Array.from(copy));
    // A small array the decoder has not read before, too.
    const fresh = bytes.slice();
    expect((bytesToVar(fresh, { zeroCopy: true }) as Float32Array).buffer).toBe(fresh.buffer);
    const freshBytes = varToBytes(new Uint8Array([1, 2, 3]));
    expect((bytesToVar(freshBytes, { zeroCopy: true }) as Uint8Array).buffer).toBe(
      freshBytes.buffer,
    );
    const misaligned = new Uint8Array(bytes.length + 1);
    misaligned.set(bytes, 1);
    const fallback = bytesToVar(misaligned.subarray(1), { zeroCopy: true }) as Float32Array;
    expect(fallback.buffer).not.toBe(misaligned.buffer);
    expect(Array.from(fallback)).toEqual(Array.from(copy));
  });
});

describe('Dictionary keys compare as Godot compares them', () => {
  it('keeps int 1 and float 1.0 apart, and String and StringName together', () => {
    const d = new Dictionary();
    d.set(1, 'int').set(new Float(1), 'float').set('a', 'string').set(new StringName('a'), 'name');
    expect(d.size).toBe(3);
    expect(d.get(1)).toBe('int');
    expect(d.get(new Float(1))).toBe('float');
    expect(d.get('a')).toBe('name');
    expect(typeof [...d.keys()][2]).toBe('string');
  });

  it('treats a StringName as the same key as a String with its text, whatever came first', () => {
    const d = new Dictionary({ a: 1, b: 2 });
    d.set(new StringName('a'), 10).set(new StringName('c'), 3).set('c', 30);
    expect([...d.keys()]).toEqual(['a', 'b', new StringName('c')]);
    expect(d.get('a')).toBe(10);
    expect(d.get(new StringName('b'))).toBe(2);
    expect(d.get('c')).toBe(30);
    expect(d.size).toBe(3);
  });

  it('keeps insertion order, and a re-set key keeps its place', () => {
    const d = new Dictionary({ z: 1, a: 2 });
    d.set('m', 3).set('z', 4);
    expect([...d.keys()]).toEqual(['z', 'a', 'm']);
    expect(d.toObject()).toEqual({ z: 4, a: 2, m: 3 });
  });

  it('keeps a "__proto__" key as an entry of its plain object, not as its prototype', () => {
    const d = new Dictionary([
      ['__proto__', new Dictionary({ admin: true })],
      ['a', 1],
    ]);
    const plain = d.toObject();
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.keys(plain)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(plain, '__proto__')?.value).toBe(d.get('__proto__'));
    expect(JSON.stringify(d)).toBe('{"__proto__":{"admin":true},"a":1}');
  });

  it('finds value-typed keys by value, and collapses NaN keys', () => {
    const d = new Dictionary();
    d.set(new Vector2i(1, 2), 'tile').set(Number.NaN, 'a').set(Number.NaN, 'b');
    expect(d.get(new Vector2i(1, 2))).toBe('tile');
    expect(d.has(new Vector2i(2, 1))).toBe(false);
    expect(d.size).toBe(2);
    expect(d.get(Number.NaN)).toBe('b');
    expect(d.delete(new Vector2i(1, 2))).toBe(true);
    expect(d.size).toBe(1);
  });

  it('finds math keys of every type by value: each component counts, the type too', () => {
    const v2 = (n: number[], i: number) => new Vector2(n[i]!, n[i + 1]!);
    const v3 = (n: number[], i: number) => new Vector3(n[i]!, n[i + 1]!, n[i + 2]!);
    const v4 = (n: number[], i: number) => new Vector4(n[i]!, n[i + 1]!, n[i + 2]!, n[i + 3]!);
    const basis = (n: number[], i: number) => new Basis(v3(n, i), v3(n, i + 3), v3(n, i + 6));
    const kinds: [number, (n: number[]) => Variant][] = [
      [2, (n) => v2(n, 0)],
      [2, (n) => new Vector2i(n[0]!, n[1]!)],
      [3, (n) => v3(n, 0)],
      [3, (n) => new Vector3i(n[0]!, n[1]!, n[2]!)],
      [4, (n) => v4(n, 0)],
      [4, (n) => new Vector4i(n[0]!, n[1]!, n[2]!, n[3]!)],
      [4, (n) => new Rect2(n[0]!, n[1]!, n[2]!, n[3]!)],
      [4, (n) => new Rect2i(n[0]!, n[1]!, n[2]!, n[3]!)],
      [4, (n) => new Quaternion(n[0]!, n[1]!, n[2]!, n[3]!)],
      [4, (n) => new Plane(n[0]!, n[1]!, n[2]!, n[3]!)],
      [4, (n) => new Color(n[0]!, n[1]!, n[2]!, n[3]!)],
      [6, (n) => new AABB(n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5]!)],
      [6, (n) => new Transform2D(v2(n, 0), v2(n, 2), v2(n, 4))],
      [9, (n) => basis(n, 0)],
      [12, (n) => new Transform3D(basis(n, 0), v3(n, 9))],
      [16, (n) => new Projection(v4(n, 0), v4(n, 4), v4(n, 8), v4(n, 12))],
    ];
    const all = new Dictionary();
    for (const [count, make] of kinds) {
      const base = Array.from({ length: count }, (_, i) => i + 1);
      const d = new Dictionary([[make(base), 'base']]);
      all.set(make(base), count);
      expect(d.get(make([...base]))).toBe('base');
      for (let k = 0; k < count; k++) {
        expect(d.has(make(base.map((x, i) => (i === k ? 99 : x))))).toBe(false);
      }
      // -0 and 0 are one component value, as in Godot.
      const zeros = new Dictionary([[make(base.map(() => 0)), 'zero']]);
      expect(zeros.get(make(base.map(() => -0)))).toBe('zero');
    }
    // The same numbers in another type are another key.
    expect(all.size).toBe(kinds.length);
  });

  it('tells whole-number vector keys apart by every bit of every component, fractions too', () => {
    // Whole-number components are packed two UTF-16 units each (vectorKey);
    // the halves of a component must not trade places with a neighbour's.
    const edges = [0, 1, -1, 0xffff, 0x10000, -0x10000, 2 ** 31 - 1, -(2 ** 31)];
    const d = new Dictionary();
    for (const x of edges) for (const y of edges) d.set(new Vector2i(x, y), `${x},${y}`);
    expect(d.size).toBe(edges.length ** 2);
    for (const x of edges)
      for (const y of edges) expect(d.get(new Vector2i(x, y))).toBe(`${x},${y}`);
    // Float vectors with whole components, beside ones with a fraction, NaN
    // or past int32 in any one place.
    const values = [7, 7.5, Number.NaN, 2 ** 31 + 7, -(2 ** 31) - 7];
    const vectors: ((c: number[]) => Variant)[] = [
      (c) => new Vector2(c[0]!, c[1]!),
      (c) => new Vector3(c[0]!, c[1]!, c[2]!),
      (c) => new Vector4(c[0]!, c[1]!, c[2]!, c[3]!),
    ];
    vectors.forEach((make, n) => {
      const floats = new Dictionary();
      const at = (k: number, v: number) => make([7, 7, 7, 7].map((c, i) => (i === k ? v : c)));
      for (let k = 0; k < n + 2; k++) for (const v of values) floats.set(at(k, v), `${k}:${v}`);
      expect(floats.size).toBe((n + 2) * (values.length - 1) + 1); // 7 in place k is one key
      for (let k = 0; k < n + 2; k++) {
        for (const v of values.slice(1)) expect(floats.get(at(k, v))).toBe(`${k}:${v}`);
      }
    });
    expect(new Dictionary([[new Vector3(1, 2, 3), 0]]).has(new Vector3i(1, 2, 3))).toBe(false);
    // A String with the same UTF-16 units is another key.
    const packed = new Dictionary([[new Vector2i(1, 2), 'tile']]);
    expect(packed.has(String.fromCharCode(0, 1, 6, 1, 0, 2, 0))).toBe(false);
    packed.set(String.fromCharCode(0, 1, 6, 1, 0, 2, 0), 'text');
    expect(packed.size).toBe(2);
    expect(packed.get(new Vector2i(1, 2))).toBe('tile');
  });

  it('tells vector keys apart at the edges of the packed numbers, and from number keys', () => {
    // Whole-number vectors with small components are found by a number
    // (vectorKey): (2^52 + packed components) * 2^(8 + type id), with
    // components in [-P, P). Just inside and just outside P, in every place.
    const kinds: [number, number, (c: number[]) => Variant][] = [
      [2 ** 25, 2, (c) => new Vector2i(c[0]!, c[1]!)],
      [2 ** 25, 2, (c) => new Vector2(c[0]!, c[1]!)],
      [2 ** 16, 3, (c) => new Vector3i(c[0]!, c[1]!, c[2]!)],
      [2 ** 16, 3, (c) => new Vector3(c[0]!, c[1]!, c[2]!)],
      [2 ** 12, 4, (c) => new Vector4i(c[0]!, c[1]!, c[2]!, c[3]!)],
      [2 ** 12, 4, (c) => new Vector4(c[0]!, c[1]!, c[2]!, c[3]!)],
    ];
    // Every combination of edge values, every vector type in one Dictionary:
    // a packing that let two of them meet would lose one.
    const tuples = (edges: number[], n: number): number[][] =>
      n === 0 ? [[]] : tuples(edges, n - 1).flatMap((t) => edges.map((e) => [...t, e]));
    const d = new Dictionary();
    const all: [Variant, string][] = [];
    for (const [p, n, make] of kinds) {
      for (const c of tuples([0, 1, -1, p - 1, p, -p, -p - 1, p + 1], n)) {
        const key = make(c);
        all.push([key, `${n}:${c.join()}:${(key as object).constructor.name}`]);
        d.set(key, all.at(-1)![1]);
      }
    }
    expect(d.size).toBe(all.length);
    for (const [key, text] of all) expect(d.get(key)).toBe(text);
    // The numbers such identities are, as int, float and bigint keys, are other keys.
    const scale = [6, 5, 10, 9, 13, 12].map((type) => 2 ** (8 + type));
    const numbers = scale.flatMap((f) => [2 ** 52 * f, (2 ** 52 + 2 ** 51 + 3) * f]);
    for (const v of numbers) {
      for (const key of [v, new Float(v), BigInt(v)]) {
        expect(d.has(key), String(v)).toBe(false);
        const one = new Dictionary([[new Vector2i(0, 0), 'vector']]);
        one.set(key, 'number');
        expect(one.size).toBe(2);
        expect(one.get(new Vector2i(0, 0))).toBe('vector');
      }
    }
  });

  it('gives each vector type packed identities of one binary exponent of its own', () => {
    // (2^52 + packed) * 2^(8 + type) with packed in [0, 2^52): the exponent is
    // 60 + type for every packable vector, so no two types can ever meet,
    // and the packed components are exact. A leading bit other than 2^52
    // breaks this for some vectors only, which the tests above may not meet.
    const kinds: [VariantType, number, number, (c: number[]) => Variant][] = [
      [VariantType.VECTOR2, 2 ** 25, 2, (c) => new Vector2(c[0]!, c[1]!)],
      [VariantType.VECTOR2I, 2 ** 25, 2, (c) => new Vector2i(c[0]!, c[1]!)],
      [VariantType.VECTOR3, 2 ** 16, 3, (c) => new Vector3(c[0]!, c[1]!, c[2]!)],
      [VariantType.VECTOR3I, 2 ** 16, 3, (c) => new Vector3i(c[0]!, c[1]!, c[2]!)],
      [VariantType.VECTOR4, 2 ** 12, 4, (c) => new Vector4(c[0]!, c[1]!, c[2]!, c[3]!)],
      [VariantType.VECTOR4I, 2 ** 12, 4, (c) => new Vector4i(c[0]!, c[1]!, c[2]!, c[3]!)],
    ];
    for (const [type, p, n, make] of kinds) {
      const seen = new Set<number>();
      for (const c of [-p, -p + 1, -1, 0, 1, p - 2, p - 1]) {
        for (let k = 0; k <= n; k++) {
          // c in the first k places, the other extreme in the rest
          const components = Array.from({ length: n }, (_, i) => (i < k ? c : i % 2 ? -p : p - 1));
          const id = keyIdentity(make(components));
          expect(typeof id, `${type} ${components}`).toBe('number');
          const packed = (id as number) / 2 ** (8 + type) - 2 ** 52;
          expect(
            Number.isInteger(packed) && packed >= 0 && packed < 2 ** 52,
            `${type} ${components}`,
          ).toBe(true);
          seen.add(packed);
        }
      }
      // The largest and smallest vectors pack to the ends of the range.
      expect(seen.has(0)).toBe(true);
      expect(seen.has(2 ** (n * Math.log2(2 * p)) - 1)).toBe(true);
    }
  });

  it('keeps Strings that start with a NUL apart from keys of other types', () => {
    // Keys that are not their own identity are found by a text that starts
    // with a NUL; a String that looks like one must still be another key.
    const tile = new Vector2i(1, 2);
    const look = ['\0' + '6(1,2)', '\0s"x"', '\0', '\0i1'];
    // Scanned (6 keys), and found through an index (40 keys).
    for (const filler of [0, 34]) {
      const d = new Dictionary();
      for (let i = 0; i < filler; i++) d.set(`k${i}`, i);
      for (const text of look) d.set(text, text);
      d.set(tile, 'tile');
      d.set(new StringName('\0' + 's"x"'), 'same key as its String');
      d.set(1, 'int');
      expect(d.size).toBe(filler + 6);
      expect(d.get(new Vector2i(1, 2))).toBe('tile');
      for (const text of [look[0]!, look[2]!, look[3]!]) expect(d.get(text)).toBe(text);
      expect(d.get('\0s"x"')).toBe('same key as its String');
      expect(d.get(new StringName('\0'))).toBe('\0');
      expect(d.get(1)).toBe('int');
      expect(d.has('\0' + '6(2,1)')).toBe(false);
    }
  });

  it('treats a bigint and a number with the same int value as one key', () => {
    const d = new Dictionary([[2 ** 60, 'x']]);
    expect(d.get(2n ** 60n)).toBe('x');
  });
});

// Inputs built byte by byte for the String decoding paths below, and what
// Godot makes of them (TextDecoder, strict, is the reference for its UTF-8).

/** A little-endian u32 as bytes (a Variant's header, a length, a count). */
const u32 = (v: number): number[] => [0, 8, 16, 24].map((shift) => (v >>> shift) & 255);
/** `content`, then zeros up to a multiple of 4 bytes. */
const padded = (content: number[]): number[] => [
  ...content,
  ...new Array<number>((4 - (content.length & 3)) & 3).fill(0),
];
/** A String Variant's bytes: header, the length word given, the bytes as given, zero padding. */
const stringBlockClaiming = (length: number, content: number[]): number[] => [
  ...u32(VariantType.STRING),
  ...u32(length),
  ...padded(content),
];
/** A String Variant's bytes: header, length, the bytes as given, zero padding. */
const stringBlock = (content: number[]): number[] => stringBlockClaiming(content.length, content);
/** An untyped Array of the given Variants' bytes. */
const arrayOf = (blocks: number[][]): Uint8Array =>
  Uint8Array.from([...u32(VariantType.ARRAY), ...u32(blocks.length), ...blocks.flat()]);
/** What `read` returns, or the name of the Godot Error it throws. */
const outcome = (read: () => unknown): unknown => {
  try {
    return read();
  } catch (e) {
    return errorName((e as GdwireError).code);
  }
};
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** What Godot makes of a String's bytes: cut at the first NUL, a leading BOM dropped, or ERR_INVALID_DATA. */
const godotText = (bytes: ArrayLike<number>): unknown => {
  const all = Uint8Array.from(bytes);
  const nul = all.indexOf(0);
  try {
    return strictUtf8.decode(nul === -1 ? all : all.subarray(0, nul));
  } catch {
    return 'ERR_INVALID_DATA';
  }
};

describe('decoding ASCII Strings of 17 to 96 bytes from a decoded stretch of the input', () => {
  const ascii = (length: number, seed: number): number[] =>
    Array.from({ length }, (_, i) => 0x20 + ((seed * 31 + i * 7) % 95));

  it('reads each String of a long ASCII Array exactly, across many stretches', () => {
    const texts = Array.from({ length: 400 }, (_, i) =>
      String.fromCharCode(...ascii(17 + (i % 80), i)),
    );
    expect(bytesToVar(varToBytes(texts))).toEqual(texts);
    // Non-ASCII Strings in between end a stretch; the next one starts after them.
    const mixed = texts.flatMap((t, i) => (i % 5 === 0 ? [t, `é${t}`] : [t]));
    expect(bytesToVar(varToBytes(mixed))).toEqual(mixed);
  });

  /** bytesToVar of `input` against TextDecoder's texts of `texts` (or the error name both give). */
  const expectAsTextDecoder = (input: Uint8Array, texts: number[][]): void => {
    let want: unknown;
    try {
      want = texts.map((t) => strictUtf8.decode(Uint8Array.from(t)));
    } catch {
      want = 'ERR_INVALID_DATA';
    }
    expect(outcome(() => bytesToVar(input))).toEqual(want);
  };

  it('decodes a NUL or a byte of 0x80 and up anywhere in such a String as TextDecoder does', () => {
    withoutStackTraces(() => {
      for (const length of [17, 18, 40, 96]) {
        for (let at = 0; at < length; at++) {
          for (const odd of [0x00, 0x7f, 0x80, 0xc3, 0xff]) {
            const text = ascii(length, at);
            text[at] = odd;
            // A valid two-byte character where 0xc3 leads one.
            if (odd === 0xc3 && at + 1 < length) text[at + 1] = 0xa9;
            const before = ascii(20, 1);
            const after = ascii(33, 2);
            const input = arrayOf([before, text, after].map(stringBlock));
            const nul = text.indexOf(0);
            expectAsTextDecoder(input, [before, nul === -1 ? text : text.slice(0, nul), after]);
          }
        }
      }
    });
  });

  it('decodes a later window that is not all ASCII as TextDecoder does, after one that was', () => {
    // 1.6 KB of ASCII Strings fill the first stretch to its end, so the next
    // window is decoded whole first; a byte of 0x80 and up there must still
    // give TextDecoder's text or its error.
    const filler = Array.from({ length: 40 }, (_, i) => ascii(30, i));
    for (const odd of [[0x80], [0xff], [0xc3, 0xa9], [0xe4, 0xb8, 0x96]]) {
      for (const at of [0, 9, 20]) {
        const text = ascii(24, at);
        text.splice(at, odd.length, ...odd);
        const input = arrayOf([...filler, text, ascii(40, 7)].map(stringBlock));
        expectAsTextDecoder(input, [...filler, text, ascii(40, 7)]);
      }
    }
  });

  const pieces = ['é', 'мир', '世界', '🎮', 'a', 'b c', '\uFEFF', '\0', 'ж🚀'];

  it('reads non-ASCII Strings of 17 to 96 bytes among ASCII ones exactly', () => {
    const utf8 = new TextEncoder();
    // Texts of 17 to 96 bytes of 1- to 4-byte characters (BOMs and NULs
    // inside), some starting with a BOM or a four-byte character, between
    // ints and short Strings.
    const texts: string[] = [];
    for (let i = 0; texts.length < 300; i++) {
      let text = i % 7 === 0 ? '\uFEFF' : i % 11 === 0 ? '🎮' : '';
      while (utf8.encode(text).length < 17 + (i % 70))
        text += pieces[(i * 5 + text.length) % pieces.length];
      if (utf8.encode(text).length <= 96) texts.push(text);
    }
    const values = texts.flatMap((t, i) => [t, i, i % 3 === 0 ? 'short' : `k${i}`]);
    const want = texts.flatMap((t, i) => [
      godotText(utf8.encode(t)),
      i,
      i % 3 === 0 ? 'short' : `k${i}`,
    ]);
    expect(bytesToVar(varToBytes(values))).toEqual(want);
    expect(godotText(utf8.encode(texts[0]!))).not.toBe(texts[0]); // the BOM went
  });

  it('fails a String that ends inside a character even when the bytes after it complete it', () => {
    // 17 ASCII bytes, then the first two bytes of 世 (E4 B8 96); the padding
    // byte after them is its third. Godot decodes the 19 bytes alone: invalid.
    const text = [...ascii(17, 5), 0xe4, 0xb8];
    const block = stringBlock(text);
    block[block.length - 1] = 0x96;
    const input = arrayOf([stringBlock(ascii(20, 6)), block]);
    expect(() => bytesToVar(input)).toThrow(
      expect.objectContaining({ code: GodotError.ERR_INVALID_DATA }),
    );
    // With a zero in the padding the window is not valid UTF-8: the same error.
    block[block.length - 1] = 0;
    expect(() => bytesToVar(arrayOf([stringBlock(ascii(20, 6)), block]))).toThrow(
      expect.objectContaining({ code: GodotError.ERR_INVALID_DATA }),
    );
  });

  it('reads an input changed in place afresh, not from the stretch of the one before', () => {
    const first = ascii(40, 3);
    const second = ascii(24, 4);
    const input = arrayOf([first, second].map(stringBlock));
    const text = (codes: number[]) => String.fromCharCode(...codes);
    expect(bytesToVar(input)).toEqual([text(first), text(second)]);
    // A receive buffer reused for the next packet: same array, other bytes.
    const changed = second.map((c) => (c === 0x7e ? 0x20 : c + 1));
    input.set(changed, 8 + 8 + first.length + 8);
    expect(bytesToVar(input)).toEqual([text(first), text(changed)]);
  });
});

describe('decoding Arrays of non-ASCII Strings a run at a time', () => {
  // Strings past 16 bytes that follow one another in an Array or a
  // PackedStringArray are read a run at a time; a run whose first bytes are
  // not all ASCII is decoded by hand into UTF-16 and made one string. Each
  // String must come out as it does alone (that path is checked against
  // TextDecoder byte for byte in properties.test.ts), and one that fails
  // alone must fail the whole input with the same error.
  const utf8 = new TextEncoder();
  const words = (n: number): number[] =>
    Array.from(
      utf8.encode(
        Array.from({ length: n }, (_, i) => ['мир', '世界', 'é', '🎮', ' '][i % 5]).join(''),
      ),
    );
  /** A PackedStringArray as Godot writes it: each String's bytes and a NUL, padded. */
  const packedOf = (texts: number[][]): Uint8Array =>
    Uint8Array.from([
      ...u32(VariantType.PACKED_STRING_ARRAY),
      ...u32(texts.length),
      ...texts.flatMap((t) => [...u32(t.length + 1), ...padded([...t, 0])]),
    ]);
  /** What each text gives alone, or the first error one of them gives. */
  const alone = (texts: number[][]): unknown => {
    const each = texts.map((t) => outcome(() => bytesToVar(Uint8Array.from(stringBlock(t)))));
    return each.find((v) => v === 'ERR_INVALID_DATA') ?? each;
  };

  /** Each lead byte, then each second byte, then each tail: 2-, 3- and 4-byte forms, valid or not. */
  function* forms(
    leads: number[],
    seconds: number[],
    tails: number[][],
  ): Generator<[number, number, ...number[]]> {
    for (const a of leads) for (const b of seconds) for (const tail of tails) yield [a, b, ...tail];
  }

  it('decodes every 2-, 3- and 4-byte form, anywhere in a String of the run, as that String alone', () => {
    const leads = [
      0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xf8, 0xff,
    ];
    const seconds = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
    const wrong: string[] = [];
    withoutStackTraces(() => {
      for (const odd of forms(leads, seconds, [
        [0x80, 0x80],
        [0xbf, 0x41],
        [0x41, 0x80],
      ])) {
        const [a, b] = odd;
        // At the start, inside, and at the end of the text (cut short there).
        const texts = [
          [...odd, ...words(9)],
          [...words(6), ...odd, ...words(4)],
          [...words(8), a, b],
        ];
        for (const text of texts) {
          const run = [words(12), text, words(10)];
          const want = alone(run);
          const got = outcome(() => bytesToVar(arrayOf(run.map(stringBlock))));
          if (JSON.stringify(got) !== JSON.stringify(want))
            wrong.push(`${toHex(Uint8Array.from(text))}: ${JSON.stringify(got)}`);
        }
      }
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('cuts each String at a NUL and drops a leading BOM, in an Array and a PackedStringArray', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const texts = [
      words(12),
      [...bom, ...words(10)], // dropped, as alone
      [...words(5), 0, ...words(5)], // cut at the NUL
      [...words(5), 0, 0xff, 0xc0], // malformed only after the NUL: ignored
      [...words(7), ...bom, ...words(3)], // a BOM inside stays
      words(30),
    ];
    const want = alone(texts);
    expect(Array.isArray(want)).toBe(true);
    expect(bytesToVar(arrayOf(texts.map(stringBlock)))).toEqual(want);
    expect([...(bytesToVar(packedOf(texts)) as PackedStringArray)]).toEqual(want);
    // Every String of the run is taken, not only the first ones.
    expect((want as string[])[5]).toBe(new TextDecoder().decode(Uint8Array.from(texts[5]!)));
  });

  it('decodes a String past 96 bytes that is not ASCII as TextDecoder does, any form anywhere', () => {
    // Such a String alone is decoded to UTF-16 by hand too (see ByteReader.#text).
    const leads = [0x00, 0x80, 0xc1, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xf8, 0xff];
    const seconds = [0x00, 0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbb, 0xbf, 0xc0];
    const wrong: string[] = [];
    withoutStackTraces(() => {
      for (const odd of forms(leads, seconds, [
        [0xbf, 0x80],
        [0x80, 0x41],
      ])) {
        const [a, b] = odd;
        for (const text of [
          [...odd, ...words(40)],
          [...words(30), ...odd, ...words(20)],
          [...words(50), a, b],
          [0xef, 0xbb, 0xbf, ...words(40), ...odd],
          // Past the 2 KiB a run takes: a long text has the scratch to itself.
          [...words(1000), ...odd, ...words(1000)],
        ]) {
          const got = outcome(() => bytesToVar(Uint8Array.from(stringBlock(text))));
          if (got !== godotText(text))
            wrong.push(`${toHex(Uint8Array.from(text))}: ${JSON.stringify(got)}`);
        }
      }
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('decodes non-ASCII Strings up to and past 64 KiB (the most decoded by hand) as TextDecoder does', () => {
    // Not ASCII from the start, then mostly ASCII (as many units as bytes),
    // then not again: past 64 KiB of units the scratch would overflow.
    const ascii = Array.from({ length: 70000 }, (_, i) => 0x61 + (i % 26));
    const long = [...words(10), ...ascii, ...words(2000)];
    for (const size of [2047, 2048, 2049, 4096, 65535, 65536, 65537, 70000, long.length]) {
      // Cut back to a character's start, so that every text is valid UTF-8.
      let end = size;
      while ((long[end]! & 0xc0) === 0x80) end--;
      const text = long.slice(0, end);
      expect(bytesToVar(Uint8Array.from(stringBlock(text)))).toBe(
        strictUtf8.decode(Uint8Array.from(text)),
      );
      // A NUL near the end cuts it there; a malformed last byte fails it.
      let at = text.length - 5;
      while ((text[at]! & 0xc0) === 0x80) at--;
      const cut = [...text.slice(0, at), 0, ...text.slice(at)];
      expect(bytesToVar(Uint8Array.from(stringBlock(cut)))).toBe(
        strictUtf8.decode(Uint8Array.from(text.slice(0, at))),
      );
      const bad = [...text, 0xc3];
      expect(errorName(thrown(() => bytesToVar(Uint8Array.from(stringBlock(bad)))).code)).toBe(
        'ERR_INVALID_DATA',
      );
    }
  });

  it('reads long Arrays of such Strings exactly, across many runs', () => {
    const texts = Array.from({ length: 300 }, (_, i) =>
      new TextDecoder().decode(Uint8Array.from(words(5 + (i % 40)))),
    );
    expect(bytesToVar(varToBytes(texts))).toEqual(texts);
    expect([
      ...(bytesToVar(varToBytes(new PackedStringArray(texts))) as PackedStringArray),
    ]).toEqual(texts);
  });
});

describe('decoding short Strings through the cache', () => {
  it('tells apart 4- to 16-byte Strings that differ in any one byte, wherever the input starts', () => {
    const one = values.find((f) => f.name === 'dictionary/game-message')!;
    for (let length = 4; length <= 16; length++) {
      for (let at = 0; at < length; at++) {
        const texts = ['a', 'b'].map((c) => 'x'.repeat(at) + c + 'y'.repeat(length - at - 1));
        for (const shift of [0, 1, 3]) {
          for (const text of [...texts, ...texts]) {
            const bytes = varToBytes(text);
            const shifted = new Uint8Array(bytes.length + shift);
            shifted.set(bytes, shift);
            expect(bytesToVar(shifted.subarray(shift))).toBe(text);
          }
        }
      }
    }
    expect(toHex(varToBytes(bytesToVar(fromHex(one.hex))))).toBe(one.hex);
  });

  it('spreads names that differ only in their last characters over the short-string cache', () => {
    // "flying_100" … "flying_355": a slot that ignored the last bytes would
    // put them all in a few slots, and each would be decoded afresh each time.
    const encoder = new TextEncoder();
    for (const prefix of ['flying_', 'stunned_', 'unit_000', 'inventory_slot_']) {
      const slots = new Set<number>();
      for (let i = 100; i < 356; i++) {
        const bytes = encoder.encode(`${prefix}${i}`.slice(-16));
        const view = new DataView(bytes.buffer);
        const n = bytes.length;
        const word = (at: number) => view.getInt32(at, true);
        slots.add(cacheSlot(n, word(0), word(4), word(n - 8), word(n - 4)));
      }
      expect(slots.size, prefix).toBeGreaterThan(240);
    }
  });

  it('reads any element of an Array of short Strings as that element alone, or fails as Godot does', () => {
    const names = [0, 1, 2, 3, 4].map((i) => [...new TextEncoder().encode(`name_${i}`)]);
    const odd: [string, number[], unknown][] = [
      ['tiny ASCII', stringBlock([0x41, 0x42]), 'AB'],
      ['empty', stringBlock([]), ''],
      ['tiny non-ASCII', stringBlock([0xc3, 0xa9]), 'é'],
      ['a NUL inside', stringBlock([0x61, 0x62, 0, 0x63, 0x64]), 'ab'],
      ['NUL-terminated', stringBlock([0x61, 0x62, 0x63, 0x64, 0]), 'abcd'],
      [
        'BOM-led',
        stringBlock([0xef, 0xbb, 0xbf, 0x41, 0x42]),
        godotText([0xef, 0xbb, 0xbf, 0x41, 0x42]),
      ],
      ['malformed', stringBlock([0x61, 0xc3, 0x28, 0x62]), 'ERR_INVALID_DATA'],
      ['17 bytes', stringBlock(Array(17).fill(0x7a)), 'z'.repeat(17)],
      ['an int', [...u32(VariantType.INT), ...u32(7)], 7],
      // Godot reads the length as an int32: negative, or past the end, is ERR_FILE_EOF.
      ['length -1', stringBlockClaiming(0xffffffff, [0x41, 0x42, 0x43]), 'ERR_FILE_EOF'],
      ['length -3', stringBlockClaiming(0xfffffffd, [0x41, 0x42, 0x43]), 'ERR_FILE_EOF'],
      ['length 2^31', stringBlockClaiming(0x80000000, [0x41, 0x42, 0x43]), 'ERR_FILE_EOF'],
      ['length past the end', stringBlockClaiming(12, [0x41, 0x42, 0x43, 0x44]), 'ERR_FILE_EOF'],
    ];
    withoutStackTraces(() => {
      for (const [what, block, value] of odd) {
        for (let at = 0; at < names.length; at++) {
          const blocks = names.map(stringBlock);
          blocks[at] = block;
          const texts: unknown[] = names.map((n) => godotText(n));
          texts[at] = value;
          const fails = typeof value === 'string' && value.startsWith('ERR_');
          // A bad length ends the input, so that it cannot claim later elements' bytes.
          const input = arrayOf(value === 'ERR_FILE_EOF' ? blocks.slice(0, at + 1) : blocks);
          expect(
            outcome(() => bytesToVar(input)),
            `${what} at ${at}`,
          ).toEqual(fails ? value : texts);
          // The same as an Array[String], which drops an element of another type.
          const typed = Uint8Array.from([
            ...u32(VariantType.ARRAY | (1 << 16)),
            ...u32(VariantType.STRING),
            ...input.subarray(4),
          ]);
          const kept = texts.filter((t) => typeof t === 'string');
          const got = outcome(() => {
            const result = bytesToVar(typed);
            return result instanceof TypedArray ? [...result] : result;
          });
          expect(got, `${what} at ${at}, typed`).toEqual(fails ? value : kept);
          // And as a PackedStringArray (its Strings have no header word).
          if (what === 'an int') continue;
          const packed = Uint8Array.from([
            ...u32(VariantType.PACKED_STRING_ARRAY),
            ...input.subarray(4, 8),
            ...blocks
              .slice(0, value === 'ERR_FILE_EOF' ? at + 1 : undefined)
              .flatMap((b) => b.slice(4)),
          ]);
          const strings = outcome(() => [...(bytesToVar(packed) as PackedStringArray)]);
          expect(strings, `${what} at ${at}, packed`).toEqual(fails ? value : texts);
        }
      }
    });
  });

  it('tells apart thousands of same-length Strings that differ only in their middle bytes', () => {
    // Enough of them to share cache slots: a hit must compare every byte.
    for (const length of [13, 16]) {
      for (let i = 0; i < 5000; i++) {
        const text = `abcd${String(i).padStart(4, '0')}${'z'.repeat(length - 8)}`;
        expect(bytesToVar(varToBytes(text))).toBe(text);
      }
    }
  });
});

describe('decoding Dictionaries shaped like earlier ones', () => {
  // The decoder remembers the key lists of Dictionaries it has read, to skip
  // the duplicate check for the next one with the same keys. A remembered
  // list must never make it skip that check for keys that differ.

  it('still merges repeated keys after a Dictionary of the same size with distinct keys', () => {
    const duplicate = godotMalformed('dictionary/duplicate-keys');
    for (let i = 0; i < 3; i++) {
      bytesToVar(varToBytes({ a: 1, b: 2 }));
      expect(toHex(varToBytes(bytesToVar(fromHex(duplicate.hex))))).toBe(duplicate.reencoded);
    }
  });

  it('remembers a key list apart from the Dictionary it was first read in', () => {
    const bytes = varToBytes({ first_seen_a: 1, first_seen_b: 2, first_seen_c: 3 });
    const first = bytesToVar(bytes) as Dictionary;
    first.set('added', 4);
    for (let i = 0; i < 3; i++) {
      expect([...(bytesToVar(bytes) as Dictionary)]).toEqual([
        ['first_seen_a', 1],
        ['first_seen_b', 2],
        ['first_seen_c', 3],
      ]);
    }
    first.delete('first_seen_a');
    expect([...first.keys()]).toEqual(['first_seen_b', 'first_seen_c', 'added']);
  });

  it('keeps each Dictionary its own order and entries', () => {
    const ab = bytesToVar(varToBytes({ a: 1, b: 2 })) as Dictionary;
    const ab2 = bytesToVar(varToBytes({ a: 3, b: 4 })) as Dictionary;
    const ba = bytesToVar(varToBytes({ b: 5, a: 6 })) as Dictionary;
    ab2.set('c', 7);
    const cut = bytesToVar(varToBytes({ a: 3, b: 4 })) as Dictionary;
    cut.delete('a');
    const emptied = bytesToVar(varToBytes({ a: 3, b: 4 })) as Dictionary;
    emptied.clear();
    emptied.set('z', 0);
    const ab3 = bytesToVar(varToBytes({ a: 8, b: 9 })) as Dictionary;
    expect([...cut]).toEqual([['b', 4]]);
    expect([...emptied]).toEqual([['z', 0]]);
    expect([...ab]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect([...ab2]).toEqual([
      ['a', 3],
      ['b', 4],
      ['c', 7],
    ]);
    expect([...ba]).toEqual([
      ['b', 5],
      ['a', 6],
    ]);
    expect([...ab3]).toEqual([
      ['a', 8],
      ['b', 9],
    ]);
    expect(ab3.get('b')).toBe(9);
  });

  it('tells apart keys that differ from a known shape in any one byte of their text, at any length', () => {
    // Remembered keys are compared 8 bytes at a time: the first chunk, the
    // last, and those between (keys of 9 text bytes and more).
    for (let length = 1; length <= 40; length++) {
      const key = (c: string, at: number) =>
        Array.from({ length }, (_, i) =>
          i === at ? c : 'abcdefghijklmnopqrstuvwxyz0123456789ABCD'[i],
        ).join('');
      const known = { [key('', -1)]: 1, z: 2 };
      const bytes = varToBytes([known, known]).slice();
      for (let at = 0; at < length; at++) {
        const other = { [key('_', at)]: 3, z: 4 };
        const list = bytesToVar(varToBytes([known, known, other, known])) as Dictionary[];
        expect(list.map((d) => d.toObject())).toEqual([known, known, other, known]);
      }
      expect((bytesToVar(bytes) as Dictionary[]).map((d) => d.toObject())).toEqual([known, known]);
    }
  });

  it('reads keys that differ from a known shape only in their bytes (padding, header flags) as Godot does', () => {
    const bytes = varToBytes({ ab: 1, c: 2 }).slice();
    expect((bytesToVar(bytes) as Dictionary).toObject()).toEqual({ ab: 1, c: 2 });
    const otherPadding = bytes.slice();
    otherPadding[18] = 0x7f; // the padding after "ab", which Godot skips unread
    const flagged = bytes.slice();
    flagged[10] = 0x01; // bit 16 of the key's String header, which Godot ignores
    for (const variant of [otherPadding, flagged, bytes]) {
      const d = bytesToVar(variant) as Dictionary;
      expect([...d]).toEqual([
        ['ab', 1],
        ['c', 2],
      ]);
    }
  });

  it('reads StringName keys by a remembered shape as Godot does, each Dictionary its own', () => {
    const one = values.find((f) => f.name === 'dictionary/string-name-key')!;
    const decoded = Array.from({ length: 4 }, () => bytesToVar(fromHex(one.hex)) as Dictionary);
    decoded[2]!.set(new StringName('extra'), 2);
    decoded[3]!.delete('name');
    for (const d of [decoded[0]!, decoded[1]!]) {
      expect(d.keyAt(0)).toBeInstanceOf(StringName);
      expect(d.get('name')).toBe(1);
      expect(d.get(new StringName('name'))).toBe(1);
      expect(toHex(varToBytes(d))).toBe(one.hex);
    }
    expect([...decoded[2]!].map(([k, v]) => [String(k), v])).toEqual([
      ['name', 1],
      ['extra', 2],
    ]);
    expect(decoded[3]!.size).toBe(0);
    expect(toHex(varToBytes(bytesToVar(fromHex(one.hex))))).toBe(one.hex);
  });

  it('gives a Dictionary whose StringName keys differ from a known shape its own keys', () => {
    const pair = (second: string) =>
      varToBytes(
        new Dictionary([
          [new StringName('a'), 1],
          [new StringName(second), 2],
        ]),
      ).slice();
    bytesToVar(pair('b'));
    const other = bytesToVar(pair('c')) as Dictionary;
    expect([...other].map(([k, v]) => [String(k), v])).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
    expect(other.get(new StringName('c'))).toBe(2);
  });

  it('still merges a String and a StringName with the same text after StringName shapes of that size', () => {
    const merged = godotMalformed('dictionary/string-and-stringname-key');
    const names = varToBytes(
      new Dictionary([
        [new StringName('a'), 1],
        [new StringName('b'), 2],
      ]),
    ).slice();
    for (let i = 0; i < 3; i++) {
      expect((bytesToVar(names) as Dictionary).get(new StringName('b'))).toBe(2);
      expect(toHex(varToBytes(bytesToVar(fromHex(merged.hex))))).toBe(merged.reencoded);
    }
  });

  it('remembers the key lists of an envelope and its payload of the same size, both', () => {
    // Remembered by size alone, each list replaced the other on every message.
    const name = (text: string) => new StringName(text);
    const payload = new Dictionary([
      [name('px'), 1],
      [name('py'), 2],
    ]);
    const envelope = new Dictionary([
      [name('kind'), 'move'],
      [name('payload'), payload],
    ]);
    const bytes = varToBytes(envelope).slice();
    const [first, ...later] = Array.from({ length: 3 }, () => bytesToVar(bytes) as Dictionary);
    const inner = (d: Dictionary) => d.get('payload') as Dictionary;
    for (const d of later) {
      // The same StringName objects: each Dictionary shares its kind's key list.
      expect(d.keyAt(0)).toBe(first!.keyAt(0));
      expect(inner(d).keyAt(1)).toBe(inner(first!).keyAt(1));
      expect(toHex(varToBytes(d))).toBe(toHex(bytes));
    }
  });

  it('remembers eight kinds of a tagged message that take turns, and tells a ninth kind apart', () => {
    // Same size and first key: one remembered list per size and first key
    // would be replaced by the next kind every time.
    const name = (text: string) => new StringName(text);
    const message = (...entries: [string, Variant][]) =>
      varToBytes(new Dictionary(entries.map(([k, v]) => [name(k), v] as const))).slice();
    const kinds = [
      message(['tag', 'move'], ['mx', 1], ['my', 2]),
      message(['tag', 'chat'], ['text', 'hi'], ['to', 'all']),
      message(['tag', 'hit'], ['target', 7], ['damage', 12]),
      message(['tag', 'emote'], ['mx', 5], ['emote', 'wave']),
      message(['tag', 'spawn'], ['kind', 'orc'], ['at', 9]),
      message(['tag', 'die'], ['cause', 'fall'], ['by', 0]),
      message(['tag', 'buy'], ['item', 'sword'], ['price', 40]),
      message(['tag', 'sell'], ['item', 'shield'], ['gold', 25]),
    ];
    const decoded: Dictionary[][] = kinds.map(() => []);
    for (let turn = 0; turn < 3; turn++) {
      for (const [k, bytes] of kinds.entries()) decoded[k]!.push(bytesToVar(bytes) as Dictionary);
    }
    kinds.forEach((bytes, k) => {
      const [first, ...later] = decoded[k]!;
      for (const d of later) {
        expect(d.keyAt(2)).toBe(first!.keyAt(2)); // one shared key list per kind
        expect(toHex(varToBytes(d))).toBe(toHex(bytes));
      }
    });
    const jump = message(['tag', 'jump'], ['mx', 3], ['mz', 4]);
    const other = bytesToVar(jump) as Dictionary;
    expect([...other].map(([k, v]) => [String(k), v])).toEqual([
      ['tag', 'jump'],
      ['mx', 3],
      ['mz', 4],
    ]);
    for (const bytes of kinds) expect(toHex(varToBytes(bytesToVar(bytes)))).toBe(toHex(bytes));
  });

  it('finds keys in large Dictionaries read by the remembered shape, and each keeps its own index', () => {
    const entries = Array.from({ length: 30 }, (_, i) => [new StringName(`name${i}`), i] as const);
    const bytes = varToBytes(new Dictionary(entries)).slice();
    bytesToVar(bytes); // teaches the decoder the shape: the next ones share its key list
    const [first, second, third] = Array.from({ length: 3 }, () => bytesToVar(bytes) as Dictionary);
    second!.delete('name0');
    third!.set('name31', 31);
    expect(first!.get('name0')).toBe(0);
    expect(first!.get(new StringName('name29'))).toBe(29);
    expect(first!.has('name31')).toBe(false);
    expect(second!.get('name0')).toBeUndefined();
    expect(second!.get('name29')).toBe(29);
    expect(third!.get('name31')).toBe(31);
    expect(third!.get('name1')).toBe(1);
    expect((bytesToVar(bytes) as Dictionary).get('name1')).toBe(1);
  });

  it('finds keys in large Dictionaries read by the remembered shape', () => {
    const entries = Array.from({ length: 30 }, (_, i) => [`key${i}`, i] as const);
    const bytes = varToBytes(Object.fromEntries(entries));
    bytesToVar(bytes);
    const d = bytesToVar(bytes) as Dictionary;
    expect(d.size).toBe(30);
    expect(d.get('key29')).toBe(29);
    expect(d.set('key0', -1).size).toBe(30);
    expect(d.get('key0')).toBe(-1);
  });
});

describe('value classes', () => {
  it('parses NodePaths as Godot does', () => {
    const p = new NodePath('/root//Player:position:x:');
    expect(p.names).toEqual(['root', 'Player']);
    expect(p.subnames).toEqual(['position', 'x']);
    expect(p.absolute).toBe(true);
    expect(p.toString()).toBe('/root/Player:position:x');
    expect(new NodePath('').isEmpty()).toBe(true);
    expect(thrown(() => new NodePath('a::b')).code).toBe(GodotError.ERR_INVALID_PARAMETER);
  });

  it('compares values with Godot types: int is not float, NaN equals NaN', () => {
    expect(variantEquals(1, new Float(1))).toBe(false);
    expect(variantEquals(new Float(Number.NaN), Number.NaN)).toBe(true);
    expect(variantEquals(new Vector2(1, 2), new Vector2(1, 2))).toBe(true);
    expect(variantEquals({ a: [1] }, new Dictionary({ a: [1] }))).toBe(true);
    expect(variantEquals(new Dictionary({ a: 1, b: 2 }), new Dictionary({ b: 2, a: 1 }))).toBe(
      true,
    );
    expect(typeOfVariant(-0)).toBe(VariantType.INT);
  });
});

describe('decoding large inputs', () => {
  it('reports the used length of a value larger than 64 KiB, then of a small one', () => {
    const big = new Float32Array(40_000).fill(1.5);
    const bytes = varToBytes(big);
    expect(decodeVariant(bytes).length).toBe(bytes.length);
    expect(bytesToVar(bytes)).toEqual(big);
    const small = fromHex(godot('int/42'));
    expect(decodeVariant(small)).toEqual({ value: 42, length: 8 });
  });
});

describe('TypedArray', () => {
  const INT = { type: VariantType.INT };

  it('takes every element given, from an array or any iterable, however many', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => i * 3);
    function* generate() {
      yield* many;
    }
    for (const typed of [new TypedArray(INT, many), new TypedArray(INT, generate())]) {
      expect(typed).toBeInstanceOf(TypedArray);
      expect(typed.elementType).toEqual(INT);
      expect(typed.length).toBe(20_000);
      expect([...typed]).toEqual(many);
    }
    expect(new TypedArray(INT).length).toBe(0);
  });

  it('decodes to the same kind of object the constructor makes', () => {
    const decoded = bytesToVar(fromHex(godot('array/typed-vector2'))) as TypedArray;
    const made = new TypedArray({ type: VariantType.VECTOR2 }, [...decoded]);
    expect(decoded).toBeInstanceOf(TypedArray);
    expect(Array.isArray(decoded)).toBe(true);
    expect(Object.getPrototypeOf(decoded)).toBe(TypedArray.prototype);
    expect(Object.getOwnPropertyNames(decoded)).toEqual(Object.getOwnPropertyNames(made));
    expect(Object.getOwnPropertyDescriptor(decoded, 'elementType')).toEqual(
      Object.getOwnPropertyDescriptor(made, 'elementType'),
    );
    expect(decoded).toEqual(made);
    expect(toHex(varToBytes(decoded))).toBe(godot('array/typed-vector2'));
    // It grows like any array, and what its methods make is a plain array.
    decoded.push(new Vector2(1, 2));
    expect(decoded.length).toBe(made.length + 1);
    expect(decoded.map((v) => v)).not.toBeInstanceOf(TypedArray);
    expect(decoded.slice(0, 1)).not.toBeInstanceOf(TypedArray);
  });
});

describe('typed Dictionaries with String keys', () => {
  it('decode alike every time, through the remembered key list too', () => {
    // The first decode remembers the keys, the second their bytes, the third matches them.
    for (let i = 0; i < 4; i++) {
      const d = bytesToVar(fromHex(godot('dictionary/typed-string-float'))) as Dictionary;
      expect(d.keyType).toEqual({ type: VariantType.STRING });
      expect(d.valueType).toEqual({ type: VariantType.FLOAT });
      expect([...d.keys()]).toEqual(['a', 'b']);
      expect(toHex(varToBytes(d))).toBe(godot('dictionary/typed-string-float'));
    }
  });

  it('convert or drop a later key as Godot does, after earlier keys matched a remembered list', () => {
    for (const name of [
      'dictionary/typed-string-keys-stringname-second',
      'dictionary/typed-string-keys-int-second',
    ]) {
      const fixture = godotMalformed(name);
      for (let i = 0; i < 3; i++) {
        // Keys "a", "b" again, so that the first key of the next one matches.
        bytesToVar(fromHex(godot('dictionary/typed-string-float')));
        const d = bytesToVar(fromHex(fixture.hex)) as Dictionary;
        expect(toHex(varToBytes(d)), name).toBe(fixture.reencoded);
      }
    }
  });

  it('do not take a remembered list whose keys are not all of their key type', () => {
    // An untyped Dictionary with the keys "a" and &"b": its list would keep a StringName key.
    const mixed = varToBytes(
      new Dictionary([
        ['a', 1],
        [new StringName('b'), 2],
      ]),
    );
    const fixture = godotMalformed('dictionary/typed-string-keys-stringname-second');
    for (let i = 0; i < 3; i++) {
      bytesToVar(mixed);
      const d = bytesToVar(fromHex(fixture.hex)) as Dictionary;
      expect([...d.keys()]).toEqual(['a', 'b']);
      expect(toHex(varToBytes(d))).toBe(fixture.reencoded);
    }
  });
});

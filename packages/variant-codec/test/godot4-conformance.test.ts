/**
 * Conformance with the real Godot 4.6 engine: every fixture here was produced
 * by Godot itself (scripts/generate-fixtures.ts). Each value is checked both
 * ways — decode gives the expected value, encode gives Godot's bytes — and a
 * lossless decode-then-encode gives the same bytes back.
 */
import {
  bytesToVar,
  decodeVariant,
  encodeInto,
  GdwireError,
  GodotError,
  type GodotErrorName,
  typeOfVariant,
  VariantType,
  variantEquals,
  varToBytes,
} from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';
import malformed from './fixtures/godot4-malformed.json';
import values from './fixtures/godot4-values.json';
import { VALUE_CASES, type ValueFixture } from './fixtures/value-cases.js';
import { fromHex, loosen, thrown, toHex } from './helpers.js';

const fixtures = new Map((values as ValueFixture[]).map((f) => [f.name, f]));

describe('Godot 4.6 value fixtures', () => {
  it('covers every case with a fixture from the engine', () => {
    expect(VALUE_CASES.length).toBeGreaterThanOrEqual(180);
    for (const c of VALUE_CASES) expect(fixtures.has(c.name), c.name).toBe(true);
  });

  describe.each(VALUE_CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const fixture = fixtures.get(name)!;
    const bytes = fromHex(fixture.hex);
    const expected = c.js(fixture);
    const encodeOptions = { fullObjects: c.objects ?? false };
    const decodeOptions = { allowObjects: c.objects ?? false };

    it('encodes to the bytes Godot wrote', () => {
      expect(toHex(varToBytes(expected, encodeOptions))).toBe(fixture.hex);
    });

    it('decodes (lossless) to the expected value', () => {
      const value = bytesToVar(bytes, { ...decodeOptions, lossless: true });
      expect(typeOfVariant(value)).toBe(typeOfVariant(expected));
      expect(variantEquals(value, expected)).toBe(true);
    });

    it('decodes (default) to the expected value with plain numbers for floats', () => {
      expect(variantEquals(bytesToVar(bytes, decodeOptions), loosen(expected))).toBe(true);
    });

    it('re-encodes a lossless decode to the identical bytes', () => {
      const value = bytesToVar(bytes, { ...decodeOptions, lossless: true });
      expect(toHex(varToBytes(value, encodeOptions))).toBe(fixture.hex);
    });

    it('reports the whole input as used, and encodes into an exact-size buffer', () => {
      expect(decodeVariant(bytes, 0, decodeOptions).length).toBe(bytes.length);
      const target = new Uint8Array(bytes.length + 8).fill(0xee);
      expect(encodeInto(expected, target, 4, encodeOptions)).toBe(bytes.length);
      expect(toHex(target.subarray(4, 4 + bytes.length))).toBe(fixture.hex);
      expect(target[3]).toBe(0xee);
      expect(target[4 + bytes.length]).toBe(0xee);
    });
  });
});

interface MalformedFixture {
  name: string;
  hex: string;
  allowObjects: boolean;
  error: GodotErrorName | null;
  reencoded?: string;
  type?: number;
}

/**
 * Inputs where gdwire knowingly differs from Godot, each for a reason the
 * package README lists. The test below checks that each of these still
 * differs, so the list cannot go stale.
 */
const KNOWN_DEVIATIONS: Record<string, string> = {
  'object/full-unknown-class':
    'gdwire has no ClassDB: it cannot tell that a class does not exist, so it keeps the class name',
  'array/typed-script-missing': 'gdwire loads no scripts: any res:// script path is kept as data',
  'object/full-refcounted':
    'Godot instantiates the class and re-encodes all its stored properties; gdwire keeps the properties sent',
  'object/full-resource-name': 'as above: gdwire does not add the properties the class would have',
  'object/full-unknown-property': 'as above: gdwire keeps properties the class does not have',
  'array/typed-object-id':
    'Godot re-encodes a decoded EncodedObjectAsID with its own new instance id; gdwire keeps the id that was sent',
};

/** Typed-container conversions that need Godot's matrix maths or colour names, refused instead (README). */
const MATHS_CONVERSIONS = [
  // container type ← element fixture
  [11, 'transform3d/custom'],
  [15, 'basis/rows'],
  [17, 'quaternion/custom'],
  [18, 'transform2d/custom'],
  [18, 'quaternion/custom'],
  [18, 'basis/rows'],
  [18, 'projection/custom'],
  [19, 'transform3d/custom'],
  [20, 'string/asd'],
  // Array → packed array converts each element; gdwire refuses the whole element.
  ...[29, 30, 31, 32, 33, 34, 35, 36, 37, 38].flatMap((t) => [
    [t, 'array/mixed'],
    [t, 'array/typed-int'],
  ]),
] as const;
for (const [t, element] of MATHS_CONVERSIONS) {
  KNOWN_DEVIATIONS[`typed-conversion/${t}/${element}`] = 'conversion gdwire refuses (README)';
}

/**
 * Godot ≤ 4.6.2 leaves the padding after NodePath strings unwritten, so its
 * re-encoding of a top-level NodePath can hold stale bytes there. This walks
 * Godot's bytes (independently of our decoder) and zeroes those pads.
 */
function zeroNodePathPadding(hex: string): string {
  const bytes = fromHex(hex);
  const view = new DataView(bytes.buffer);
  if (bytes.length < 16 || view.getUint32(0, true) !== 0x16) return hex;
  const count = (view.getUint32(4, true) & 0x7fffffff) + view.getUint32(8, true);
  let at = 16;
  for (let i = 0; i < count && at + 4 <= bytes.length; i++) {
    const length = view.getUint32(at, true);
    const pad = (4 - (length % 4)) % 4;
    bytes.fill(0, at + 4 + length, Math.min(bytes.length, at + 4 + length + pad));
    at += 4 + length + pad;
  }
  return toHex(bytes);
}

describe('Godot 4.6 malformed and edge inputs', () => {
  const cases = malformed as MalformedFixture[];

  it('has at least 150 inputs, with Godot errors and accepted edges', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(cases.filter((c) => c.error).length).toBeGreaterThanOrEqual(150);
    expect(cases.filter((c) => !c.error).length).toBeGreaterThan(20);
  });

  describe.each(
    cases.filter((c) => !(c.name in KNOWN_DEVIATIONS)).map((c) => [c.name, c] as const),
  )('%s', (_name, c) => {
    const bytes = fromHex(c.hex);
    if (c.error) {
      it(`fails with ${c.error}, as Godot does`, () => {
        const error = thrown(() => bytesToVar(bytes, { allowObjects: c.allowObjects }));
        expect(error.codeName).toBe(c.error);
        expect(error.code).toBe(GodotError[c.error!]);
      });
    } else {
      it('is accepted, and re-encodes to what Godot re-encodes', () => {
        const value = bytesToVar(bytes, { allowObjects: c.allowObjects, lossless: true });
        // Godot's decoded null object re-encodes as NIL, as a null does here.
        const expectedType =
          c.type === VariantType.OBJECT && c.reencoded === '00000000' ? 0 : c.type;
        if (expectedType !== VariantType.OBJECT) expect(typeOfVariant(value)).toBe(expectedType);
        expect(toHex(varToBytes(value, { fullObjects: c.allowObjects }))).toBe(
          zeroNodePathPadding(c.reencoded!),
        );
      });
    }
  });

  it.each(Object.keys(KNOWN_DEVIATIONS))('still deviates on %s (documented)', (name) => {
    const c = cases.find((m) => m.name === name)!;
    expect(c).toBeDefined();
    const bytes = fromHex(c.hex);
    let outcome: string;
    try {
      const value = bytesToVar(bytes, { allowObjects: c.allowObjects, lossless: true });
      outcome = toHex(varToBytes(value, { fullObjects: c.allowObjects }));
    } catch (e) {
      outcome = GdwireError.is(e) ? `error ${e.codeName}` : String(e);
    }
    expect(outcome).not.toBe(c.error ? `error ${c.error}` : c.reencoded);
    expect(c.error ?? c.reencoded).toBeDefined();
  });
});

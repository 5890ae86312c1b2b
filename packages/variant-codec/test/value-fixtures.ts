import {
  bytesToVar,
  type Dialect,
  decodeVariant,
  encodeInto,
  typeOfVariant,
  variantEquals,
  varToBytes,
} from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';
import type { ValueCase, ValueFixture } from './fixtures/value-cases.js';
import { fromHex, loosen, toHex } from './helpers.js';

/**
 * Checks engine-made value fixtures both ways: encode gives the engine's bytes,
 * decode (lossless and default) gives the expected value, a lossless
 * decode-then-encode is the identity, and the lower-level API agrees.
 */
export function describeValueFixtures(
  title: string,
  cases: readonly ValueCase[],
  fixtures: readonly ValueFixture[],
  dialect: Dialect,
): void {
  const byName = new Map(fixtures.map((f) => [f.name, f]));

  describe(title, () => {
    it('has an engine fixture for every case', () => {
      for (const c of cases) expect(byName.has(c.name), c.name).toBe(true);
    });

    describe.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
      const fixture = byName.get(name)!;
      const bytes = fromHex(fixture.hex);
      const expected = c.js(fixture);
      const encodeOptions = { fullObjects: c.objects ?? false, dialect };
      const decodeOptions = { allowObjects: c.objects ?? false, dialect };

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
        // With no room to spare: every write reserves exactly what it writes.
        expect(encodeInto(expected, new Uint8Array(bytes.length), 0, encodeOptions)).toBe(
          bytes.length,
        );
      });
    });
  });
}

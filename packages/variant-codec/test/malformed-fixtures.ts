import {
  bytesToVar,
  type Dialect,
  Dictionary,
  GdwireError,
  GodotError,
  type GodotErrorName,
  GodotObject,
  TypedArray,
  typeOfVariant,
  type Variant,
  VariantType,
  varToBytes,
} from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';
import { fromHex, thrown, toHex } from './helpers.js';

/** An engine's answer to one malformed or edge input (scripts/generate-fixtures.ts). */
export interface MalformedFixture {
  name: string;
  hex: string;
  allowObjects: boolean;
  error: GodotErrorName | null;
  reencoded?: string;
  /** Godot's typeof() of the result, in Godot 4 numbering (mapped for Godot 3 fixtures). */
  type?: number;
}

/**
 * Checks every engine answer: where the engine failed, gdwire fails with the
 * same Error code; where it accepted the input, gdwire accepts it too and
 * re-encodes the result to the engine's bytes. Inputs listed in `deviations`
 * are checked to still differ instead, so that list cannot go stale.
 */
export function describeMalformedFixtures(
  title: string,
  cases: readonly MalformedFixture[],
  dialect: Dialect,
  deviations: Readonly<Record<string, string>>,
): void {
  const decode = (c: MalformedFixture, lossless: boolean) =>
    bytesToVar(fromHex(c.hex), { allowObjects: c.allowObjects, lossless, dialect });
  const encode = (c: MalformedFixture, value: Variant) =>
    toHex(varToBytes(value, { fullObjects: c.allowObjects, dialect }));

  describe(title, () => {
    describe.each(cases.filter((c) => !(c.name in deviations)).map((c) => [c.name, c] as const))(
      '%s',
      (_name, c) => {
        if (c.error) {
          it(`fails with ${c.error}, as Godot does`, () => {
            const error = thrown(() => decode(c, false));
            expect(error.codeName).toBe(c.error);
            expect(error.code).toBe(GodotError[c.error!]);
          });
        } else {
          it('is accepted, and re-encodes to what Godot re-encodes', () => {
            const value = decode(c, true);
            // Godot's decoded null object re-encodes as NIL, as a null does here.
            const expectedType =
              c.type === VariantType.OBJECT && c.reencoded === '00000000' ? 0 : c.type;
            if (expectedType !== VariantType.OBJECT)
              expect(typeOfVariant(value)).toBe(expectedType);
            const godot = bytesToVar(fromHex(c.reencoded!), {
              allowObjects: c.allowObjects,
              lossless: true,
              dialect,
            });
            expect(encode(c, value)).toBe(encode(c, withoutAddedScripts(godot, value)));
          });
        }
      },
    );

    it.each(Object.keys(deviations))('still deviates on %s (documented)', (name) => {
      const c = cases.find((m) => m.name === name)!;
      expect(c).toBeDefined();
      let outcome: string;
      try {
        outcome = encode(c, decode(c, true));
      } catch (e) {
        outcome = GdwireError.is(e) ? `error ${e.codeName}` : String(e);
      }
      expect(outcome).not.toBe(c.error ? `error ${c.error}` : c.reencoded);
      expect(c.error ?? c.reencoded).toBeDefined();
    });
  });
}

/**
 * Godot instantiates every full object it decodes, and re-encoding one writes
 * the class's `script` property (NIL when there is none) even if it was not
 * sent; gdwire keeps only the properties that were sent. This removes, from
 * Godot's result, a NIL `script` that gdwire's value does not have, wherever
 * the two values nest objects alike. Every other property must match.
 */
function withoutAddedScripts(godot: Variant, ours: Variant): Variant {
  if (godot instanceof GodotObject && ours instanceof GodotObject) {
    const properties = [...godot.properties]
      .filter(
        ([name, value]) => !(name === 'script' && value === null && !ours.properties.has(name)),
      )
      .map(([name, value]): [string, Variant] => [
        name,
        withoutAddedScripts(value, ours.properties.get(name) ?? null),
      ]);
    return new GodotObject(godot.className, properties);
  }
  if (Array.isArray(godot) && Array.isArray(ours)) {
    const elements = godot.map((element, i) => withoutAddedScripts(element, ours[i] ?? null));
    return godot instanceof TypedArray ? new TypedArray(godot.elementType, elements) : elements;
  }
  if (godot instanceof Dictionary && ours instanceof Dictionary) {
    return new Dictionary(
      [...godot].map(([k, v]): [Variant, Variant] => [
        k,
        withoutAddedScripts(v, ours.has(k) ? ours.get(k)! : null),
      ]),
      godot.keyType,
      godot.valueType,
    );
  }
  return godot;
}

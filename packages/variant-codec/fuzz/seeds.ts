import fc from 'fast-check';
import {
  Dictionary,
  Float,
  PackedStringArray,
  TypedArray,
  type Variant,
  VariantType,
  Vector2,
  varToBytes,
} from '../src/index.js';
import godot3 from '../test/fixtures/godot3-values.json';
import malformed from '../test/fixtures/godot4-malformed.json';
import godot4 from '../test/fixtures/godot4-values.json';

const fromHex = (hex: string) =>
  Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

/**
 * What the fuzzer mutates: every byte string the engines wrote, every
 * malformed input, and encodings of fast-check-generated Variants.
 */
export function fuzzSeeds(generated = 500): Uint8Array[] {
  const engine = [...godot4, ...godot3, ...malformed]
    .map((f) => fromHex(f.hex))
    .filter((b) => b.length < 8192);
  const leaf: fc.Arbitrary<Variant> = fc.oneof<fc.Arbitrary<Variant>[]>(
    fc.integer(),
    fc.double({ noNaN: true }).map((d) => new Float(d)),
    fc.string({ maxLength: 10 }),
    fc
      .tuple(fc.float({ noNaN: true }), fc.float({ noNaN: true }))
      .map(([x, y]) => new Vector2(x, y)),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }).map((a) => new PackedStringArray(a)),
    fc.uint8Array({ maxLength: 12 }),
  );
  const value = fc.letrec<{ v: Variant }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('v'), { maxLength: 4 }) as fc.Arbitrary<Variant>,
      fc
        .array(fc.integer(), { maxLength: 4 })
        .map((a) => new TypedArray({ type: VariantType.INT }, a)),
      fc
        .array(fc.tuple(fc.string({ maxLength: 6 }), tie('v')), { maxLength: 4 })
        .map((e) => new Dictionary(e)),
    ),
  })).v;
  const made = fc.sample(value, { numRuns: generated, seed: 42 }).map((v) => varToBytes(v));
  return [...engine, ...made];
}

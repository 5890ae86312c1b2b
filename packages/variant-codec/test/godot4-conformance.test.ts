/**
 * Conformance with the real Godot 4.6 engine: every fixture here was produced
 * by Godot itself (scripts/generate-fixtures.ts). Each value is checked both
 * ways — decode gives the expected value, encode gives Godot's bytes — and a
 * lossless decode-then-encode gives the same bytes back.
 */
import { describe, expect, it } from 'vitest';
import malformed from './fixtures/godot4-malformed.json';
import values from './fixtures/godot4-values.json';
import { VALUE_CASES, type ValueFixture } from './fixtures/value-cases.js';
import { describeMalformedFixtures, type MalformedFixture } from './malformed-fixtures.js';
import { describeValueFixtures } from './value-fixtures.js';

describeValueFixtures('Godot 4.6 value fixtures', VALUE_CASES, values as ValueFixture[], 'godot4');

const cases = malformed as MalformedFixture[];

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

describe('Godot 4.6 malformed and edge inputs', () => {
  it('has at least 150 inputs, with Godot errors and accepted edges', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(cases.filter((c) => c.error).length).toBeGreaterThanOrEqual(150);
    expect(cases.filter((c) => !c.error).length).toBeGreaterThan(20);
  });
});

describeMalformedFixtures('Godot 4.6 malformed and edge inputs', cases, 'godot4', KNOWN_DEVIATIONS);

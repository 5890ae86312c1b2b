/**
 * Conformance with a real Godot 3.2.3 (`godot3-server`): every Godot 3 type,
 * encoded by the engine's var2bytes, checked both ways in the godot3 dialect.
 */
import {
  bytesToVar,
  GodotError,
  StringName,
  VariantType,
  Vector2i,
  varToBytes,
} from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';
import godot3Malformed from './fixtures/godot3-malformed.json';
import { GODOT3_VALUE_CASES } from './fixtures/godot3-value-cases.js';
import godot3 from './fixtures/godot3-values.json';
import godot4 from './fixtures/godot4-values.json';
import type { ValueFixture } from './fixtures/value-cases.js';
import { fromHex, thrown } from './helpers.js';
import { describeMalformedFixtures, type MalformedFixture } from './malformed-fixtures.js';
import { describeValueFixtures } from './value-fixtures.js';

describeValueFixtures(
  'Godot 3.2.3 value fixtures',
  GODOT3_VALUE_CASES,
  godot3 as ValueFixture[],
  'godot3',
);

describeMalformedFixtures(
  'Godot 3.2.3 counts and lengths with the sign bit set',
  godot3Malformed as MalformedFixture[],
  'godot3',
  {},
);

describe('godot3 dialect rules', () => {
  it('covers all 27 Godot 3 types', () => {
    const ids = new Set((godot3 as ValueFixture[]).map((f) => fromHex(f.hex)[0]));
    for (let id = 0; id < 27; id++) expect(ids.has(id), `type id ${id}`).toBe(true);
  });

  it('refuses Godot 4-only types with ERR_INVALID_PARAMETER and a clear message', () => {
    for (const value of [new Vector2i(1, 2), new StringName('a'), new BigInt64Array(1)]) {
      const error = thrown(() => varToBytes(value, { dialect: 'godot3' }));
      expect(error.code).toBe(GodotError.ERR_INVALID_PARAMETER);
      expect(error.message).toMatch(/no Godot 3 type/);
    }
  });

  it('rejects wire ids 27 and above, which Godot 3 does not have', () => {
    const error = thrown(() => bytesToVar(fromHex('1b00000000000000'), { dialect: 'godot3' }));
    expect(error.code).toBe(GodotError.ERR_INVALID_DATA);
  });

  it('reads Godot 4 bytes differently: the same id means another type', () => {
    // Godot 4's Vector2(1, 2) carries id 5, which is Vector2 in both; its Rect2 (7) is Vector3 in Godot 3.
    const rect = (godot4 as ValueFixture[]).find((f) => f.name === 'rect2/basic')!;
    const asGodot3 = bytesToVar(fromHex(rect.hex), { dialect: 'godot3' });
    expect(asGodot3?.constructor.name).toBe('Vector3');
  });

  it('ignores typed-container bits, which Godot 3 never writes', () => {
    const typed = (godot4 as ValueFixture[]).find((f) => f.name === 'array/typed-int')!;
    // In Godot 3, id 28 is not an Array at all (it is out of range).
    expect(thrown(() => bytesToVar(fromHex(typed.hex), { dialect: 'godot3' })).code).toBe(
      GodotError.ERR_INVALID_DATA,
    );
    expect(VariantType.ARRAY).toBe(28);
  });
});

/**
 * strToVar against the real Godot 4.6: for every value fixture, parsing the
 * text Godot's var_to_str printed must give the bytes Godot's own
 * str_to_var gave (fixture `parsed`), and re-printing it gives the text back.
 */
import { GdwireError, GodotError, strToVar, varToBytes, varToStr } from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';
import values from './fixtures/godot4-values.json';
import type { ValueFixture } from './fixtures/value-cases.js';
import { toHex } from './helpers.js';

// Live objects print their engine state; Godot's own str_to_var makes new objects of them.
const engineOnly = /^object\//;
/**
 * Godot's float-literal parser is not correctly rounded (it reads 5e-324 as
 * 0.0 and is one unit off on some others); gdwire's is, so these differ on
 * purpose (README).
 */
const GODOT_MISROUNDS = [
  'float/f32-min-normal',
  'float/f32-denormal-max',
  'float/f64-denormal-min',
  'float/f64-min-normal',
];
const cases = (values as ValueFixture[]).filter(
  (f) => !engineOnly.test(f.name) && !GODOT_MISROUNDS.includes(f.name),
);

describe("strToVar reads var_to_str text as Godot's str_to_var does", () => {
  it.each(cases.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const value = strToVar(f.str);
    expect(toHex(varToBytes(value))).toBe(f.parsed);
  });

  it.each(GODOT_MISROUNDS)(
    '%s: reads the float correctly rounded, where Godot does not',
    (name) => {
      const f = (values as ValueFixture[]).find((v) => v.name === name)!;
      const value = strToVar(f.str) as { value: number } | number;
      expect(typeof value === 'number' ? value : value.value).toBe(Number(f.str));
      expect(toHex(varToBytes(strToVar(f.str)))).not.toBe(f.parsed);
    },
  );

  it('fails with ERR_PARSE_ERROR and a position', () => {
    for (const bad of ['Vector2(1)', '{"a" 1}', '[1, 2', 'Nope(1)', '"unterminated', '1 2']) {
      let error: unknown;
      try {
        strToVar(bad);
      } catch (e) {
        error = e;
      }
      expect(GdwireError.is(error) && error.code === GodotError.ERR_PARSE_ERROR, bad).toBe(true);
      expect(String(error)).toMatch(/at character \d+/);
    }
  });

  it('fails with ERR_INVALID_PARAMETER for anything but a String', () => {
    for (const bad of [null, undefined, 42, {}, Uint8Array.of(1)]) {
      let error: unknown;
      try {
        strToVar(bad as unknown as string);
      } catch (e) {
        error = e;
      }
      expect(
        GdwireError.is(error) && error.code === GodotError.ERR_INVALID_PARAMETER,
        String(bad),
      ).toBe(true);
    }
  });

  it('round-trips its own printing for plain values', () => {
    const text = '{\n"hp": 100,\n"pos": Vector2(1, 2)\n}';
    expect(varToStr(strToVar(text))).toBe(text);
  });
});

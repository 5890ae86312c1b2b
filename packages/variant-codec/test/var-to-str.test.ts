import { varToStr } from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';
import values from './fixtures/godot4-values.json';
import { VALUE_CASES, type ValueFixture } from './fixtures/value-cases.js';

const fixtures = new Map((values as ValueFixture[]).map((f) => [f.name, f]));

describe("varToStr matches Godot 4.6's var_to_str", () => {
  // Only the engine knows: the live properties of objects (sent by id, or with
  // a script), the script resource behind a script-typed container, and the
  // real class of an object-typed container sent without objects. Godot's
  // var_to_str also stops printing deeply nested values before our 1024 levels.
  const engineOnly =
    /^(object\/as-id|object\/full-scripted|array\/typed-script-by-id|array\/typed-(node|object)-empty|dictionary\/typed-value-node|array\/depth)/;
  const cases = VALUE_CASES.filter((c) => !engineOnly.test(c.name));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const fixture = fixtures.get(name)!;
    expect(varToStr(c.js(fixture))).toBe(fixture.str);
  });
});

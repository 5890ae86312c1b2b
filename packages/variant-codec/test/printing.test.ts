/**
 * Values as a JS user meets them outside the codec: `JSON.stringify`, and
 * `instanceof` against values made by another copy of gdwire.
 */
import {
  bytesToVar,
  Color,
  Dictionary,
  EncodedObjectAsID,
  Float,
  GodotObject,
  NodePath,
  PackedStringArray,
  PackedVector2Array,
  RID,
  Signal,
  StringName,
  TypedArray,
  typeOfVariant,
  VariantType,
  Vector2,
  Vector2i,
  varToBytes,
} from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';

describe('JSON.stringify', () => {
  it('writes a decoded Dictionary as an object of its entries, nested values too', () => {
    const bytes = varToBytes(
      new Dictionary([
        ['hp', 100],
        ['pos', new Vector2(1.5, 2)],
        [new StringName('tag'), new StringName('boss')],
        [3, 'three'],
        ['inner', new Dictionary([['ok', true]])],
      ]),
    );
    expect(JSON.stringify(bytesToVar(bytes))).toBe(
      // As in any JS object, keys that look like array indices come first.
      '{"3":"three","hp":100,"pos":{"x":1.5,"y":2},"tag":"boss","inner":{"ok":true}}',
    );
  });

  it('writes names and paths as text, packed arrays as arrays, Floats as numbers', () => {
    expect(
      JSON.stringify({
        name: new StringName('jump'),
        path: new NodePath('/root/Player:position'),
        strings: new PackedStringArray(['a', 'b']),
        points: PackedVector2Array.from([new Vector2(1, 2), new Vector2(3, 4)]),
        typed: new TypedArray({ type: VariantType.INT }, [1, 2]),
        one: new Float(1),
        color: new Color(1, 0, 0.5, 1),
      }),
    ).toBe(
      '{"name":"jump","path":"/root/Player:position","strings":["a","b"],' +
        '"points":[{"x":1,"y":2},{"x":3,"y":4}],"typed":[1,2],"one":1,' +
        '"color":{"r":1,"g":0,"b":0.5,"a":1}}',
    );
  });

  it('writes 64-bit ids as decimal text (JSON has no 64-bit ints) and objects with their properties', () => {
    expect(
      JSON.stringify([
        new RID(9007199254740993n),
        new Signal('hit', 5n),
        new EncodedObjectAsID(0x8000000000000123n),
        new GodotObject('Resource', { resource_name: 'sword', script: null }),
      ]),
    ).toBe(
      '[{"id":"9007199254740993"},{"name":"hit","objectId":"5"},' +
        '{"objectId":"9223372036854776099"},' +
        '{"className":"Resource","properties":{"resource_name":"sword","script":null}}]',
    );
  });
});

describe('instanceof across copies of gdwire', () => {
  const BRAND = Symbol.for('gdwire.variant-class');
  /** What another copy's value looks like to this one: its own class, the same brand. */
  const foreign = (name: string) => Object.create({ [BRAND]: name }) as object;

  it('holds for values another copy made, by their brand', () => {
    expect(foreign('Vector2') instanceof Vector2).toBe(true);
    expect(foreign('Dictionary') instanceof Dictionary).toBe(true);
    expect(foreign('Dictionary') instanceof Vector2).toBe(false);
    expect({ x: 1, y: 2 } instanceof Vector2).toBe(false);
    expect((null as unknown as object) instanceof Vector2).toBe(false);
  });

  it('gives the Godot type of values another copy made, marked with it or named only', () => {
    const TYPE = Symbol.for('gdwire.variant-type');
    const marked = Object.create({ [BRAND]: 'Vector2i', [TYPE]: VariantType.VECTOR2I });
    // A copy from before the type mark names its class and nothing more.
    const named = foreign('Vector2i');
    for (const tile of [marked, named]) {
      Object.assign(tile, { x: 3, y: -1 });
      expect(typeOfVariant(tile)).toBe(VariantType.VECTOR2I);
      expect(varToBytes(tile)).toEqual(varToBytes(new Vector2i(3, -1)));
    }
    expect(typeOfVariant(new Vector2i())).toBe(VariantType.VECTOR2I);
    expect(typeOfVariant(foreign('SomethingNewer'))).toBeUndefined();
    expect(typeOfVariant(new Map())).toBe(VariantType.DICTIONARY);
  });

  it('keeps the ordinary answer for subclasses', () => {
    class Waypoint extends Vector2 {}
    expect(new Waypoint(1, 2) instanceof Vector2).toBe(true);
    expect(new Waypoint(1, 2) instanceof Waypoint).toBe(true);
    expect(new Vector2(1, 2) instanceof Waypoint).toBe(false);
    expect(foreign('Vector2') instanceof Waypoint).toBe(false);
  });
});

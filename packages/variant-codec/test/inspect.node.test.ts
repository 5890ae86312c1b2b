/** How Node's console.log / util.inspect shows values (Node only: browsers have no util.inspect). */
import { inspect } from 'node:util';
import { bytesToVar, Dictionary, VariantType, Vector2, varToBytes } from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';

describe('util.inspect', () => {
  it('shows a Dictionary by name with its entries, as for a Map', () => {
    const dict = bytesToVar(varToBytes({ hp: 100, name: 'ana' }));
    expect(inspect(dict)).toBe("Dictionary(2) { 'hp' => 100, 'name' => 'ana' }");
    expect(inspect(new Dictionary())).toBe('Dictionary(0) {}');
  });

  it('names a typed Dictionary’s key and value types, and nests like a Map', () => {
    const typed = new Dictionary(
      [['a', new Vector2(1, 2)]],
      { type: VariantType.STRING },
      { type: VariantType.VECTOR2 },
    );
    expect(inspect(typed)).toBe("Dictionary[String, Vector2](1) { 'a' => Vector2 { x: 1, y: 2 } }");
    const nested = new Dictionary([
      ['inner', new Dictionary([['deep', new Dictionary([['x', 1]])]])],
    ]);
    expect(inspect(nested, { depth: 0 })).toBe("Dictionary(1) { 'inner' => [Dictionary(1)] }");
  });

  it('keeps class names', () => {
    expect(new Dictionary().constructor.name).toBe('Dictionary');
    expect(inspect(new Vector2(1, 2))).toBe('Vector2 { x: 1, y: 2 }');
  });
});

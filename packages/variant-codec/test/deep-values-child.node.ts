/**
 * Run by deep-values.node.test.ts in a child process with a chosen stack
 * size: every function that walks a value recursively, on values nested 1024
 * levels deep (Godot's limit) in every way a value can nest. Prints one JSON
 * object: for each check, "ok" or what it threw (a GdwireError's code name,
 * else the error's name).
 */
import {
  bytesToVar,
  Dictionary,
  GdwireError,
  GodotObject,
  strToVar,
  TypedArray,
  type Variant,
  VariantType,
  variantEquals,
  varToBytes,
  varToStr,
} from '@gdwire/variant-codec';

const DEPTH = 1024;
const word = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const str = (s: string) => {
  const bytes = [...new TextEncoder().encode(s)];
  while (bytes.length % 4) bytes.push(0);
  return [...word(s.length), ...bytes];
};
/** `piece` DEPTH times, then `end`, then `after` DEPTH times (what each level has after its child). */
const repeat = (piece: number[], end: number[], after: number[] = []) =>
  Uint8Array.from([
    ...Array.from({ length: DEPTH }, () => piece).flat(),
    ...end,
    ...Array.from({ length: DEPTH }, () => after).flat(),
  ]);

/** Godot's bytes for each way of nesting, written by the layout of spec §3.7–3.8 (inputs, not expectations). */
const NESTED_BYTES: Record<string, Uint8Array> = {
  array: repeat([...word(0x1c), ...word(1)], [...word(0x1c), ...word(0)]),
  'typed array': repeat(
    [...word(0x1001c), ...word(VariantType.ARRAY), ...word(1)],
    [...word(0x1001c), ...word(VariantType.ARRAY), ...word(0)],
  ),
  'dictionary value': repeat(
    [...word(0x1b), ...word(1), ...word(4), ...str('k')],
    [...word(0x1b), ...word(0)],
  ),
  'dictionary key': repeat([...word(0x1b), ...word(1)], [...word(0x1b), ...word(0)], word(0)),
  'object property': repeat(
    [...word(0x18), ...str('Object'), ...word(1), ...str('m')],
    [0, 0, 0, 0],
  ),
};

function nestedValue(kind: string): Variant {
  let v: Variant = null;
  for (let i = 0; i < DEPTH; i++) {
    if (kind === 'array') v = [v];
    else if (kind === 'typed array') v = new TypedArray({ type: VariantType.ARRAY }, [v ?? []]);
    else if (kind === 'dictionary value') v = new Dictionary([['k', v]]);
    else if (kind === 'dictionary key') v = new Dictionary([[v ?? new Dictionary(), null]]);
    else v = new GodotObject('Object', { m: v });
  }
  return v;
}

function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return GdwireError.is(e) ? e.codeName : e instanceof Error ? e.name : String(e);
  }
}

const results: Record<string, string> = {};
for (const [kind, bytes] of Object.entries(NESTED_BYTES)) {
  results[`bytesToVar ${kind}`] = outcome(() => bytesToVar(bytes, { allowObjects: true }));
  let value: Variant = null;
  results[`build ${kind}`] = outcome(() => {
    value = nestedValue(kind);
  });
  if (results[`build ${kind}`] !== 'ok') continue;
  results[`varToBytes ${kind}`] = outcome(() => varToBytes(value, { fullObjects: true }));
  results[`varToStr ${kind}`] = outcome(() => varToStr(value));
  results[`variantEquals ${kind}`] = outcome(() => variantEquals(value, nestedValue(kind)));
}
results['strToVar array'] = outcome(() => strToVar(`${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`));
process.stdout.write(JSON.stringify(results));

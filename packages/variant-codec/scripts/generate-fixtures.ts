/**
 * Regenerates the Godot 4 conformance fixtures from the real engine:
 *   pnpm --filter @gdwire/variant-codec fixtures
 *
 * 1. test/fixtures/gd/godot4-values.gd encodes every case of value-cases.ts
 *    with var_to_bytes (or var_to_bytes_with_objects) → godot4-values.json.
 * 2. test/fixtures/gd/godot4-malformed.gd decodes every input of
 *    malformed-cases.ts (hand-made inputs, plus truncations and bit flips of
 *    the value fixtures) with bytes_to_var, and records Godot's Error code or,
 *    when Godot accepts the input, its var_to_bytes of the result →
 *    godot4-malformed.json.
 *
 * 3. test/fixtures/gd/godot3-values.gd and godot3-malformed.gd do the same
 *    with Godot 3.2.3 for its value cases and for count-cases.ts (counts with
 *    the sign bit set) → godot3-values.json, godot3-malformed.json.
 *
 * Godot ≤ 4.6.2 leaves NodePath padding unwritten, so each value is encoded
 * several times and bytes that change between runs are recorded as zeros,
 * which is what gdwire (and Godot 4.6.3+) write.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGodot3 } from '../../../scripts/godot/godot3.js';
import { GDSCRIPT_ERROR_CAPTURE, runGodot4 } from '../../../scripts/godot/godot4.js';
import { DIALECTS } from '../src/dialect.js';
import { GODOT3_COUNT_CASES } from '../test/fixtures/count-cases.js';
import { GODOT3_HELPERS, GODOT3_VALUE_CASES } from '../test/fixtures/godot3-value-cases.js';
import { type MalformedInput, malformedInputs } from '../test/fixtures/malformed-cases.js';
import { zeroNodePathPadding } from '../test/fixtures/node-path-padding.js';
import {
  GDSCRIPT_HELPERS,
  VALUE_CASES,
  type ValueCase,
  type ValueFixture,
} from '../test/fixtures/value-cases.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../test/fixtures');
const RUNS = 4;

/**
 * GDScript that encodes every case several times and prints one JSON line each.
 * The two engines differ only in spelling: Godot 4's var_to_bytes(_with_objects),
 * JSON.stringify and _initialize; Godot 3's var2bytes(v, objects), JSON.print and _init.
 */
const ENGINES = {
  godot4: {
    encode: '(var_to_bytes_with_objects(v) if objects else var_to_bytes(v))',
    json: 'JSON.stringify',
    str: 'var_to_str',
    parse: 'var_to_bytes(str_to_var(var_to_str(v)))',
    entry: '_initialize',
    quit: 'quit(0)',
  },
  godot3: {
    encode: 'var2bytes(v, objects)',
    json: 'JSON.print',
    str: 'var2str',
    parse: 'var2bytes(str2var(var2str(v)))',
    entry: '_init',
    quit: 'quit()',
  },
} as const;

function valuesScript(
  cases: readonly ValueCase[],
  helpers: string,
  engine: keyof typeof ENGINES,
): string {
  const e = ENGINES[engine];
  const lines = ['extends SceneTree', helpers];
  lines.push(`
func emit(name: String, v, objects: bool, extra) -> void:
	var runs: Array = []
	for i in ${RUNS}:
		runs.append(${e.encode}.hex_encode())
	print(${e.json}({"name": name, "runs": runs, "extra": extra, "str": ${e.str}(v), "parsed": ${e.parse}.hex_encode()}))
`);
  cases.forEach((c, i) => {
    lines.push(`func case_${i}() -> void:`);
    lines.push(`\tvar v = ${c.gd}`);
    lines.push(
      `\temit(${JSON.stringify(c.name)}, v, ${c.objects ? 'true' : 'false'}, ${c.extra ?? 'null'})`,
    );
  });
  lines.push(`func ${e.entry}() -> void:`);
  for (let i = 0; i < cases.length; i++) lines.push(`\tcase_${i}()`);
  lines.push(`\t${e.quit}`);
  return `${lines.join('\n')}\n`;
}

/** Reads the printed lines into fixtures, zeroing unwritten NodePath padding. */
function valueFixtures(
  stdout: string,
  cases: readonly ValueCase[],
  nodePathId: number,
): ValueFixture[] {
  const fixtures = parseLines<{
    name: string;
    runs: string[];
    extra: string | null;
    str: string;
    parsed: string;
  }>(stdout).map(
    (r): ValueFixture => ({
      name: r.name,
      hex: stablePadding(r.runs, nodePathId),
      str: r.str,
      parsed: zeroNodePathPadding(r.parsed, nodePathId),
      ...(r.extra === null ? {} : { extra: r.extra }),
    }),
  );
  if (fixtures.length !== cases.length) {
    throw new Error(`the engine printed ${fixtures.length} of ${cases.length} value fixtures`);
  }
  return fixtures;
}

/**
 * Bytes that differ between runs are unwritten padding; record them as zeros,
 * as are the pads of a top-level NodePath, which may also hold constant garbage.
 */
function stablePadding(runs: string[], nodePathId = 0x16): string {
  const first = zeroNodePathPadding(runs[0]!, nodePathId);
  let out = '';
  for (let i = 0; i < first.length; i += 2) {
    const byte = first.slice(i, i + 2);
    out += runs.every((r) => zeroNodePathPadding(r, nodePathId).slice(i, i + 2) === byte)
      ? byte
      : '00';
  }
  return out;
}

function malformedScript(inputs: { name: string; hex: string; allowObjects: boolean }[]): string {
  const lines = ['extends SceneTree', GDSCRIPT_ERROR_CAPTURE];
  lines.push(`
func check(name: String, hex: String, allow_objects: bool) -> void:
	capture.codes.clear()
	var v = bytes_to_var_with_objects(hex.hex_decode()) if allow_objects else bytes_to_var(hex.hex_decode())
	var out := {"name": name}
	var failures := capture.codes.filter(func(c): return c.begins_with("ERR_") or c == "FAILED")
	if failures.is_empty():
		var runs: Array = []
		for i in ${RUNS}:
			runs.append((var_to_bytes_with_objects(v) if allow_objects else var_to_bytes(v)).hex_encode())
		out["runs"] = runs
		out["type"] = typeof(v)
		out["printed"] = capture.codes.duplicate()
	else:
		out["errors"] = failures
	print(JSON.stringify(out))

func _initialize() -> void:
	OS.add_logger(capture)
`);
  for (const input of inputs) {
    lines.push(`\tcheck(${JSON.stringify(input.name)}, "${input.hex}", ${input.allowObjects})`);
  }
  lines.push('\tquit(0)');
  return `${lines.join('\n')}\n`;
}

/**
 * Godot 3's bytes2var has no error result: a failed decode is a script error
 * that ends `check` (the loop goes on), and the engine prints its Error code on
 * stderr. So each input is announced first, and what follows the announcement
 * is either its JSON line or the engine's error lines.
 */
function godot3MalformedScript(inputs: readonly MalformedInput[]): string {
  const lines = [
    'extends SceneTree',
    `
func unhex(h: String) -> PoolByteArray:
	var b := PoolByteArray()
	for i in range(0, h.length(), 2):
		b.append(("0x" + h.substr(i, 2)).hex_to_int())
	return b

func check(name: String, h: String, objects: bool) -> void:
	var v = bytes2var(unhex(h), objects)
	var runs: Array = []
	for i in range(${RUNS}):
		runs.append(var2bytes(v, objects).hex_encode())
	print(JSON.print({"name": name, "runs": runs, "type": typeof(v)}))

func _init() -> void:`,
  ];
  for (const input of inputs) {
    lines.push(`	print("@@ ${input.name}")`);
    lines.push(`	check(${JSON.stringify(input.name)}, "${input.hex}", ${input.allowObjects})`);
  }
  lines.push('	quit()');
  return `${lines.join('\n')}\n`;
}

/** Splits Godot 3's merged output at the announcements into one result per input. */
function godot3Results(output: string, inputs: readonly MalformedInput[]): MalformedFixture[] {
  const sections = output.split(/^@@ /m).slice(1);
  if (sections.length !== inputs.length) {
    throw new Error(`Godot 3 announced ${sections.length} of ${inputs.length} inputs`);
  }
  return inputs.map((input, i) => {
    const section = sections[i]!;
    const json = section.split('\n').find((line) => line.startsWith('{'));
    if (json !== undefined) {
      const r = JSON.parse(json) as { runs: string[]; type: number };
      // typeof() numbers types as Godot 3 does; the fixtures use Godot 4's numbering.
      const type = DIALECTS.godot3.typeFromWire[r.type];
      if (type === undefined) throw new Error(`Godot 3 typeof ${r.type} for ${input.name}`);
      return { ...input, error: null, reencoded: stablePadding(r.runs, 0x0f), type };
    }
    const code = /Return(?:ed|ing): (ERR_[A-Z_]+|FAILED)/.exec(section);
    if (code === null)
      throw new Error(`Godot 3 printed neither a value nor an error for ${input.name}`);
    return { ...input, error: code[1]! };
  });
}

interface MalformedFixture extends MalformedInput {
  error: string | null;
  reencoded?: string;
  type?: number;
}

function parseLines<T>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as T);
}

const valuesGd = valuesScript(VALUE_CASES, GDSCRIPT_HELPERS, 'godot4');
writeFileSync(join(fixtures, 'gd/godot4-values.gd'), valuesGd);
const values = valueFixtures(
  runGodot4(valuesGd, [join(fixtures, 'gd/item.gd')]),
  VALUE_CASES,
  0x16,
);
writeFileSync(join(fixtures, 'godot4-values.json'), `${JSON.stringify(values, null, 1)}\n`);
console.log(`godot4-values.json: ${values.length} values`);

const inputs = malformedInputs(values);
const malformedGd = malformedScript(inputs);
writeFileSync(join(fixtures, 'gd/godot4-malformed.gd'), malformedGd);
const results = parseLines<{
  name: string;
  runs?: string[];
  type?: number;
  errors?: string[];
  printed?: string[];
}>(runGodot4(malformedGd));
if (results.length !== inputs.length) {
  throw new Error(`Godot printed ${results.length} of ${inputs.length} malformed fixtures`);
}
const malformed = inputs.map((input, i) => {
  const r = results[i]!;
  return {
    ...input,
    ...(r.errors
      ? { error: r.errors[0] }
      : {
          error: null,
          reencoded: stablePadding(r.runs!),
          type: r.type,
          // Engine errors Godot printed while still accepting the input (e.g. a dropped element).
          ...(r.printed?.length ? { printed: r.printed } : {}),
        }),
  };
});
writeFileSync(join(fixtures, 'godot4-malformed.json'), `${JSON.stringify(malformed, null, 1)}\n`);
console.log(
  `godot4-malformed.json: ${malformed.length} inputs, ${malformed.filter((m) => m.error).length} rejected by Godot`,
);

// Godot 3: its own value cases in GDScript 3, encoded by the real Godot 3.2.3.
const godot3Gd = valuesScript(GODOT3_VALUE_CASES, GODOT3_HELPERS, 'godot3');
writeFileSync(join(fixtures, 'gd/godot3-values.gd'), godot3Gd);
const godot3 = valueFixtures(runGodot3(godot3Gd), GODOT3_VALUE_CASES, 0x0f);
writeFileSync(join(fixtures, 'godot3-values.json'), `${JSON.stringify(godot3, null, 1)}\n`);
console.log(`godot3-values.json: ${godot3.length} values`);

const godot3MalformedGd = godot3MalformedScript(GODOT3_COUNT_CASES);
writeFileSync(join(fixtures, 'gd/godot3-malformed.gd'), godot3MalformedGd);
const godot3Malformed = godot3Results(
  runGodot3(godot3MalformedGd, { withErrors: true }),
  GODOT3_COUNT_CASES,
);
writeFileSync(
  join(fixtures, 'godot3-malformed.json'),
  `${JSON.stringify(godot3Malformed, null, 1)}\n`,
);
console.log(
  `godot3-malformed.json: ${godot3Malformed.length} inputs, ${godot3Malformed.filter((m) => m.error).length} rejected by Godot 3`,
);

/**
 * `pnpm fuzz [--cases N] [--seconds S] [--seed K]`: fuzzes the decoder
 * (default: one million inputs) and prints what it saw. Inputs that break a
 * rule are written to fuzz/failures/ as hex, to become regression tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fuzz } from './fuzz.js';
import { fuzzSeeds } from './seeds.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    seconds: { type: 'string' },
    seed: { type: 'string', default: String(Date.now() % 1e9) },
  },
});
const seed = Number(values.seed);
const seeds = fuzzSeeds();
console.log(
  `fuzzing the decoder: ${values.cases} inputs${values.seconds ? ` or ${values.seconds} s` : ''}, seed ${seed}, ${seeds.length} seeds`,
);
const report = fuzz({
  cases: Number(values.cases),
  seed,
  seeds,
  ...(values.seconds ? { seconds: Number(values.seconds) } : {}),
});
console.log(
  `inputs     ${report.inputs} in ${report.seconds.toFixed(1)} s (${Math.round(report.inputs / report.seconds)}/s)`,
);
console.log(`decoded    ${report.decoded}`);
console.log(
  `errors     ${Object.entries(report.errors)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);
console.log(`slowest    ${report.slowestMs.toFixed(2)} ms for one input`);
console.log(`growth     re-encoded size at most ${report.largestGrowth.toFixed(2)}× the input`);
if (report.failures.length > 0) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'failures');
  mkdirSync(dir, { recursive: true });
  for (const f of report.failures) {
    const hex = Array.from(f.input, (b) => b.toString(16).padStart(2, '0')).join('');
    writeFileSync(
      join(dir, `${seed}-${report.failures.indexOf(f)}.json`),
      JSON.stringify({ ...f, input: hex }, null, 1),
    );
    console.log(
      `FAILURE ${f.problem} (${f.dialect}, allowObjects ${f.allowObjects}): ${hex.slice(0, 120)}`,
    );
  }
  console.log(
    `fuzz: ${report.inputs - report.failures.length} passed, ${report.failures.length} failed`,
  );
  process.exit(1);
}
console.log(`fuzz: ${report.inputs} passed, 0 failed`);

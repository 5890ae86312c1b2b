#!/usr/bin/env node
// Compares two builds of the codec: `pnpm bench:compare A B` where A and B are
// copies of dist/ (cp -r dist /tmp/before, change the code, pnpm build,
// cp -r dist /tmp/after). Each process runs at its own speed, so one run
// of each says little: this runs the two builds in alternating processes
// (--runs of each, default 5), each timing gdwire on every case in turn
// (bench/sequence.ts), and prints per case both medians, their ratio and the
// range of the round-by-round ratios. Each build runs from a package of its
// own in a temporary directory, so dist/ is never touched.
//
//   pnpm bench:compare /tmp/before /tmp/after [--runs 5] [--direction decode|encode|both] [--case name] [--together]
//
// With --case, each process times that case alone (a case also runs at the
// speed of what its process did before it: compare both ways).
//
// With --together, each process times both builds in turns instead
// (bench/together.ts), so that the speed a process happens to get falls on
// both alike; the builds swap places from one process to the next.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    direction: { type: 'string', default: 'both' },
    case: { type: 'string' },
    together: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
if (!['decode', 'encode', 'both'].includes(values.direction)) {
  throw new Error('--direction is decode, encode or both');
}
if (positionals.length !== 2) throw new Error('give two copies of dist/: before and after');

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = import.meta.resolve('tsx');
const work = mkdtempSync(join(tmpdir(), 'gdwire-compare-'));

/** What a build needs from the repository, at the same paths as here (bench/sequence.ts imports the harness relatively). */
const COPIED = [
  'packages/variant-codec/package.json',
  'packages/variant-codec/bench/sequence.ts',
  'packages/variant-codec/bench/together.ts',
  'packages/variant-codec/bench/cases.ts',
  'scripts/bench/harness.ts',
];

/**
 * A copy of this package with `dist` as its build, in a tree of its own: its
 * package.json (so that `@gdwire/variant-codec` resolves to that build) and
 * the files that time it. Returns the package's directory.
 */
function packageOf(dist, name) {
  if (!existsSync(join(dist, 'index.cjs'))) throw new Error(`${dist} is not a copy of dist/`);
  const tree = join(work, name);
  for (const file of COPIED) cpSync(join(root, file), join(tree, file));
  const dir = join(tree, 'packages/variant-codec');
  cpSync(dist, join(dir, 'dist'), { recursive: true });
  return dir;
}

/** times[build][key] = ops/s of each run */
const times = [new Map(), new Map()];

/** Adds the `case direction: ops/s…` lines of a run, whose rates are those of the builds `order` names in turn. */
function record(stdout, order) {
  for (const line of stdout.trim().split('\n')) {
    const at = line.lastIndexOf(':');
    const key = line.slice(0, at);
    const rates = line
      .slice(at + 1)
      .trim()
      .split(' ')
      .map(Number);
    order.forEach((b, i) => {
      if (!times[b].has(key)) times[b].set(key, []);
      times[b].get(key).push(rates[i]);
    });
  }
}

try {
  const builds = positionals.map((dist, b) => packageOf(resolve(dist), 'AB'[b]));
  for (let run = 1; run <= runs; run++) {
    if (values.together) {
      // Odd runs: A's tree, A first; even runs: B's tree, B first.
      const order = run % 2 === 1 ? [0, 1] : [1, 0];
      process.stderr.write(`run ${run}/${runs}: ${order.map((b) => 'AB'[b]).join(' then ')}\n`);
      const dists = order.map((b) => join(builds[b], 'dist'));
      const args = ['--import', tsx, 'bench/together.ts', ...dists, values.direction];
      if (values.case !== undefined) args.push(values.case);
      const result = spawnSync(process.execPath, args, { cwd: builds[order[0]], encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`run ${run} failed:\n${result.stderr}`);
      record(result.stdout, order);
      continue;
    }
    for (const [b, dir] of builds.entries()) {
      process.stderr.write(`run ${run}/${runs}: ${'AB'[b]} (${positionals[b]})\n`);
      const args = ['--import', tsx, 'bench/sequence.ts', values.direction];
      if (values.case !== undefined) args.push(values.case);
      const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`build ${'AB'[b]} failed:\n${result.stderr}`);
      record(result.stdout, [b]);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const width = Math.max(...[...times[0].keys()].map((k) => k.length));
console.log(
  `${'case'.padEnd(width)}  ${'A ops/s'.padStart(10)}  ${'B ops/s'.padStart(10)}   B/A  (range)`,
);
for (const [key, a] of times[0]) {
  const b = times[1].get(key) ?? [];
  const pairs = a.map((x, i) => b[i] / x).filter(Number.isFinite);
  console.log(
    `${key.padEnd(width)}  ${String(Math.round(median(a))).padStart(10)}  ${String(Math.round(median(b))).padStart(10)}  ${(median(b) / median(a)).toFixed(2)}  (${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)})`,
  );
}

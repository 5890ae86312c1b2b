/**
 * Times gdwire alone on the benchmark cases, one after another in this
 * process, and prints `case direction: ops/s` per line; `compare.mjs` runs it
 * against two builds. With a case name (or its prefix) it times that case
 * alone, as a process that does nothing else would see it.
 *
 *   node --import tsx bench/sequence.ts [decode|encode|both] [case]
 */
import { bytesToVar, varToBytes } from '@gdwire/variant-codec';
import { BENCH_CASES } from './cases.js';

const [direction = 'decode', only] = process.argv.slice(2);
/** BENCH_SMOKE=1 (tests) times each case for a few milliseconds: that it runs, not how fast. */
const SMOKE = process.env.BENCH_SMOKE === '1';
const [warmMs, timeMs] = SMOKE ? [2, 5] : only === undefined ? [200, 500] : [500, 1500];

/** Calls per second of `run` over `ms` milliseconds (checking the clock every 10 calls). */
function opsPerSecond(run: () => unknown, ms: number): number {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 10; i++) run();
    n += 10;
  }
  return n / (ms / 1000);
}

const cases = BENCH_CASES.filter((c) =>
  only === undefined ? !c.name.startsWith('packed-') : c.name.startsWith(only),
);
if (cases.length === 0) throw new Error(`no case starts with ${only}`);
for (const c of cases) {
  const bytes = varToBytes(c.value as never);
  for (const dir of ['encode', 'decode']) {
    if (direction !== 'both' && dir !== direction) continue;
    const run = dir === 'encode' ? () => varToBytes(c.value as never) : () => bytesToVar(bytes);
    opsPerSecond(run, warmMs);
    console.log(`${c.name} ${dir}: ${Math.round(opsPerSecond(run, timeMs))}`);
  }
}

/**
 * `pnpm --filter @gdwire/variant-codec cpu-profile [case] [encode|decode]`:
 * runs one benchmark case in a loop under V8's sampling profiler and writes a
 * .cpuprofile to bench/profiles/ (open it in Chrome DevTools or speedscope),
 * then prints the functions that took the most time.
 *
 * A CommonJS script, like the benchmark files: the cases' values and the
 * codec must come from the same build of gdwire, or every value would take
 * the slower path for values made by another copy of the package.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { bytesToVar, varToBytes } from '@gdwire/variant-codec';
import { BENCH_CASES, inputOf } from './cases.js';

async function main(): Promise<void> {
  const [name = 'snapshot-64', direction = 'decode'] = process.argv.slice(2);
  const c = BENCH_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}; cases: ${BENCH_CASES.map((x) => x.name).join(', ')}`);
  const input = inputOf(c, varToBytes(c.value as never));
  const run =
    direction === 'encode' ? () => varToBytes(c.value as never) : () => bytesToVar(input());

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const end = performance.now() + 3000;
  let ops = 0;
  while (performance.now() < end) {
    run();
    ops++;
  }
  const { profile } = await session.post('Profiler.stop');
  const dir = new URL('./profiles/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${name}-${direction}.cpuprofile`, dir);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`${name} ${direction}: ${Math.round(ops / 3)} ops/s; profile in ${file.pathname}`);

  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const id of profile.samples ?? []) {
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples?.length ?? 1;
  for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`${((count / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
}

void main();

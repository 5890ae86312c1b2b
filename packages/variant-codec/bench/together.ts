/**
 * Times two builds of the codec in this one process, in turns round by round
 * (opsPerSecondEach), on the benchmark cases, and prints `case direction:
 * first second` (ops/s) per line; `compare.mjs --together` runs it. A
 * process runs at the speed of the vCPU it gets, which on a shared machine
 * swings whole processes by a third: two builds timed in the same process
 * see the same swings. Each build is loaded from its own dist/ (its
 * CommonJS entry, which the one-build processes time too). The first one is
 * the one whose tree this runs in, so its classes make the values, and it is
 * timed first in every round; either may give it an edge of a few percent on
 * some cases, so compare.mjs swaps the builds' places from one process to
 * the next.
 *
 *   node --import tsx bench/together.ts FIRST_DIST SECOND_DIST [decode|encode|both] [case]
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { opsPerSecondEach } from '../../../scripts/bench/harness.js';
import { casesNamed, inputOf } from './cases.js';

type Codec = typeof import('@gdwire/variant-codec');

async function main(): Promise<void> {
  const [first, second, direction = 'decode', only] = process.argv.slice(2);
  if (first === undefined || second === undefined) throw new Error('give two copies of dist/');
  const load = (dist: string): Promise<Codec> =>
    import(pathToFileURL(join(dist, 'index.cjs')).href);
  const builds = [await load(first), await load(second)];

  for (const c of casesNamed(only)) {
    const input = inputOf(c, builds[0]!.varToBytes(c.value as never));
    for (const dir of ['encode', 'decode']) {
      if (direction !== 'both' && dir !== direction) continue;
      const rates = opsPerSecondEach(
        builds.map((b) =>
          dir === 'encode' ? () => b.varToBytes(c.value as never) : () => b.bytesToVar(input()),
        ),
      );
      console.log(`${c.name} ${dir}: ${rates.map(Math.round).join(' ')}`);
    }
  }
}

// A function, not top-level await: the copies compare.mjs makes load this as CommonJS.
main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

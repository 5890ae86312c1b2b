/**
 * Times gdwire alone on the benchmark cases, one after another in this
 * process, and prints `case direction: ops/s` per line; `compare.mjs` runs it
 * against two builds. With a case name (or its prefix) it times that case
 * alone, as a process that does nothing else would see it.
 *
 *   node --import tsx bench/sequence.ts [decode|encode|both] [case]
 */
import { bytesToVar, varToBytes } from '@gdwire/variant-codec';
import { opsPerSecond } from '../../../scripts/bench/harness.js';
import { casesNamed, inputOf } from './cases.js';

const [direction = 'decode', only] = process.argv.slice(2);

for (const c of casesNamed(only)) {
  const input = inputOf(c, varToBytes(c.value as never));
  for (const dir of ['encode', 'decode']) {
    if (direction !== 'both' && dir !== direction) continue;
    const run = dir === 'encode' ? () => varToBytes(c.value as never) : () => bytesToVar(input());
    console.log(`${c.name} ${dir}: ${Math.round(opsPerSecond(run))}`);
  }
}

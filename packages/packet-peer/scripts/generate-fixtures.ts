/**
 * Regenerates test/fixtures/packet-peer-stream.json from the real Godot 4.6:
 *   pnpm --filter @gdwire/packet-peer fixtures
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGodot4 } from '../../../scripts/godot/godot4.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../test/fixtures');
const out = runGodot4(readFileSync(join(fixtures, 'gd/packet-peer-stream.gd'), 'utf8'));
const steps = Object.fromEntries(
  out
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      const { step, ...result } = JSON.parse(line) as { step: string };
      return [step, result];
    }),
);
writeFileSync(join(fixtures, 'packet-peer-stream.json'), `${JSON.stringify(steps, null, 1)}\n`);
console.log(`packet-peer-stream.json: ${Object.keys(steps).length} steps`);

// `pnpm --filter @gdwire/examples example <name>`: runs src/<name>.ts through tsx, against the sources.
import { spawnSync } from 'node:child_process';

const [name, ...rest] = process.argv.slice(2);
if (!name) {
  process.stderr.write('usage: example <chat|wait|relay|tcp-stream|lan-discovery> [args]\n');
  process.exit(2);
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--conditions=@gdwire/source', `src/${name}.ts`, ...rest],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);

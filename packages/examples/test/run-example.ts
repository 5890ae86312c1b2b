import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const examples = fileURLToPath(new URL('..', import.meta.url));

/** Runs an example the way `pnpm demo` does: TypeScript source through tsx. */
export function runExample(file: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@gdwire/source', file], {
    cwd: examples,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

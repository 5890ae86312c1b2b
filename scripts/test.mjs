#!/usr/bin/env node
// `pnpm test`: every check CI runs, in order, stopping at the first failure:
// lint, typecheck, build of the published packages, their packaging checks
// (publint, are-the-types-wrong), then the whole vitest suite (Node and
// headless Chromium), which ends with a `tests: N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The browser tests drive Debian's Chromium (playwright never downloads a browser here).
if (!existsSync('/usr/bin/chromium')) {
  process.stderr.write(
    'The browser tests need Chromium at /usr/bin/chromium: apt-get install -y chromium (see README).\n',
  );
  process.exit(1);
}

const steps = [
  ['lint', ['biome', 'check', '.']],
  ['typecheck', ['pnpm', 'run', 'typecheck']],
  ['build + packaging', ['turbo', 'run', 'check:package', '--output-logs=errors-only']],
  ['tests', ['vitest', 'run']],
];

for (const [name, [command, ...args]] of steps) {
  process.stdout.write(`\n▶ ${name}\n`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    process.stdout.write(`\n✖ ${name} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

#!/usr/bin/env node
// `pnpm test`: every check CI runs, in order, stopping at the first failure:
// lint, typecheck, build of the published packages, their packaging checks
// (publint, are-the-types-wrong), then the whole vitest suite (Node and
// headless Chromium), which ends with a `tests: N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The browser tests drive Debian's Chromium (Playwright never downloads a browser
// here). As root with apt available, install it; otherwise say how.
if (!existsSync('/usr/bin/chromium')) {
  const root = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!root) {
    process.stderr.write(
      'The browser tests need Chromium at /usr/bin/chromium: apt-get install -y chromium\n',
    );
    process.exit(1);
  }
  process.stdout.write('▶ installing Debian chromium for the browser tests\n');
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ]) {
    const r = spawnSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const steps = [
  ['lint', ['biome', 'check', '--error-on-warnings', '.']],
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

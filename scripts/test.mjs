#!/usr/bin/env node
// `pnpm test`: every check CI runs, in order, stopping at the first failure:
// lint, typecheck, build of the published packages, their packaging checks
// (publint, are-the-types-wrong), a smoke run of the benchmarks, then the
// whole vitest suite (Node and headless Chromium), which ends with a
// `tests: N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// Debian packages the tests run: Chromium for the browser tests (Playwright never
// downloads a browser here) and godot3-server, a real Godot 3.2.3, for live
// interop. As root with apt available, install what is missing; otherwise say how.
const needed = [
  ['chromium', '/usr/bin/chromium'],
  ['godot3-server', '/usr/bin/godot3-server'],
].filter(([, path]) => !existsSync(path));
if (needed.length > 0) {
  const names = needed.map(([name]) => name);
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    process.stderr.write(`The tests need Debian packages: apt-get install -y ${names.join(' ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`▶ installing ${names.join(', ')} (Debian) for the tests\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...names],
  ]) {
    // apt and dpkg print hundreds of lines: shown only when they fail.
    const r = spawnSync('apt-get', args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}\napt-get ${args[0]} failed\n`);
      process.exit(r.status ?? 1);
    }
  }
}

const steps = [
  ['lint', ['biome', 'check', '--error-on-warnings', '.']],
  ['typecheck (scripts)', ['tsc', '-p', 'tsconfig.json']],
  [
    // One turbo run, so that the packages' tasks share both cores.
    'typecheck, build, packaging checks, benchmark smoke (do the benchmarks still run?)',
    ['turbo', 'run', 'typecheck', 'check:package', 'bench', '--output-logs=errors-only'],
    // Every benchmark case for a few milliseconds: this checks that they run, not how fast.
    { BENCH_SMOKE: '1' },
  ],
  ['tests', ['vitest', 'run']],
];

for (const [name, [command, ...args], env = {}] of steps) {
  process.stdout.write(`\n▶ ${name}\n`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    // Turbo's one-time telemetry notice is noise in a test run.
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...env },
  });
  if (result.status !== 0) {
    process.stdout.write(`\n✖ ${name} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

#!/usr/bin/env node
// `pnpm test`: every check CI runs, stopping at the first failure. Lint and
// the build of the published packages first; then the whole vitest suite
// (Node and headless Chromium) and, beside it, the typecheck (the repository
// as one program, and the browser-safe code without Node's types) and a
// smoke run of the benchmarks. The suite waits on sockets and child
// processes much of the time; the checks fill those gaps. The packaging
// checks (publint, are-the-types-wrong, installs from the tarballs) are one
// of the tests: packages/examples/test/consumer.test.ts. Ends with vitest's
// `tests: N passed, N failed` line, then the checks' verdict.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const testStarted = Date.now();

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

// Turbo's one-time telemetry notice is noise in a test run.
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };
const shell = process.platform === 'win32';
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

function fail(name, status) {
  process.stdout.write(`\n✖ ${name} failed (exit ${status})\n`);
  process.exit(typeof status === 'number' ? status : 1);
}

/** Runs a command to its end: its exit status, and its output if `capture` (always, if it cannot start). */
function run(command, args, { capture = false, extraEnv = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      shell,
      env: { ...env, ...extraEnv },
    });
    let output = '';
    child.stdout?.on('data', (d) => {
      output += d;
    });
    child.stderr?.on('data', (d) => {
      output += d;
    });
    child.on('error', (error) => {
      output += `${error.message}\n`;
    });
    child.on('close', (status, signal) => resolve({ status: status ?? signal, output }));
  });
}

const steps = [
  ['lint', ['biome', 'check', '--error-on-warnings', '.']],
  // The tests run the built packages (Chromium, the CLI, the consumer checks).
  ['build', ['turbo', 'run', 'build', '--output-logs=errors-only']],
];
for (const [name, [command, ...args]] of steps) {
  process.stdout.write(`\n▶ ${name}\n`);
  const started = Date.now();
  const result = await run(command, args);
  if (result.status !== 0) {
    process.stdout.write(result.output); // only a failure to start it: the rest went to the terminal
    fail(name, result.status);
  }
  process.stdout.write(`✔ ${name} (${seconds(started)})\n`);
}

// Beside the tests, one after another (each stops the rest when it fails).
const checks = [
  ['typecheck', ['tsc', '-p', 'tsconfig.json']],
  [
    'typecheck of the browser-safe code, without Node types',
    ['tsc', '-p', 'tsconfig.browser.json'],
  ],
  [
    'benchmark smoke (do the benchmarks still run?)',
    // Each package's own `bench` script, one package at a time, on the build
    // above (turbo's bench task would check the build again).
    ['pnpm', '--recursive', '--workspace-concurrency=1', 'run', 'bench'],
    // Every benchmark case runs for a few milliseconds: this checks that they run, not how fast.
    { BENCH_SMOKE: '1' },
  ],
];
/** What passed beside the tests, said after them. */
const done = [];
async function runChecks() {
  for (const [name, [command, ...args], extraEnv] of checks) {
    const started = Date.now();
    const result = await run(command, args, { capture: true, extraEnv });
    if (result.status !== 0) return { ...result, name };
    done.push(`✔ ${name} (${seconds(started)})`);
  }
  return { status: 0 };
}

process.stdout.write(`\n▶ tests, with ${checks.map(([name]) => name).join('; ')} beside them\n`);
const started = Date.now();
const [tests, checked] = await Promise.all([run('vitest', ['run']), runChecks()]);
process.stdout.write(`\n${done.join('\n')}\n`);
if (checked.status !== 0) {
  process.stdout.write(`\n${checked.output}`);
  fail(checked.name, checked.status);
}
if (tests.status !== 0) fail('tests', tests.status);
process.stdout.write(`✔ tests (${seconds(started)})\n`);
process.stdout.write(`✔ pnpm test (${seconds(testStarted)})\n`);

#!/usr/bin/env node
// Runs the README's test command (its command 2) the way a newcomer does:
// each run in a fresh clone of the committed HEAD, one after another, and
// says whether every run passed and how long each took. With --busy, a
// CPU-bound process runs beside the whole time, as on a slow, shared machine:
// a test whose result depends on the machine's speed shows up here.
//
//   node scripts/check-fresh-clone.mjs                 # 3 runs
//   node scripts/check-fresh-clone.mjs --busy          # 3 runs beside a CPU hog
//   node scripts/check-fresh-clone.mjs --runs 1 --keep # keep the clone and log
//
// Only committed work is tested (it is a clone). Logs go to the clone's
// parent directory, which is removed afterwards unless --keep is given.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    busy: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const head = git(repo, 'rev-parse', 'HEAD').trim();

/** The README's command 2, read from the README itself so the two cannot drift apart. */
function readmeTestCommand(dir) {
  const line = readFileSync(join(dir, 'README.md'), 'utf8')
    .split('\n')
    .find((l) => /#\s*2\./.test(l));
  if (line === undefined) throw new Error('README.md has no line marked "# 2."');
  return line.replace(/\s*#\s*2\..*$/, '').trim();
}

function git(cwd, ...gitArgs) {
  const r = spawnSync('git', gitArgs, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${gitArgs.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const work = mkdtempSync(join(tmpdir(), 'gdwire-fresh-'));
const hog = args.busy
  ? spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' })
  : undefined;
const results = [];
try {
  for (let run = 1; run <= runs; run++) {
    const clone = join(work, `run-${run}`);
    git(work, 'clone', '--quiet', '--no-hardlinks', repo, clone);
    git(clone, 'checkout', '--quiet', head);
    const command = readmeTestCommand(clone);
    const log = join(work, `run-${run}.log`);
    process.stdout.write(`run ${run}/${runs}${args.busy ? ' (busy)' : ''}: ${command}\n`);
    const started = Date.now();
    const status = await new Promise((done) => {
      const out = createWriteStream(log);
      const child = spawn('sh', ['-c', command], { cwd: clone, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.pipe(out, { end: false });
      child.stderr.pipe(out, { end: false });
      child.on('close', (code) => out.end(() => done(code)));
    });
    const seconds = (Date.now() - started) / 1000;
    const text = readFileSync(log, 'utf8');
    const summary = text.match(/^tests: .*$/m)?.[0] ?? 'no test summary';
    results.push({ run, status, seconds, summary, log });
    process.stdout.write(`  exit ${status} in ${seconds.toFixed(0)} s; ${summary}\n`);
    // The test command's own step times: where the time went.
    const steps = text.match(/^✔ .*\(\d+ s\)$/gm) ?? [];
    if (steps.length > 0) process.stdout.write(`  ${steps.join('; ')}\n`);
    if (status !== 0) process.stdout.write(`${text.split('\n').slice(-40).join('\n')}\n`);
    if (!args.keep) rmSync(clone, { recursive: true, force: true });
  }
} finally {
  hog?.kill();
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((r) => r.status !== 0 || !/ 0 failed/.test(r.summary));
process.stdout.write(
  `\n${head.slice(0, 10)}: ${results.length - failed.length} of ${results.length} runs passed` +
    `${args.busy ? ' beside a CPU-bound process' : ''}; ` +
    `${results.map((r) => `${r.seconds.toFixed(0)} s`).join(', ')}` +
    `${args.keep ? `; clones and logs in ${work}` : ''}\n`,
);
process.exit(failed.length === 0 ? 0 : 1);

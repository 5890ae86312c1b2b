/**
 * `pnpm bench:compare` (bench/compare.mjs): runs two builds of the codec in
 * alternating processes and tabulates their speed. Checked here is that it
 * runs each build it is given (not the workspace's), covers every case in
 * both directions, and reports a build that fails; how fast anything is, is
 * never asserted (BENCH_SMOKE makes each timing a few milliseconds).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_CASES } from '../bench/cases.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'gdwire-compare-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the built dist/, optionally with `extra` appended to its CommonJS entry. */
function build(name: string, extra = ''): string {
  const dir = join(work, name);
  cpSync(join(pkg, 'dist'), dir, { recursive: true });
  if (extra !== '') appendFileSync(join(dir, 'index.cjs'), `\n${extra}\n`);
  return dir;
}

function compare(...args: string[]) {
  return spawnSync(process.execPath, ['bench/compare.mjs', ...args], {
    cwd: pkg,
    encoding: 'utf8',
    env: { ...process.env, BENCH_SMOKE: '1' },
  });
}

describe('bench:compare', () => {
  it('times both builds on every case, both directions, and prints medians and their ratio', () => {
    const before = build('before');
    const after = build('after');
    const result = compare(before, after, '--runs', '2');
    expect(result.stderr).not.toContain('Error');
    expect(result.status).toBe(0);
    const rows = result.stdout.trim().split('\n').slice(1);
    const timed = BENCH_CASES.filter((c) => !c.name.startsWith('packed-'));
    expect(rows).toHaveLength(timed.length * 2);
    for (const c of timed) {
      for (const direction of ['encode', 'decode']) {
        const row = rows.find((r) => r.startsWith(`${c.name} ${direction} `));
        expect(row, `${c.name} ${direction}`).toMatch(
          / \d+ +\d+ +\d+\.\d\d +\(\d+\.\d\d–\d+\.\d\d\)$/,
        );
      }
    }
    // Two runs of each build, in turns.
    expect(result.stderr.match(/^run \d\/2: [AB] /gm)).toEqual([
      'run 1/2: A ',
      'run 1/2: B ',
      'run 2/2: A ',
      'run 2/2: B ',
    ]);
  });

  it('runs the build it is given: a broken one fails the comparison, named', () => {
    const good = build('good');
    const broken = build('broken', 'throw new Error("this build is broken");');
    const result = compare(good, broken, '--runs', '1', '--case', 'message');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('build B failed');
    expect(result.stderr).toContain('this build is broken');
  });

  it('times both builds in each process with --together, swapping their places between processes', () => {
    const result = compare(
      build('together-a'),
      build('together-b'),
      '--runs',
      '2',
      '--case',
      'message',
      '--direction',
      'decode',
      '--together',
    );
    expect(result.stderr).not.toContain('Error');
    expect(result.status).toBe(0);
    expect(result.stderr.match(/^run \d\/2: .*$/gm)).toEqual([
      'run 1/2: A then B',
      'run 2/2: B then A',
    ]);
    expect(result.stdout.trim().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^message decode +\d+ +\d+ +\d+\.\d\d +\(\d+\.\d\d–\d+\.\d\d\)$/),
    ]);
  });

  it('reports a broken build with --together too', () => {
    const broken = build('together-broken', 'throw new Error("this build is broken");');
    const result = compare(build('together-good'), broken, '--runs', '1', '--together');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('this build is broken');
  });

  it('times one case alone with --case', () => {
    const result = compare(
      build('one-a'),
      build('one-b'),
      '--runs',
      '1',
      '--case',
      'nested',
      '--direction',
      'decode',
    );
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^nested-100 decode /),
    ]);
  });
});

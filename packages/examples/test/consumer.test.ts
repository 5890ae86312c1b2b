/**
 * The published packages as npm users get them (scripts/consumer/check.mjs):
 * packed, dry-run published, installed with plain npm outside the workspace,
 * run from ESM, CommonJS, `npx gdwire` and a browser bundle in Chromium,
 * each README's install line checked under pnpm, and type-checked by
 * TypeScript under node16, bundler, node10 and browser-only settings. It runs
 * as one test beside the others, so its installs overlap their work.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('consumer checks', () => {
  // Several npm and pnpm installs and TypeScript runs: about half a minute on
  // a quiet 2-core machine. The limit only stops a hang; no result depends on it.
  it('every check passes', { timeout: 600_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/consumer/check.mjs'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(output).toMatch(/every consumer check passed/);
    expect(code, output).toBe(0);
  });
});

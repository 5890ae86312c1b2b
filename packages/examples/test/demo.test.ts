import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const examples = fileURLToPath(new URL('..', import.meta.url));

/** Runs an example the way `pnpm demo` does: TypeScript source through tsx. */
export function runExample(file: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@gdwire/source', file], {
    cwd: examples,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('pnpm demo', () => {
  it('runs to the end and shows each step', () => {
    const out = runExample('src/demo.ts');
    expect(out).toMatch(/1\. Encoded one tick: \d+ bytes/);
    expect(out).toContain('"name": "Bø"');
    expect(out).toContain('"trail": PackedVector2Array(0.5, 4, 10.5, 3, 20.5, 2)');
    expect(out).toContain('players[0].hp is number 100');
    expect(out).toMatch(/header 12000000/);
    expect(out).toContain('ERR_INVALID_DATA');
    expect(out).toContain('ERR_UNAUTHORIZED');
    expect(out).toMatch(/Done\./);
  });
});

/**
 * Runs a package README's ```ts examples as written (through tsx, against the
 * workspace sources) and checks that each `console.log(...); // expected`
 * line prints what its comment says.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Examples run from inside packages/examples, which depends on every package, so
// `@gdwire/*` imports resolve as in a user's project — each package once, from
// its source through the `@gdwire/source` export condition.
const scratch = fileURLToPath(new URL('../../packages/examples/.readme-examples', import.meta.url));

export function describeReadmeExamples(packageDir: string, minimum = 1): void {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

  describe('README examples', () => {
    it('has examples', () => {
      expect(blocks.length).toBeGreaterThanOrEqual(minimum);
    });

    it.each(blocks.map((code, i) => [i, code] as const))(
      'example %i runs and prints what it says',
      (_i, code) => {
        mkdirSync(scratch, { recursive: true });
        const dir = mkdtempSync(join(scratch, 'example-'));
        const file = join(dir, 'example.mts');
        writeFileSync(file, code);
        let out: string;
        try {
          out = execFileSync(
            process.execPath,
            ['--import', 'tsx', '--conditions=@gdwire/source', file],
            {
              cwd: packageDir,
              encoding: 'utf8',
            },
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        const expected = [...code.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) =>
          m[1]!.trim(),
        );
        expect(expected.length).toBeGreaterThan(0);
        expect(out.trim().split('\n').slice(0, expected.length)).toEqual(expected);
      },
    );
  });
}

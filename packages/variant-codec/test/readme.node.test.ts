/**
 * The README's TypeScript examples are run as written (through tsx, against
 * the source), and what they print in their comments must be what they print.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((code, i) => [i, code] as const))(
    'example %i runs and prints what it says',
    (_i, code) => {
      const dir = mkdtempSync(join(tmpdir(), 'gdwire-readme-'));
      const file = join(dir, 'example.mts');
      writeFileSync(
        file,
        code.replaceAll("'@gdwire/variant-codec'", `'${join(root, 'src/index.ts')}'`),
      );
      const out = execFileSync(process.execPath, ['--import', 'tsx', file], {
        cwd: root,
        encoding: 'utf8',
      });
      // Each `console.log(...); // expected` comment is checked against its printed line.
      const expected = [...code.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) =>
        m[1]!.trim(),
      );
      const printed = out.trim().split('\n');
      expect(expected.length).toBeGreaterThan(0);
      expect(printed.slice(0, expected.length)).toEqual(expected);
    },
  );
});

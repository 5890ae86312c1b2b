/**
 * Values nested as deeply as Godot allows (1024 levels) are walked
 * recursively, and each level costs some JavaScript stack. With the stack
 * Node and browsers give by default (about 1 MB) every such value works from
 * a cold start; where the stack runs out, the answer is Godot's
 * ERR_OUT_OF_MEMORY for a value too deep, never a RangeError.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function run(stackKb?: number): Record<string, string> {
  const args = [
    ...(stackKb === undefined ? [] : [`--stack-size=${stackKb}`]),
    '--import',
    'tsx',
    '--conditions=@gdwire/source',
    fileURLToPath(new URL('./deep-values-child.node.ts', import.meta.url)),
  ];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }));
}

describe('values nested 1024 levels deep', () => {
  it('work in every direction with the default stack, in a fresh process', () => {
    const results = run();
    expect(Object.keys(results).length).toBe(26);
    for (const [check, result] of Object.entries(results)) expect(result, check).toBe('ok');
  });

  it('fail with ERR_OUT_OF_MEMORY, never a RangeError, when the stack is too small', () => {
    const results = run(120);
    // Building a value walks nothing, except a Dictionary finding its key.
    const walks = Object.entries(results).filter(
      ([check]) => !check.startsWith('build') || check === 'build dictionary key',
    );
    expect(walks.length).toBeGreaterThanOrEqual(6);
    for (const [check, result] of walks) expect(result, check).toBe('ERR_OUT_OF_MEMORY');
  });
});

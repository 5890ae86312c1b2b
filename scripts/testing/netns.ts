/**
 * A private network namespace for tests that broadcast: a veth pair with both
 * ends inside it (10.99.0.1/24 on v0, a default route through it), so no
 * datagram can reach another machine. Needs root, as CI has.
 */
import { execFileSync } from 'node:child_process';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

export interface Namespace {
  readonly name: string;
  /** Runs a command inside the namespace and returns its stdout. */
  run(command: string, args: string[], options?: { cwd?: string; timeout?: number }): string;
  remove(): void;
}

export function createNamespace(prefix: string): Namespace {
  if (process.getuid?.() !== 0)
    throw new Error('this test makes a network namespace: run it as root (CI does)');
  const name = `${prefix}-${process.pid}`;
  ip('netns', 'add', name);
  ip('-n', name, 'link', 'set', 'lo', 'up');
  ip('-n', name, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  ip('-n', name, 'addr', 'add', '10.99.0.1/24', 'brd', '+', 'dev', 'v0');
  ip('-n', name, 'link', 'set', 'v0', 'up');
  ip('-n', name, 'link', 'set', 'v1', 'up');
  ip('-n', name, 'route', 'add', 'default', 'dev', 'v0');
  return {
    name,
    run: (command, args, options = {}) =>
      execFileSync('ip', ['netns', 'exec', name, command, ...args], {
        encoding: 'utf8',
        timeout: options.timeout ?? 30_000,
        ...(options.cwd ? { cwd: options.cwd } : {}),
      }),
    remove: () => {
      try {
        ip('netns', 'del', name);
      } catch {
        // already gone
      }
    },
  };
}

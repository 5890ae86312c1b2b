/**
 * Broadcast for real, inside a network namespace this test creates and
 * deletes (root needed, as in CI): a veth pair with both ends in the
 * namespace, so no datagram can reach any other machine.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GodotError } from '@gdwire/packet-peer-udp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const namespace = `gdwire-bcast-${process.pid}`;
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

beforeAll(() => {
  if (process.getuid?.() !== 0)
    throw new Error('the broadcast test makes a network namespace: run it as root (CI does)');
  ip('netns', 'add', namespace);
  ip('-n', namespace, 'link', 'set', 'lo', 'up');
  ip('-n', namespace, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  ip('-n', namespace, 'addr', 'add', '10.99.0.1/24', 'brd', '+', 'dev', 'v0');
  ip('-n', namespace, 'link', 'set', 'v0', 'up');
  ip('-n', namespace, 'link', 'set', 'v1', 'up');
  ip('-n', namespace, 'route', 'add', 'default', 'dev', 'v0');
});

afterAll(() => {
  try {
    ip('netns', 'del', namespace);
  } catch {
    // not created
  }
});

describe('broadcast inside a private network namespace', () => {
  it('needs setBroadcastEnabled(true), then reaches local listeners', () => {
    const script = fileURLToPath(new URL('./netns/broadcast.mts', import.meta.url));
    const out = execFileSync(
      'ip',
      [
        'netns',
        'exec',
        namespace,
        process.execPath,
        '--import',
        'tsx',
        '--conditions=@gdwire/source',
        script,
      ],
      { encoding: 'utf8', timeout: 30_000, cwd: fileURLToPath(new URL('..', import.meta.url)) },
    );
    const r = JSON.parse(out.trim().split('\n').pop()!);
    expect(r).toEqual({
      bind: GodotError.OK,
      senderBind: GodotError.OK,
      limitedWithoutFlag: GodotError.FAILED,
      limitedWithFlag: GodotError.OK,
      limitedReceived: 'limited from 10.99.0.1',
      subnetWithFlag: GodotError.OK,
      subnetReceived: 'subnet from 10.99.0.1',
      subnetWithoutFlag: GodotError.OK,
      subnetWithoutFlagSendErrors: 1,
      subnetWithoutFlagError: 'FAILED',
      implicitOpen: GodotError.OK,
      implicitReceived: 'implicit from 10.99.0.1',
      implicitSendErrors: 0,
    });
  });
});

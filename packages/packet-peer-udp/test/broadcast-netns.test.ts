/**
 * Broadcast for real, inside a network namespace this test creates and
 * deletes (see scripts/testing/netns.ts): no datagram can reach any other machine.
 */
import { fileURLToPath } from 'node:url';
import { GodotError } from '@gdwire/packet-peer-udp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNamespace, type Namespace } from '../../../scripts/testing/netns.js';

let ns: Namespace;
beforeAll(() => {
  ns = createNamespace('gdwire-bcast');
});
afterAll(() => ns?.remove());

describe('broadcast inside a private network namespace', () => {
  it('needs setBroadcastEnabled(true), then reaches local listeners', () => {
    const script = fileURLToPath(new URL('./netns/broadcast.mts', import.meta.url));
    const out = ns.run(
      process.execPath,
      ['--import', 'tsx', '--conditions=@gdwire/source', script],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      },
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

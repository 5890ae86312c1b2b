import { GodotError, PacketWaiters } from '@gdwire/packet-peer';
import { describe, expect, it } from 'vitest';

describe('PacketWaiters', () => {
  it('a wake resolves every waiter with its code; later waits wait for the next wake', async () => {
    const waiters = new PacketWaiters();
    expect(waiters.waiting).toBe(false);
    const a = waiters.wait();
    const b = waiters.wait(new AbortController().signal);
    expect(waiters.waiting).toBe(true);
    waiters.wake(GodotError.OK);
    expect(await Promise.all([a, b])).toEqual([GodotError.OK, GodotError.OK]);
    expect(waiters.waiting).toBe(false);
    const c = waiters.wait();
    waiters.wake(GodotError.ERR_UNCONFIGURED);
    expect(await c).toBe(GodotError.ERR_UNCONFIGURED);
  });

  it('an aborted signal resolves its waiter alone with ERR_TIMEOUT', async () => {
    const waiters = new PacketWaiters();
    const abort = new AbortController();
    const early = waiters.wait(abort.signal);
    const other = waiters.wait();
    abort.abort();
    expect(await early).toBe(GodotError.ERR_TIMEOUT);
    expect(waiters.waiting).toBe(true);
    waiters.wake(GodotError.OK);
    expect(await other).toBe(GodotError.OK);
    expect(await waiters.wait(abort.signal)).toBe(GodotError.ERR_TIMEOUT);
  });

  it('null is no signal; anything else that is not an AbortSignal is ERR_INVALID_PARAMETER at once', async () => {
    const waiters = new PacketWaiters();
    const plain = waiters.wait(null);
    expect(waiters.waiting).toBe(true);
    for (const bad of ['x', 42, {}, { aborted: false }]) {
      expect(await waiters.wait(bad as never), JSON.stringify(bad)).toBe(
        GodotError.ERR_INVALID_PARAMETER,
      );
    }
    waiters.wake(GodotError.OK);
    expect(await plain).toBe(GodotError.OK);
    expect(waiters.waiting).toBe(false);
  });
});

import dgram from 'node:dgram';
import { GodotError, PacketPeerUDP } from '@gdwire/packet-peer-udp';
import { afterEach, expect } from 'vitest';

/**
 * How long a test waits for something that should happen at once on
 * loopback (a datagram, a bind) before it calls it lost. It bounds a hang;
 * it is no speed check, so it is generous enough for a slow, busy machine.
 */
export const PATIENCE_MS = Number(process.env.PATIENCE_MS ?? 20_000);

/** A signal for `wait()` that gives up after {@link PATIENCE_MS}. */
export function patience(): AbortSignal {
  return AbortSignal.timeout(PATIENCE_MS);
}

/** Waits until `condition` holds, checking every few ms, for at most `ms`. */
export async function until(condition: () => boolean, ms = PATIENCE_MS): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 2));
  }
  return true;
}

const open: { close(): void }[] = [];

/** A PacketPeerUDP closed after the test. */
export function peer(options = {}): PacketPeerUDP {
  const p = new PacketPeerUDP(options);
  open.push(p);
  return p;
}

/** A bound PacketPeerUDP on loopback (IPv4 unless told). */
export async function boundPeer(
  address = '127.0.0.1',
  recvBufSize?: number,
): Promise<PacketPeerUDP> {
  const p = peer();
  expect(await p.bind(0, address, recvBufSize)).toBe(GodotError.OK);
  return p;
}

/** A raw node:dgram socket on loopback, closed after the test. */
export async function rawSocket(type: 'udp4' | 'udp6' = 'udp4'): Promise<dgram.Socket> {
  const s = dgram.createSocket(type);
  s.on('error', () => {});
  await new Promise<void>((r) => s.bind(0, type === 'udp4' ? '127.0.0.1' : '::1', r));
  open.push(s);
  return s;
}

export function track<T extends { close(): void } | { stop(): void }>(thing: T): T {
  open.push('close' in thing ? thing : { close: () => thing.stop() });
  return thing;
}

afterEach(() => {
  for (const thing of open.splice(0)) {
    try {
      thing.close();
    } catch {
      // already closed
    }
  }
});

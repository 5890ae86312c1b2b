/**
 * Floods and many peers on loopback. Bounded: fixed packet counts, and every
 * wait has a deadline.
 */
import { GodotError, type PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';
import { describe, expect, it } from 'vitest';
import { boundPeer, patience, rawSocket, track, until } from './helpers.js';

describe('under load', () => {
  it('a flood of 100k packets: drops counted, memory flat, the queue intact and in order', async () => {
    const p = await boundPeer('127.0.0.1'); // default ring: 131072 bytes → 1489 packets of 64 B
    const raw = await rawSocket();
    const port = p.getLocalPort();
    const total = 100_000;
    const rssBefore = process.memoryUsage().rss;
    for (let i = 0; i < total; i++) {
      // A fresh buffer each time: node:dgram reads it after send() returns.
      const packet = new Uint8Array(64);
      new DataView(packet.buffer).setUint32(0, i, true);
      raw.send(packet, port, '127.0.0.1');
      // Let the event loop breathe now and then, so the receiver sees the flood as it comes.
      if (i % 2000 === 1999) await new Promise((r) => setImmediate(r));
    }
    const capacity = Math.floor(131071 / (64 + 24));
    expect(
      await until(() => p.getAvailablePacketCount() === capacity && p.droppedPackets > 0),
    ).toBe(true);
    const queued = p.getAvailablePacketCount();
    expect(queued + p.droppedPackets).toBeLessThanOrEqual(total);
    // What is queued is whole and in order (the newest packets are the ones dropped).
    let last = -1;
    for (let i = 0; i < queued; i++) {
      const got = p.getPacket();
      expect(got.length).toBe(64);
      const seq = new DataView(got.buffer).getUint32(0, true);
      expect(seq).toBeGreaterThan(last);
      last = seq;
    }
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(128 * 1024 * 1024);
  });

  it('a server with 200 client addresses: every one becomes a peer and gets its reply', async () => {
    const server = track(new UDPServer());
    expect(await server.listen(0, '127.0.0.1')).toBe(GodotError.OK);
    server.maxPendingConnections = 256;
    const clients = await Promise.all(Array.from({ length: 200 }, () => boundPeer()));
    for (const [i, c] of clients.entries()) {
      await c.setDestAddress('127.0.0.1', server.getLocalPort());
      c.putVar(i);
    }
    const peers: PacketPeerUDP[] = [];
    expect(
      await until(() => {
        server.poll();
        while (server.isConnectionAvailable()) peers.push(server.takeConnection()!);
        return peers.length === 200;
      }),
    ).toBe(true);
    for (const peer of peers)
      expect(peer.putVar((peer.getVar() as number) * 2)).toBe(GodotError.OK);
    for (const [i, c] of clients.entries()) {
      expect(await c.wait(patience())).toBe(GodotError.OK);
      expect(c.getVar()).toBe(i * 2);
    }
    expect(server.droppedPackets).toBe(0);
  });
});

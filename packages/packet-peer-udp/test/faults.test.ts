/**
 * Peers under fault: lifecycles, provoked OS errors and floods of strangers.
 * Nothing may throw, leak a socket or timer, or leave an 'error' event unhandled.
 */
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { GodotError, type PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';
import { describe, expect, it } from 'vitest';
import { patience, track, until } from './helpers.js';

describe('lifecycles', () => {
  it('close/bind/close, double close, closed use and OS errors give defined codes, and the process exits on its own', () => {
    const script = fileURLToPath(new URL('./lifecycle/churn.mts', import.meta.url));
    // A leaked socket or timer would keep the child alive past the time-out; an
    // unhandled 'error' event would crash it with a non-zero exit.
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@gdwire/source', script],
      {
        encoding: 'utf8',
        timeout: 20_000,
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      },
    );
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
      bind1: GodotError.OK,
      bind2: GodotError.OK,
      waitClosed: GodotError.ERR_UNCONFIGURED,
      closedCount: -1,
      closedPut: GodotError.ERR_UNCONFIGURED,
      closedGet: null,
      closedGetError: GodotError.FAILED,
      closedWait: GodotError.ERR_UNCONFIGURED,
      leaveClosed: GodotError.ERR_UNCONFIGURED,
      takenBind: GodotError.OK,
      rivalBind: GodotError.ERR_UNAVAILABLE,
      rivalBound: false,
      connect: GodotError.OK,
      listen: GodotError.OK,
      listenAgain: GodotError.ERR_ALREADY_IN_USE,
      remote: true,
      remoteWaitAfterStop: GodotError.ERR_UNCONFIGURED,
      remoteCount: -1,
      ok: GodotError.OK,
    });
  });
});

describe('a UDPServer flooded by strangers', () => {
  it('5,000 source addresses: the pending cap holds, memory stays bounded, taken peers keep working', async () => {
    const server = track(new UDPServer({ autoPoll: true, socketReceiveBufferSize: 1 << 20 }));
    expect(await server.listen(0, '127.0.0.1')).toBe(GodotError.OK);
    const port = server.getLocalPort();
    // A friend connects first and is taken.
    const friend = dgram.createSocket('udp4');
    friend.on('error', () => {});
    await new Promise<void>((r) => friend.bind(0, '127.0.0.1', r));
    friend.send(Uint8Array.of(0), port, '127.0.0.1');
    expect(await until(() => server.isConnectionAvailable())).toBe(true);
    const taken: PacketPeerUDP = server.takeConnection()!;
    taken.getPacket();

    const heapBefore = process.memoryUsage().heapUsed;
    // 5,000 strangers, each from its own port (kept open until the end, so the
    // OS cannot hand a port out twice), in batches of 50 sockets.
    const strangerSockets: dgram.Socket[] = [];
    for (let batch = 0; batch < 100; batch++) {
      const sockets = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const s = dgram.createSocket('udp4');
          s.on('error', () => {});
          await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
          return s;
        }),
      );
      await Promise.all(
        sockets.map(
          (s) => new Promise<void>((r) => s.send(new Uint8Array(32), port, '127.0.0.1', () => r())),
        ),
      );
      strangerSockets.push(...sockets);
      // Let the server read each batch before the next: a faster flood is cut by the
      // kernel's socket buffer before any code of ours sees it.
      const strangers = (batch + 1) * 50;
      expect(await until(() => server.droppedPackets === strangers - 16)).toBe(true);
    }
    for (const s of strangerSockets) s.close();
    // The friend still gets through and is answered.
    friend.send(Uint8Array.of(1), port, '127.0.0.1');
    expect(await taken.wait(patience())).toBe(GodotError.OK);
    expect(taken.getPacket()).toEqual(Uint8Array.of(1));
    const answered = new Promise<Buffer>((r) => friend.once('message', r));
    expect(taken.putPacket(Uint8Array.of(2))).toBe(GodotError.OK);
    expect(Array.from(await answered)).toEqual([2]);
    friend.close();

    let pending = 0;
    while (server.takeConnection()) pending++;
    expect(pending).toBe(16);
    expect(server.droppedPackets).toBe(5000 - 16);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});

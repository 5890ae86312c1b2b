/**
 * WebSocketServer and server-side WebSocketPeers in Node: the UDPServer-like
 * API, Godot's handshake rules, attaching to a web app's server,
 * acceptStream, and hostile clients (handshakes that never finish, oversized
 * frames, clients that never read, floods, a thousand at once). Everything
 * on 127.0.0.1; every wait bounded.
 */
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { GodotError, WebSocketPeer } from '@gdwire/packet-peer-websocket';
import { WebSocketServer } from '@gdwire/packet-peer-websocket/server';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const PATIENCE_MS = 20_000;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function server(options: ConstructorParameters<typeof WebSocketServer>[0] = {}) {
  const s = new WebSocketServer(options);
  cleanups.push(() => s.stop());
  expect(await s.listen(0, '127.0.0.1')).toBe(GodotError.OK);
  return s;
}

function client(options: ConstructorParameters<typeof WebSocketPeer>[0] = {}) {
  const ws = new WebSocketPeer(options);
  cleanups.push(() => ws.close(-1));
  return ws;
}

/** Waits until `condition` holds, polling, for at most PATIENCE_MS. */
async function until(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < PATIENCE_MS / 5; i++) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return condition();
}

const take = (s: WebSocketServer) => s.waitForConnection(AbortSignal.timeout(PATIENCE_MS));
const next = (ws: WebSocketPeer) => ws.wait(AbortSignal.timeout(PATIENCE_MS));

async function pair(options: ConstructorParameters<typeof WebSocketServer>[0] = {}, path = '/') {
  const s = await server(options);
  const c = client();
  expect(c.connectToUrl(`ws://127.0.0.1:${s.getLocalPort()}${path}`)).toBe(GodotError.OK);
  const remote = await take(s);
  expect(remote).not.toBe(null);
  cleanups.push(() => remote!.close(-1));
  expect(await until(() => c.getReadyState() === WebSocketPeer.STATE_OPEN)).toBe(true);
  return { s, c, remote: remote! };
}

describe('WebSocketServer', () => {
  it('refuses a handshake timeout no timer can keep (every handshake would end after 1 ms)', () => {
    for (const handshakeTimeout of [Number.NaN, 0, -1, 1.5, 2 ** 31, Number.POSITIVE_INFINITY]) {
      expect(() => new WebSocketServer({ handshakeTimeout }), String(handshakeTimeout)).toThrow(
        /handshakeTimeout must be a whole number of milliseconds/,
      );
    }
    expect(() => new WebSocketServer({ handshakeTimeout: 2 ** 31 - 1 })).not.toThrow();
  });

  it('listens like UDPServer: errors, port, state', async () => {
    const s = new WebSocketServer();
    cleanups.push(() => s.stop());
    expect(s.isListening()).toBe(false);
    expect(s.poll()).toBe(GodotError.ERR_UNCONFIGURED);
    expect(await s.listen(0, 'localhost')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(await s.listen(70000)).toBe(GodotError.ERR_INVALID_PARAMETER);
    const listening = s.listen(0, '127.0.0.1');
    expect(s.isListening()).toBe(false);
    expect(await listening).toBe(GodotError.OK);
    expect(s.isListening()).toBe(true);
    expect(s.poll()).toBe(GodotError.OK);
    expect(s.getLocalPort()).toBeGreaterThan(0);
    expect(await s.listen(0)).toBe(GodotError.ERR_ALREADY_IN_USE);
    const rival = new WebSocketServer();
    cleanups.push(() => rival.stop());
    expect(await rival.listen(s.getLocalPort(), '127.0.0.1')).toBe(GodotError.ERR_UNAVAILABLE);
    expect(rival.isListening()).toBe(false);
    expect(s.maxPendingConnections).toBe(16);
    expect(() => {
      s.maxPendingConnections = -1;
    }).toThrow(/non-negative/);
    s.stop();
    expect(s.isListening()).toBe(false);
    expect(s.getLocalPort()).toBe(0);
  });

  it('hands out each connection once its handshake is done; Variants go both ways', async () => {
    const { s, c, remote } = await pair({}, '/play?room=4');
    expect(s.isConnectionAvailable()).toBe(false);
    expect(remote.getReadyState()).toBe(WebSocketPeer.STATE_OPEN);
    expect(remote.getRequestedUrl()).toBe(`ws://127.0.0.1:${s.getLocalPort()}/play?room=4`);
    expect(remote.getConnectedHost()).toBe('127.0.0.1');
    expect(remote.getConnectedPort()).toBeGreaterThan(0);
    expect(c.getConnectedHost()).toBe('127.0.0.1');
    expect(c.getConnectedPort()).toBe(s.getLocalPort());
    expect(c.putVar({ seq: 1 })).toBe(GodotError.OK);
    expect(await next(remote)).toBe(GodotError.OK);
    expect((remote.getVar() as { get(k: string): unknown }).get('seq')).toBe(1);
    expect(remote.putVar('welcome')).toBe(GodotError.OK);
    expect(await next(c)).toBe(GodotError.OK);
    expect(c.getVar()).toBe('welcome');
  });

  it('picks the first subprotocol the client offers that it supports, and refuses as Godot does', async () => {
    const s = await server({ supportedProtocols: ['a', 'b'] });
    const url = `ws://127.0.0.1:${s.getLocalPort()}`;
    const good = client({ supportedProtocols: ['c', 'b', 'a'] });
    good.connectToUrl(url);
    const remote = await take(s);
    expect(remote?.getSelectedProtocol()).toBe('b');
    expect(await until(() => good.getSelectedProtocol() === 'b')).toBe(true);
    for (const offered of [[], ['c']]) {
      const refused = client({ supportedProtocols: offered });
      refused.connectToUrl(url);
      expect(await next(refused)).toBe(GodotError.ERR_UNCONFIGURED);
      expect(refused.getCloseCode()).toBe(-1);
    }
    // A server without protocols refuses a client that asks for one.
    const plain = await server();
    const asking = client({ supportedProtocols: ['x'] });
    asking.connectToUrl(`ws://127.0.0.1:${plain.getLocalPort()}`);
    expect(await next(asking)).toBe(GodotError.ERR_UNCONFIGURED);
    expect(plain.isConnectionAvailable()).toBe(false);
  });

  it('sends its handshake header lines, and lets a hook refuse a handshake by its request', async () => {
    const seen: string[] = [];
    const s = await server({
      handshakeHeaders: ['X-Game: gdwire'],
      verifyHandshake: (r) => {
        seen.push(`${r.origin} ${String(r.headers['x-client'])} ${r.remoteAddress}`);
        return r.origin !== 'https://evil.example';
      },
    });
    const headers = await new Promise<Record<string, unknown>>((resolve) => {
      const raw = new WebSocket(`ws://127.0.0.1:${s.getLocalPort()}`, {
        headers: { 'X-Client': 'raw', Origin: 'https://game.example' },
      });
      raw.on('upgrade', (response) => resolve(response.headers));
      raw.on('error', () => {});
      cleanups.push(() => raw.terminate());
    });
    expect(headers['x-game']).toBe('gdwire');
    expect(await take(s)).not.toBe(null);
    const evil = new WebSocket(`ws://127.0.0.1:${s.getLocalPort()}`, {
      headers: { Origin: 'https://evil.example' },
    });
    evil.on('error', () => {});
    const [, response] = (await once(evil, 'unexpected-response')) as [
      unknown,
      { statusCode: number },
    ];
    expect(response.statusCode).toBe(403);
    // Our client sends its handshake header lines.
    const c = client({ handshakeHeaders: ['X-Client: gdwire', 'Origin: https://game.example'] });
    c.connectToUrl(`ws://127.0.0.1:${s.getLocalPort()}`);
    expect(await take(s)).not.toBe(null);
    expect(seen).toEqual([
      'https://game.example raw 127.0.0.1',
      'https://evil.example undefined 127.0.0.1',
      'https://game.example gdwire 127.0.0.1',
    ]);
  });

  it('answers plain HTTP with 426, and a bad handshake with 400', async () => {
    const s = await server();
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const r = httpRequest({ host: '127.0.0.1', port: s.getLocalPort(), headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        r.on('error', reject);
        r.end();
      });
    expect(await status({})).toBe(426);
    expect(
      await status({
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '8',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      }),
    ).toBe(400);
    expect(s.isConnectionAvailable()).toBe(false);
  });

  it('shares a web app’s HTTP server on a path, leaving its other requests alone', async () => {
    const app = createServer((_req, res) => res.end('app'));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => app.close());
    const s = new WebSocketServer();
    cleanups.push(() => s.stop());
    const port = (app.address() as { port: number }).port;
    expect(s.attach(app, '/ws')).toBe(GodotError.OK);
    expect(s.isListening()).toBe(true);
    expect(s.getLocalPort()).toBe(port);
    expect(s.attach(app)).toBe(GodotError.ERR_ALREADY_IN_USE);
    const body = await new Promise<string>((resolve) => {
      httpRequest({ host: '127.0.0.1', port, path: '/' }, (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve(text));
      }).end();
    });
    expect(body).toBe('app');
    const c = client();
    c.connectToUrl(`ws://127.0.0.1:${port}/ws`);
    const remote = await take(s);
    expect(remote?.getRequestedUrl()).toBe(`ws://127.0.0.1:${port}/ws`);
    s.stop();
    expect(app.listening).toBe(true); // the app's server is the app's
  });

  it('bounds pending connections, closes handshakes that never finish, and stop() ends waiting', async () => {
    const s = await server({ maxPendingConnections: 2, handshakeTimeout: 300 });
    const port = s.getLocalPort();
    const silent = (): Promise<Socket> =>
      new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.on('error', () => {});
        cleanups.push(() => socket.destroy());
      });
    const a = await silent();
    const b = await silent();
    const c = await silent();
    // The third is refused at once; the first two are closed at the handshake time-out.
    await Promise.all([once(a, 'close'), once(b, 'close'), once(c, 'close')]);
    // Room again: a real client gets in.
    const ws = client();
    ws.connectToUrl(`ws://127.0.0.1:${port}`);
    expect(await take(s)).not.toBe(null);
    const waiting = s.waitForConnection();
    s.stop();
    expect(await waiting).toBe(null);
    const iterated: unknown[] = [];
    for await (const peer of s) iterated.push(peer);
    expect(iterated).toEqual([]);
  });

  it('stop() closes connections not taken with 1001; taken ones stay open', async () => {
    const { s, c, remote } = await pair();
    const late = client();
    late.connectToUrl(`ws://127.0.0.1:${s.getLocalPort()}`);
    expect(await until(() => s.isConnectionAvailable())).toBe(true);
    s.stop();
    expect(await next(late)).toBe(GodotError.ERR_UNCONFIGURED);
    expect(late.getCloseCode()).toBe(1001);
    expect(remote.getReadyState()).toBe(WebSocketPeer.STATE_OPEN);
    expect(c.putVar('still here')).toBe(GodotError.OK);
    expect(await next(remote)).toBe(GodotError.OK);
    expect(remote.getVar()).toBe('still here');
  });

  it('does not offer a connection that closed before it was taken', async () => {
    const s = await server();
    const url = `ws://127.0.0.1:${s.getLocalPort()}`;
    const gone = client();
    gone.connectToUrl(url);
    expect(await until(() => s.isConnectionAvailable())).toBe(true);
    expect(await until(() => gone.getReadyState() === WebSocketPeer.STATE_OPEN)).toBe(true);
    gone.close(4000, 'gone');
    expect(await next(gone)).toBe(GodotError.ERR_UNCONFIGURED);
    expect(await until(() => !s.isConnectionAvailable())).toBe(true);
    const stays = client();
    stays.connectToUrl(url);
    const taken = await take(s);
    expect(taken?.getReadyState()).toBe(WebSocketPeer.STATE_OPEN);
    expect(s.takeConnection()).toBe(null);
  });

  it('for await gives the connections in order', async () => {
    const s = await server();
    const names = ['ana', 'bo', 'chen'];
    for (const name of names) {
      const c = client({ handshakeHeaders: [`X-Name: ${name}`] });
      c.connectToUrl(`ws://127.0.0.1:${s.getLocalPort()}/${name}`);
      await until(() => c.getReadyState() === WebSocketPeer.STATE_OPEN);
    }
    const got: string[] = [];
    for await (const peer of s.connections(AbortSignal.timeout(PATIENCE_MS))) {
      got.push(peer.getRequestedUrl().split('/').pop()!);
      cleanups.push(() => peer.close(-1));
      if (got.length === names.length) break;
    }
    expect(got).toEqual(names);
  });
});

describe('server-side peers and hostile clients', () => {
  it('acceptStream does the server handshake on any incoming stream', async () => {
    const accepted: WebSocketPeer[] = [];
    const tcp = createTcpServer((socket) => {
      const peer = new WebSocketPeer({ supportedProtocols: ['game'] });
      expect(peer.acceptStream(socket)).toBe(GodotError.OK);
      expect(peer.getReadyState()).toBe(WebSocketPeer.STATE_CONNECTING);
      expect(peer.acceptStream(socket)).toBe(GodotError.ERR_ALREADY_IN_USE);
      accepted.push(peer);
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => tcp.close());
    const port = (tcp.address() as { port: number }).port;
    expect(new WebSocketPeer().acceptStream(null as never)).toBe(GodotError.ERR_INVALID_PARAMETER);
    const c = client({ supportedProtocols: ['game'] });
    c.connectToUrl(`ws://127.0.0.1:${port}/stream`);
    expect(await until(() => accepted[0]?.getReadyState() === WebSocketPeer.STATE_OPEN)).toBe(true);
    const peer = accepted[0]!;
    cleanups.push(() => peer.close(-1));
    expect(peer.getSelectedProtocol()).toBe('game');
    expect(peer.getRequestedUrl()).toBe(`ws://127.0.0.1:${port}/stream`);
    expect(await until(() => c.getReadyState() === WebSocketPeer.STATE_OPEN)).toBe(true);
    expect(c.putVar([1, 2, 3])).toBe(GodotError.OK);
    expect(await next(peer)).toBe(GodotError.OK);
    expect(peer.getVar()).toEqual([1, 2, 3]);
    // Plain HTTP on a stream: the handshake fails and the peer is CLOSED.
    await new Promise<void>((resolve) => {
      httpRequest({ host: '127.0.0.1', port }, (res) => {
        res.resume();
        expect(res.statusCode).toBe(426);
        resolve();
      }).end();
    });
    expect(await until(() => accepted[1]?.getReadyState() === WebSocketPeer.STATE_CLOSED)).toBe(
      true,
    );
  });

  it('an oversized frame closes the connection with 1009, as Godot’s native peer', async () => {
    const { c, remote } = await pair({ inboundBufferSize: 1000 });
    expect(c.putPacket(new Uint8Array(1000))).toBe(GodotError.OK);
    expect(await next(remote)).toBe(GodotError.OK);
    expect(remote.getPacket().length).toBe(1000);
    expect(c.putPacket(new Uint8Array(1001))).toBe(GodotError.OK);
    expect(await next(remote)).toBe(GodotError.ERR_UNCONFIGURED);
    expect(remote.getCloseCode()).toBe(1009);
    expect(remote.getCloseReason()).toBe('Message too big');
    expect(await next(c)).toBe(GodotError.ERR_UNCONFIGURED);
    expect(c.getCloseCode()).toBe(1009);
  });

  it('a client that never reads: sends stop at the outbound limit with ERR_OUT_OF_MEMORY, memory stays bounded', async () => {
    const s = await server({ outboundBufferSize: 64 * 1024 });
    const raw = new WebSocket(`ws://127.0.0.1:${s.getLocalPort()}`);
    raw.on('error', () => {});
    cleanups.push(() => raw.terminate());
    await once(raw, 'open');
    raw.pause(); // never reads again
    const remote = (await take(s))!;
    cleanups.push(() => remote.close(-1));
    let sent = 0;
    let refused = 0;
    const chunk = new Uint8Array(16 * 1024);
    // The kernel's buffers take some first; the peer's limit must be reached within a bounded number of sends.
    for (let i = 0; i < 20_000 && refused === 0; i++) {
      const code = remote.putPacket(chunk);
      if (code === GodotError.OK) sent++;
      else {
        expect(code).toBe(GodotError.ERR_OUT_OF_MEMORY);
        refused++;
      }
      if (i % 50 === 49) await new Promise((r) => setImmediate(r));
    }
    expect(refused).toBe(1);
    expect(remote.getCurrentOutboundBufferedAmount()).toBeLessThanOrEqual(64 * 1024);
    expect(sent).toBeGreaterThan(0);
  });

  it('either side may reuse its bytes as soon as putPacket returns', async () => {
    const big = { outboundBufferSize: 1 << 25, inboundBufferSize: 1 << 25 };
    const s = await server(big);
    const c = client(big);
    expect(c.connectToUrl(`ws://127.0.0.1:${s.getLocalPort()}`)).toBe(GodotError.OK);
    const remote = (await take(s))!;
    cleanups.push(() => remote.close(-1));
    expect(await until(() => c.getReadyState() === WebSocketPeer.STATE_OPEN)).toBe(true);
    const count = 64;
    // One buffer, refilled after each put: while TCP is busy, the frames wait
    // in memory, and must not see the later fills.
    const bytes = new Uint8Array(256 * 1024);
    for (const [from, to] of [
      [remote, c],
      [c, remote],
    ] as const) {
      for (let i = 0; i < count; i++) {
        bytes.fill(i);
        expect(from.putPacket(bytes)).toBe(GodotError.OK);
      }
      bytes.fill(0xee);
      for (let i = 0; i < count; i++) {
        expect(await next(to)).toBe(GodotError.OK);
        const packet = to.getPacket();
        expect(packet.length).toBe(bytes.length);
        expect(packet.every((b) => b === i)).toBe(true);
      }
    }
  });

  it('a flood: reading pauses while the queue is full, nothing is dropped, all arrive in order', async () => {
    const { c, remote } = await pair({ maxQueuedPackets: 100 });
    // More than the queue plus one socket read can hold (below), so that
    // reading must have paused whatever the timing of the reads.
    const total = 20_000;
    for (let i = 0; i < total; i++) {
      const packet = new Uint8Array(4);
      new DataView(packet.buffer).setUint32(0, i, true);
      while (c.putPacket(packet) === GodotError.ERR_OUT_OF_MEMORY) {
        await new Promise((r) => setTimeout(r, 1));
      }
    }
    expect(await until(() => remote.getAvailablePacketCount() >= 100)).toBe(true);
    // The queue holds what fits, and what the last read from the socket held
    // (at most 64 KiB: 6,554 of these 10-byte frames); the rest waits in TCP.
    expect(remote.getAvailablePacketCount()).toBeLessThanOrEqual(100 + 6554);
    expect(remote.getAvailablePacketCount()).toBeLessThan(total);
    let expected = 0;
    while (expected < total) {
      expect(await next(remote)).toBe(GodotError.OK);
      const packet = remote.getPacket();
      expect(new DataView(packet.buffer, packet.byteOffset).getUint32(0, true)).toBe(expected);
      expected++;
    }
    expect(remote.droppedPackets).toBe(0);
  });

  it('a thousand clients at once: each gets its answer, then all close', async () => {
    const s = await server({ maxPendingConnections: 1000 });
    const clients = Array.from({ length: 1000 }, (_, i) => {
      const c = client();
      expect(c.connectToUrl(`ws://127.0.0.1:${s.getLocalPort()}/${i}`)).toBe(GodotError.OK);
      return c;
    });
    const peers: WebSocketPeer[] = [];
    for (let i = 0; i < 1000; i++) {
      const peer = await take(s);
      expect(peer).not.toBe(null);
      peers.push(peer!);
      cleanups.push(() => peer!.close(-1));
    }
    for (const peer of peers) {
      expect(peer.putVar(Number(peer.getRequestedUrl().split('/').pop()))).toBe(GodotError.OK);
    }
    for (const [i, c] of clients.entries()) {
      expect(await next(c)).toBe(GodotError.OK);
      expect(c.getVar()).toBe(i);
    }
    for (const c of clients) c.close();
    for (const peer of peers) {
      expect(await next(peer)).toBe(GodotError.ERR_UNCONFIGURED);
      expect(peer.getCloseCode()).toBe(1000);
    }
  });

  it('heartbeat: a peer that stops answering pings is dropped (close code -1)', async () => {
    const s = await server({ heartbeatInterval: 0.05 });
    const raw = new WebSocket(`ws://127.0.0.1:${s.getLocalPort()}`);
    raw.on('error', () => {});
    cleanups.push(() => raw.terminate());
    let pings = 0;
    raw.on('ping', () => {
      pings++;
      if (pings === 2) raw.pause(); // from now on it hears nothing, so it answers nothing
    });
    const remote = (await take(s))!;
    expect(await next(remote)).toBe(GodotError.ERR_UNCONFIGURED);
    expect(pings).toBeGreaterThanOrEqual(2);
    expect(remote.getCloseCode()).toBe(-1);
    expect(() => {
      remote.heartbeatInterval = -1;
    }).toThrow(/heartbeatInterval/);
  });
});

import { GdwireError, GodotError, PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';
import { describe, expect, it } from 'vitest';
import { boundPeer, PATIENCE_MS, patience, peer, rawSocket, track, until } from './helpers.js';

async function listening(options = {}, address = '127.0.0.1'): Promise<UDPServer> {
  const server = track(new UDPServer(options));
  expect(await server.listen(0, address)).toBe(GodotError.OK);
  return server;
}

/** Polls until a connection is available (bounded). */
async function pollForConnection(server: UDPServer): Promise<boolean> {
  return until(() => {
    server.poll();
    return server.isConnectionAvailable();
  });
}

describe('UDPServer', () => {
  it('starts not listening, with 16 max pending connections', () => {
    const server = new UDPServer();
    expect(server.isListening()).toBe(false);
    expect(server.maxPendingConnections).toBe(16);
    expect(server.poll()).toBe(GodotError.ERR_UNCONFIGURED);
    expect(server.takeConnection()).toBe(null);
    expect(server.getLocalPort()).toBe(0);
  });

  it('refuses sizes its socket or inbox could not take, where they were ignored or dropped every datagram', () => {
    for (const size of [Number.NaN, 0, -1, 1.5, 2 ** 31]) {
      expect(() => new UDPServer({ socketReceiveBufferSize: size }), String(size)).toThrow(
        /socketReceiveBufferSize must be a whole number/,
      );
      expect(() => new PacketPeerUDP({ socketReceiveBufferSize: size }), String(size)).toThrow(
        /socketReceiveBufferSize must be a whole number/,
      );
    }
    for (const size of [Number.NaN, 0, -1, 1.5, 2 ** 31]) {
      expect(() => new UDPServer({ inboxSize: size }), String(size)).toThrow(
        /inboxSize must be a whole number/,
      );
    }
    const error = (() => {
      try {
        new UDPServer({ inboxSize: 0 });
      } catch (e) {
        return e;
      }
    })();
    expect(GdwireError.is(error) && error.code === GodotError.ERR_INVALID_PARAMETER).toBe(true);
    expect(
      () => new UDPServer({ inboxSize: 1, socketReceiveBufferSize: 2 ** 31 - 1 }),
    ).not.toThrow();
  });

  it('validates listen like Godot', async () => {
    const server = await listening();
    expect(await server.listen(0)).toBe(GodotError.ERR_ALREADY_IN_USE);
    const other = track(new UDPServer());
    expect(await other.listen(0, 'localhost')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(await other.listen(70000)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(await other.listen(0, '192.0.2.1')).toBe(GodotError.ERR_UNAVAILABLE);
    expect(other.isListening()).toBe(false);
  });

  it("runs Godot's test_udp_server scenario: a client connects, talks, and gets a reply", async () => {
    const server = await listening();
    expect(server.isConnectionAvailable()).toBe(false);
    const client = peer();
    expect(await client.connectToHost('127.0.0.1', server.getLocalPort())).toBe(GodotError.OK);
    expect(client.isBound()).toBe(true);
    expect(client.isSocketConnected()).toBe(true);
    expect(client.putVar('Hello World!')).toBe(GodotError.OK);
    expect(await pollForConnection(server)).toBe(true);
    const remote = server.takeConnection()!;
    expect(remote.isBound()).toBe(true);
    expect(remote.isSocketConnected()).toBe(true);
    expect(remote.getPacketIp()).toBe('127.0.0.1');
    expect(remote.getPacketPort()).toBe(client.getLocalPort());
    expect(remote.getLocalPort()).toBe(server.getLocalPort());
    expect(remote.getVar()).toBe('Hello World!');
    expect(remote.putVar(3.1415)).toBe(GodotError.OK);
    expect(await client.wait(patience())).toBe(GodotError.OK);
    expect(client.getVar()).toBe(3.1415);
  });

  it('serves several clients, each with its own peer', async () => {
    const server = await listening();
    const clients = await Promise.all([0, 1, 2, 3, 4].map(() => boundPeer()));
    for (const [i, c] of clients.entries()) {
      await c.setDestAddress('127.0.0.1', server.getLocalPort());
      c.putVar(String(i));
    }
    const peers: PacketPeerUDP[] = [];
    expect(
      await until(() => {
        server.poll();
        while (server.isConnectionAvailable()) peers.push(server.takeConnection()!);
        return peers.length === 5;
      }),
    ).toBe(true);
    const received = peers.map((p) => p.getVar() as string).sort();
    expect(received).toEqual(['0', '1', '2', '3', '4']);
    for (const p of peers) p.putVar(Number(p.getPacketPort()));
    for (const c of clients) {
      expect(await c.wait(patience())).toBe(GodotError.OK);
      expect(c.getVar()).toBe(c.getLocalPort());
    }
  });

  it('caps pending connections and drops datagrams from further new addresses', async () => {
    const server = await listening();
    server.maxPendingConnections = 2;
    const raws = await Promise.all([0, 1, 2, 3].map(() => rawSocket()));
    for (const r of raws) r.send(Uint8Array.of(1), server.getLocalPort(), '127.0.0.1');
    await until(() => {
      server.poll();
      return server.droppedPackets === 2;
    });
    expect(server.droppedPackets).toBe(2);
    expect(server.takeConnection()).not.toBe(null);
    expect(server.takeConnection()).not.toBe(null);
    expect(server.takeConnection()).toBe(null);
  });

  it('lowering maxPendingConnections drops the newest pending ones (the intended trim)', async () => {
    const server = await listening();
    const raws = await Promise.all([0, 1, 2].map(() => rawSocket()));
    for (const r of raws) {
      r.send(Uint8Array.of(1), server.getLocalPort(), '127.0.0.1');
      await until(() => {
        server.poll();
        return false;
      }, 20);
    }
    server.maxPendingConnections = 1;
    const first = server.takeConnection()!;
    expect(first.getPacketPort()).toBe(raws[0]!.address().port);
    expect(server.takeConnection()).toBe(null);
    expect(() => {
      server.maxPendingConnections = -1;
    }).toThrow(GdwireError);
    expect(server.maxPendingConnections).toBe(1);
  });

  it('server peers are locked like Godot: connect and multicast give ERR_LOCKED, bind ERR_ALREADY_IN_USE', async () => {
    const server = await listening();
    const client = await boundPeer();
    await client.setDestAddress('127.0.0.1', server.getLocalPort());
    client.putVar(1);
    expect(await pollForConnection(server)).toBe(true);
    const remote = server.takeConnection()!;
    expect(await remote.connectToHost('127.0.0.1', 9)).toBe(GodotError.ERR_LOCKED);
    expect(remote.joinMulticastGroup('239.1.2.3', 'lo')).toBe(GodotError.ERR_LOCKED);
    expect(remote.leaveMulticastGroup('239.1.2.3', 'lo')).toBe(GodotError.ERR_LOCKED);
    expect(await remote.bind(0)).toBe(GodotError.ERR_ALREADY_IN_USE);
    expect(await remote.setDestAddress('127.0.0.1', 9)).toBe(GodotError.OK);
    remote.setBroadcastEnabled(true);
    expect(remote.putVar('still to the client')).toBe(GodotError.OK);
    expect(await client.wait(patience())).toBe(GodotError.OK);
  });

  it('closing a server peer frees its address: the next datagram makes a new pending connection', async () => {
    const server = await listening();
    const client = await boundPeer();
    await client.setDestAddress('127.0.0.1', server.getLocalPort());
    client.putVar(1);
    expect(await pollForConnection(server)).toBe(true);
    const first = server.takeConnection()!;
    first.close();
    expect(first.isBound()).toBe(false);
    client.putVar(2);
    expect(await pollForConnection(server)).toBe(true);
    const second = server.takeConnection()!;
    expect(second).not.toBe(first);
    expect(second.getVar()).toBe(2);
  });

  it('stop() closes accepted peers and discards pending ones', async () => {
    const server = await listening();
    const client = await boundPeer();
    await client.setDestAddress('127.0.0.1', server.getLocalPort());
    client.putVar(1);
    expect(await pollForConnection(server)).toBe(true);
    const accepted = server.takeConnection()!;
    expect(accepted.getVar()).toBe(1);
    const other = await rawSocket();
    other.send(Uint8Array.of(1), server.getLocalPort(), '127.0.0.1');
    await until(() => {
      server.poll();
      return server.isConnectionAvailable();
    });
    const waiting = accepted.wait();
    server.stop();
    expect(server.isListening()).toBe(false);
    expect(server.isConnectionAvailable()).toBe(false);
    expect(accepted.isBound()).toBe(false);
    expect(accepted.getAvailablePacketCount()).toBe(-1);
    expect(await waiting).toBe(GodotError.ERR_UNCONFIGURED);
  });

  it('with autoPoll, datagrams reach peers without poll()', async () => {
    const server = await listening({ autoPoll: true });
    const client = await boundPeer();
    await client.setDestAddress('127.0.0.1', server.getLocalPort());
    client.putVar('a');
    expect(await until(() => server.isConnectionAvailable())).toBe(true);
    const remote = server.takeConnection()!;
    client.putVar('b');
    expect(await remote.wait(patience())).toBe(GodotError.OK);
    expect(remote.getVar()).toBe('a');
    expect(await until(() => remote.getAvailablePacketCount() === 1)).toBe(true);
    expect(remote.getVar()).toBe('b');
  });

  it('listens on IPv6 loopback too', async () => {
    const server = await listening({}, '::1');
    const client = await boundPeer('::1');
    await client.setDestAddress('::1', server.getLocalPort());
    client.putVar('v6');
    expect(await pollForConnection(server)).toBe(true);
    const remote = server.takeConnection()!;
    expect(remote.getPacketIp()).toBe('0:0:0:0:0:0:0:1');
    expect(remote.getVar()).toBe('v6');
  });
});

describe('UDPServer, the Node way: waiting for new clients', () => {
  it('waitForConnection resolves with the next new client, taken, with its packet', async () => {
    for (const autoPoll of [false, true]) {
      const server = await listening({ autoPoll });
      const waiting = server.waitForConnection(patience());
      const client = await boundPeer();
      await client.setDestAddress('127.0.0.1', server.getLocalPort());
      client.putVar({ hello: autoPoll });
      const remote = await waiting;
      expect(remote).not.toBe(null);
      expect(remote!.getPacketPort()).toBe(client.getLocalPort());
      expect((remote!.getVar() as { get(k: string): unknown }).get('hello')).toBe(autoPoll);
      expect(server.isConnectionAvailable()).toBe(false); // it was taken
    }
  });

  it('a client already waiting is returned at once, and known clients do not end the wait', async () => {
    const server = await listening();
    const first = await boundPeer();
    await first.setDestAddress('127.0.0.1', server.getLocalPort());
    first.putPacket(Uint8Array.of(1));
    expect(await pollForConnection(server)).toBe(true);
    expect((await server.waitForConnection(patience()))!.getPacketPort()).toBe(
      first.getLocalPort(),
    );
    // Packets from a client already taken reach its peer while the server waits for a new one.
    const waiting = server.waitForConnection(patience());
    first.putPacket(Uint8Array.of(2));
    first.putPacket(Uint8Array.of(3));
    const second = await boundPeer();
    await second.setDestAddress('127.0.0.1', server.getLocalPort());
    second.putPacket(Uint8Array.of(4));
    const next = await waiting;
    expect(next!.getPacketPort()).toBe(second.getLocalPort());
  });

  it('resolves null when the signal aborts, when the server stops, and when it is not listening', async () => {
    const server = await listening();
    const controller = new AbortController();
    const aborted = server.waitForConnection(controller.signal);
    controller.abort();
    expect(await aborted).toBe(null);
    const stopped = server.waitForConnection();
    server.stop();
    expect(await stopped).toBe(null);
    expect(await server.waitForConnection()).toBe(null);
    expect(await new UDPServer().waitForConnection()).toBe(null);
  });

  it('waits through a listen() still binding', async () => {
    const server = track(new UDPServer());
    const listened = server.listen(0, '127.0.0.1');
    const waiting = server.waitForConnection(patience());
    expect(await listened).toBe(GodotError.OK);
    const client = await boundPeer();
    await client.setDestAddress('127.0.0.1', server.getLocalPort());
    client.putPacket(Uint8Array.of(9));
    expect((await waiting)!.getPacketPort()).toBe(client.getLocalPort());
  });

  it('for await over the server yields each new client once, until it stops', async () => {
    const server = await listening();
    const clients = await Promise.all([boundPeer(), boundPeer(), boundPeer()]);
    for (const client of clients) {
      await client.setDestAddress('127.0.0.1', server.getLocalPort());
      client.putPacket(Uint8Array.of(1));
      client.putPacket(Uint8Array.of(2)); // a second packet: still one connection
    }
    const ports: number[] = [];
    // Bounded: should a datagram be lost, the server stops and the test fails, never hangs.
    const guard = setTimeout(() => server.stop(), PATIENCE_MS);
    for await (const remote of server) {
      ports.push(remote.getPacketPort());
      if (ports.length === clients.length) server.stop();
    }
    clearTimeout(guard);
    expect(ports.sort()).toEqual(clients.map((c) => c.getLocalPort()).sort());
  });
});

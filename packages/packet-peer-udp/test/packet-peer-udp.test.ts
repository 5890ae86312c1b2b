import {
  formatIpAddress,
  GodotError,
  getLocalInterfaces,
  parseIpAddress,
} from '@gdwire/packet-peer-udp';
import { type Dictionary, Vector2, varToBytes } from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';
import { boundPeer, patience, peer, rawSocket, until } from './helpers.js';

describe('addresses', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '0:0:0:0:0:0:0:1'],
    ['fe80::1', 'fe80:0:0:0:0:0:0:1'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['2001:db8::ff00:42:8329', '2001:db8:0:0:0:ff00:42:8329'],
  ])('parses %s strictly and prints it as Godot does: %s', (text, printed) => {
    expect(formatIpAddress(parseIpAddress(text)!)).toBe(printed);
  });

  it.each([
    'localhost',
    'a.b.c.d',
    '127.0.0.256',
    '127.0.0.',
    '.0.0.1',
    '1.2.3',
    'fe80::1%lo',
    '',
    '*',
  ])('refuses %j as an IP literal', (text) => {
    expect(parseIpAddress(text)).toBe(null);
  });
});

describe('bind', () => {
  it('errors in Godot order: ERR_INVALID_PARAMETER for names and bad ports', async () => {
    const p = peer();
    expect(await p.bind(0, 'localhost')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(await p.bind(-1, '127.0.0.1')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(await p.bind(65536, '127.0.0.1')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(await p.bind(0, '127.0.0.1', -5)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(p.isBound()).toBe(false);
  });

  it('ERR_ALREADY_IN_USE when bound, also after an implicit open by putPacket', async () => {
    const p = await boundPeer();
    expect(await p.bind(0, '127.0.0.1')).toBe(GodotError.ERR_ALREADY_IN_USE);
    const target = await rawSocket();
    const q = peer();
    expect(await q.setDestAddress('127.0.0.1', target.address().port)).toBe(GodotError.OK);
    expect(q.putPacket(Uint8Array.of(1))).toBe(GodotError.OK);
    expect(q.isBound()).toBe(true);
    expect(await q.bind(0, '127.0.0.1')).toBe(GodotError.ERR_ALREADY_IN_USE);
  });

  it('ERR_UNAVAILABLE when the port is taken or the address is not local', async () => {
    const a = await boundPeer();
    const b = peer();
    expect(await b.bind(a.getLocalPort(), '127.0.0.1')).toBe(GodotError.ERR_UNAVAILABLE);
    expect(b.isBound()).toBe(false);
    // 192.0.2.1 is TEST-NET-1: never local; binding sends nothing.
    expect(await b.bind(0, '192.0.2.1')).toBe(GodotError.ERR_UNAVAILABLE);
  });

  it('reports its local port, and 0 when closed', async () => {
    const p = await boundPeer();
    expect(p.getLocalPort()).toBeGreaterThan(0);
    p.close();
    expect(p.getLocalPort()).toBe(0);
    expect(p.isBound()).toBe(false);
  });
});

describe('sending and receiving on loopback', () => {
  it('carries Variants over IPv4 with the source as Godot prints it', async () => {
    const a = await boundPeer();
    const b = await boundPeer();
    expect(await a.setDestAddress('127.0.0.1', b.getLocalPort())).toBe(GodotError.OK);
    expect(a.putVar({ hp: 100, pos: new Vector2(1, 2) })).toBe(GodotError.OK);
    expect(await b.wait(patience())).toBe(GodotError.OK);
    expect(b.getAvailablePacketCount()).toBe(1);
    const msg = b.getVar() as Dictionary;
    expect(msg.get('hp')).toBe(100);
    expect(b.getPacketIp()).toBe('127.0.0.1');
    expect(b.getPacketPort()).toBe(a.getLocalPort());
  });

  it('prints IPv6 sources uncompressed, and IPv4 sources on a dual-stack socket as dotted quads', async () => {
    const v6 = await boundPeer('::1');
    const sender6 = await rawSocket('udp6');
    sender6.send(Uint8Array.of(1), v6.getLocalPort(), '::1');
    expect(await v6.wait(patience())).toBe(GodotError.OK);
    v6.getPacket();
    expect(v6.getPacketIp()).toBe('0:0:0:0:0:0:0:1');

    const dual = peer();
    expect(await dual.bind(0)).toBe(GodotError.OK);
    const sender4 = await rawSocket('udp4');
    sender4.send(Uint8Array.of(2), dual.getLocalPort(), '127.0.0.1');
    expect(await dual.wait(patience())).toBe(GodotError.OK);
    expect(dual.getPacket()).toEqual(Uint8Array.of(2));
    expect(dual.getPacketIp()).toBe('127.0.0.1');
  });

  it('ERR_UNCONFIGURED without a destination; FAILED for an oversized datagram or an unallowed broadcast', async () => {
    const p = await boundPeer();
    expect(p.putPacket(Uint8Array.of(1))).toBe(GodotError.ERR_UNCONFIGURED);
    expect(await p.setDestAddress('127.0.0.1', 9)).toBe(GodotError.OK);
    expect(p.putPacket(new Uint8Array(65508))).toBe(GodotError.FAILED);
    expect(await p.setDestAddress('255.255.255.255', 9)).toBe(GodotError.OK);
    expect(p.putPacket(Uint8Array.of(1))).toBe(GodotError.FAILED);
  });

  it('ERR_CANT_RESOLVE for "" and "*"; resolves localhost through the OS', async () => {
    const p = peer();
    expect(await p.setDestAddress('', 1)).toBe(GodotError.ERR_CANT_RESOLVE);
    expect(await p.setDestAddress('*', 1)).toBe(GodotError.ERR_CANT_RESOLVE);
    expect(await p.setDestAddress('localhost', 70000)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(await p.setDestAddress('localhost', 1)).toBe(GodotError.OK);
    // Not a String: refused before any lookup (the OS would be asked for "null").
    for (const host of [null, undefined, 127001, {}]) {
      expect(await p.setDestAddress(host as unknown as string, 1), String(host)).toBe(
        GodotError.ERR_INVALID_PARAMETER,
      );
    }
  });

  it('a closed peer counts -1 packets and getPacket fails with FAILED', async () => {
    const p = peer();
    expect(p.getAvailablePacketCount()).toBe(-1);
    expect(p.getPacket()).toHaveLength(0);
    expect(p.getPacketError()).toBe(GodotError.FAILED);
    const q = await boundPeer();
    expect(q.getAvailablePacketCount()).toBe(0);
    expect(q.getPacket()).toHaveLength(0);
    expect(q.getPacketError()).toBe(GodotError.ERR_UNAVAILABLE);
    q.close();
    expect(q.getAvailablePacketCount()).toBe(-1);
  });

  it('reports a malformed datagram through getVar and keeps working', async () => {
    const p = await boundPeer();
    const raw = await rawSocket();
    raw.send(Uint8Array.of(0xff, 0, 0, 0), p.getLocalPort(), '127.0.0.1');
    raw.send(varToBytes('ok'), p.getLocalPort(), '127.0.0.1');
    expect(await until(() => p.getAvailablePacketCount() === 2)).toBe(true);
    expect(p.getVar()).toBe(null);
    expect(p.getPacketError()).toBe(GodotError.ERR_INVALID_DATA);
    expect(p.lastPacket).toEqual(Uint8Array.of(0xff, 0, 0, 0));
    expect(p.getVar()).toBe('ok');
  });

  it('drops what does not fit its ring (Godot accounting), keeping the queued packets in order', async () => {
    const p = await boundPeer('127.0.0.1', 1000); // 1024-byte ring: 1023 usable, 124 per 100-byte packet
    const raw = await rawSocket();
    for (let i = 0; i < 40; i++)
      raw.send(new Uint8Array(100).fill(i), p.getLocalPort(), '127.0.0.1');
    expect(await until(() => p.getAvailablePacketCount() + p.droppedPackets === 40)).toBe(true);
    expect(p.getAvailablePacketCount()).toBe(8);
    expect(p.droppedPackets).toBe(32);
    for (let i = 0; i < 8; i++) expect(p.getPacket()).toEqual(new Uint8Array(100).fill(i));
  });

  it('sends the bytes as they were at putPacket, however the caller reuses its buffer', async () => {
    const target = peer({ socketReceiveBufferSize: 1 << 20 });
    expect(await target.bind(0, '127.0.0.1', 1 << 20)).toBe(GodotError.OK);
    const q = peer();
    expect(await q.setDestAddress('127.0.0.1', target.getLocalPort())).toBe(GodotError.OK);
    // The first sends wait inside Node while the socket opens; later ones
    // cross a slab boundary (9 KB × 8 > 64 KiB) and include one too big for a slab.
    const buffer = new Uint8Array(20000);
    const sizes = [...Array.from({ length: 8 }, () => 9000), 20000, 100];
    sizes.forEach((size, i) => {
      buffer.fill(i + 1);
      expect(q.putPacket(buffer.subarray(0, size))).toBe(GodotError.OK);
    });
    buffer.fill(0);
    expect(await until(() => target.getAvailablePacketCount() === sizes.length)).toBe(true);
    for (const [i, size] of sizes.entries()) {
      expect(target.getPacket()).toEqual(new Uint8Array(size).fill(i + 1));
    }
    // Every copy is answered: a second burst of three slabs' worth, with the
    // socket open, reuses the kept slabs while its own copies are in flight.
    const burst = Array.from({ length: 24 }, () => 8000);
    burst.forEach((size, i) => {
      buffer.fill(100 + i);
      expect(q.putPacket(buffer.subarray(0, size))).toBe(GodotError.OK);
    });
    buffer.fill(0);
    expect(await until(() => target.getAvailablePacketCount() === burst.length)).toBe(true);
    for (const [i, size] of burst.entries()) {
      expect(target.getPacket()).toEqual(new Uint8Array(size).fill(100 + i));
    }
  });

  it('iterates incoming packets until aborted', async () => {
    const p = await boundPeer();
    const raw = await rawSocket();
    for (let i = 1; i <= 3; i++) raw.send(Uint8Array.of(i), p.getLocalPort(), '127.0.0.1');
    const got: number[] = [];
    const controller = new AbortController();
    for await (const packet of p.packets(controller.signal)) {
      got.push(packet[0]!);
      if (got.length === 3) controller.abort();
    }
    expect(got).toEqual([1, 2, 3]);
  });
});

describe('wait', () => {
  it('resolves at once when a packet is already queued', async () => {
    const p = await boundPeer();
    const raw = await rawSocket();
    raw.send(Uint8Array.of(1), p.getLocalPort(), '127.0.0.1');
    expect(await until(() => p.getAvailablePacketCount() === 1)).toBe(true);
    expect(await p.wait()).toBe(GodotError.OK);
  });

  it('resolves ERR_UNCONFIGURED on a closed peer, and when the peer is closed while waiting', async () => {
    expect(await peer().wait()).toBe(GodotError.ERR_UNCONFIGURED);
    const p = await boundPeer();
    const waiting = p.wait();
    setTimeout(() => p.close(), 10);
    expect(await waiting).toBe(GodotError.ERR_UNCONFIGURED);
  });

  it('resolves ERR_TIMEOUT when its signal aborts', async () => {
    const p = await boundPeer();
    expect(await p.wait(AbortSignal.timeout(20))).toBe(GodotError.ERR_TIMEOUT);
  });

  it('wakes every waiter on one packet; an aborted waiter times out alone, a woken one stays OK', async () => {
    const p = await boundPeer();
    const raw = await rawSocket();
    const early = new AbortController();
    const late = new AbortController();
    const waits = [p.wait(), p.wait(early.signal), p.wait(late.signal), p.wait()];
    early.abort();
    expect(await waits[1]).toBe(GodotError.ERR_TIMEOUT);
    raw.send(Uint8Array.of(1), p.getLocalPort(), '127.0.0.1');
    expect(await Promise.all([waits[0], waits[2], waits[3]])).toEqual([
      GodotError.OK,
      GodotError.OK,
      GodotError.OK,
    ]);
    late.abort();
    expect(await waits[2]).toBe(GodotError.OK);
    // Woken waiters are gone: the next wait waits for the next packet.
    p.getPacket();
    const next = p.wait(AbortSignal.timeout(30));
    expect(await next).toBe(GodotError.ERR_TIMEOUT);
  });
});

describe('connectToHost', () => {
  it('validates like Godot, and opens a socket when none is open', async () => {
    const p = peer();
    expect(await p.connectToHost('localhost', 1234)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(await p.connectToHost('127.0.0.1', 0)).toBe(GodotError.ERR_INVALID_PARAMETER);
    const target = await boundPeer();
    expect(await p.connectToHost('127.0.0.1', target.getLocalPort())).toBe(GodotError.OK);
    expect(p.isBound()).toBe(true);
    expect(p.isSocketConnected()).toBe(true);
    expect(p.getLocalPort()).toBeGreaterThan(0);
    expect(p.putVar('hi')).toBe(GodotError.OK);
    expect(await target.wait(patience())).toBe(GodotError.OK);
    expect(target.getVar()).toBe('hi');
  });

  it('receives only from the connected address', async () => {
    const p = await boundPeer();
    const friend = await rawSocket();
    const stranger = await rawSocket();
    expect(await p.connectToHost('127.0.0.1', friend.address().port)).toBe(GodotError.OK);
    stranger.send(Uint8Array.of(9), p.getLocalPort(), '127.0.0.1');
    friend.send(Uint8Array.of(1), p.getLocalPort(), '127.0.0.1');
    expect(await p.wait(patience())).toBe(GodotError.OK);
    await new Promise((r) => setTimeout(r, 30));
    expect(p.getAvailablePacketCount()).toBe(1);
    expect(p.getPacket()).toEqual(Uint8Array.of(1));
  });

  it('fails with FAILED and closes on a family mismatch; setDestAddress leaves a connected peer alone', async () => {
    const p = await boundPeer('127.0.0.1');
    expect(await p.connectToHost('::1', 9)).toBe(GodotError.FAILED);
    expect(p.isBound()).toBe(false);
    const q = peer();
    const target = await boundPeer();
    expect(await q.connectToHost('127.0.0.1', target.getLocalPort())).toBe(GodotError.OK);
    expect(await q.setDestAddress('127.0.0.1', 9)).toBe(GodotError.OK);
    q.putVar(1);
    expect(await target.wait(patience())).toBe(GodotError.OK);
  });

  it('shows an ICMP port unreachable once, as Godot does (count -1), then recovers', async () => {
    // A port that was just free: nobody listens there, so loopback answers with ICMP.
    const listener = await rawSocket();
    const closedPort = listener.address().port;
    listener.close();
    const p = peer();
    expect(await p.connectToHost('127.0.0.1', closedPort)).toBe(GodotError.OK);
    expect(p.putPacket(Uint8Array.of(1))).toBe(GodotError.OK);
    const sawError = await until(() => p.getAvailablePacketCount() === -1);
    expect(sawError).toBe(true);
    expect(p.getAvailablePacketCount()).toBe(0);
    expect(p.isBound()).toBe(true);
  });
});

describe('multicast', () => {
  it('validates like Godot', async () => {
    const p = await boundPeer('0.0.0.0');
    expect(p.joinMulticastGroup('not-an-ip', 'lo')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(p.joinMulticastGroup('239.1.2.3', 'no-such-if0')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(p.joinMulticastGroup('239.1.2.3', '')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(p.joinMulticastGroup('ff02::1234', 'lo')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(peer().leaveMulticastGroup('239.1.2.3', 'lo')).toBe(GodotError.ERR_UNCONFIGURED);
  });

  it("getLocalInterfaces() lists the interfaces as Godot's IP.get_local_interfaces() does", () => {
    const all = getLocalInterfaces();
    const lo = all.find((i) => i.name === 'lo');
    expect(lo).toBeDefined();
    expect(lo!.friendly).toBe('lo');
    expect(lo!.index).toMatch(/^[1-9]\d*$/);
    expect(lo!.ipAddresses).toContain('127.0.0.1');
    // IPv6 written as getPacketIp() writes it: eight uncompressed groups.
    for (const address of all.flatMap((i) => i.ipAddresses).filter((a) => a.includes(':'))) {
      expect(address.split(':')).toHaveLength(8);
    }
    const v4 = lo!.ipAddresses.find((a) => !a.includes(':'))!;
    expect(v4).toMatch(/^127\./);
  });

  it('receives a group on the lo interface, and stops after leaving', async () => {
    const p = await boundPeer('0.0.0.0');
    expect(p.joinMulticastGroup('239.77.77.77', 'lo')).toBe(GodotError.OK);
    const raw = await rawSocket();
    raw.setMulticastInterface('127.0.0.1'); // keep the traffic on this machine
    raw.setMulticastLoopback(true);
    raw.send(Uint8Array.of(7), p.getLocalPort(), '239.77.77.77');
    expect(await p.wait(patience())).toBe(GodotError.OK);
    expect(p.getPacket()).toEqual(Uint8Array.of(7));
    expect(p.leaveMulticastGroup('239.77.77.77', 'lo')).toBe(GodotError.OK);
  });
});

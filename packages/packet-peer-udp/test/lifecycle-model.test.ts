/**
 * Model-based tests of the peers' lifecycles (fast-check commands): random
 * sequences of calls, awaited or not (GDScript has no await), checked against
 * a small model of Godot's state machine. After every awaited step the
 * invariants a user relies on hold:
 *
 * - `isBound()` ⇔ the model has a socket ⇔ a real OS port that receives a
 *   datagram sent to it;
 * - every send that returned OK arrives where it was sent, or is counted in
 *   `sendErrors`;
 * - no error escapes (vitest fails a run on any unhandled error), every
 *   `wait()` settles, and nothing (socket or timer) is left open at the end.
 */
import dgram from 'node:dgram';
import { GodotError, type GodotErrorCode, PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patience, until } from './helpers.js';

type Family = 'ipv4' | 'dual' | 'ipv6';
const BIND_ADDRESSES: Record<Family, string> = { ipv4: '127.0.0.1', dual: '*', ipv6: '::1' };

/** Resources Node keeps the process alive for (sockets, timers), by kind. */
function openResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

const MARK = 0x5e9;
const PACKED_BYTE_ARRAY = 29;

/** A raw socket on 127.0.0.1 that records the sequence numbers it receives, sent raw or by putVar. */
async function sink(): Promise<{ socket: dgram.Socket; port: number; got: number[] }> {
  const socket = dgram.createSocket('udp4');
  const got: number[] = [];
  socket.on('message', (m) => {
    // putVar of 8 bytes: a PackedByteArray Variant, its header and size first.
    const at = m.length === 16 && m.readUInt32LE(0) === PACKED_BYTE_ARRAY ? 8 : 0;
    if (m.length >= at + 8 && m.readUInt32LE(at) === MARK) got.push(m.readUInt32LE(at + 4));
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return { socket, port: socket.address().port, got };
}

// ─── PacketPeerUDP ──────────────────────────────────────────────────────────

interface PeerModel {
  /** The family of the open socket, or null when none is open. */
  family: Family | null;
  connected: boolean;
  /** The sink datagrams go to (Godot keeps it through close()). */
  dest: number | null;
  /** False after a call that was not awaited: the OS may not have bound the socket yet. */
  settled: boolean;
  joined: Set<string>;
  /** A setDestAddress by name is resolving: sends are held, and no socket is opened for them yet. */
  resolving: boolean;
  /** Sends were held: once the name resolves they open a socket if none is open. */
  heldPuts: boolean;
  /** close() calls so far: a call not awaited may see the peer closed before it ends. */
  closes: number;
}

interface PeerWorld {
  peer: PacketPeerUDP;
  sinks: { socket: dgram.Socket; port: number; got: number[] }[];
  probe: dgram.Socket;
  /** Sends that returned OK: sequence number → sink. */
  sent: Map<number, number>;
  seq: number;
  pending: Promise<unknown>[];
  waits: { done: Promise<GodotErrorCode>; abort: AbortController }[];
}

/** Lets every call in flight finish, then checks the invariants. */
async function settle(m: PeerModel, w: PeerWorld): Promise<void> {
  await Promise.all(w.pending.splice(0));
  m.settled = true;
  if (m.heldPuts && m.family === null) m.family = 'ipv4';
  m.resolving = false;
  m.heldPuts = false;
  expect(w.peer.isBound()).toBe(m.family !== null);
  expect(w.peer.isSocketConnected()).toBe(m.connected);
  if (m.family === null) {
    expect(w.peer.getAvailablePacketCount()).toBe(-1);
    return;
  }
  // A real OS port that receives: from the connected sink if connected (a
  // connected peer hears no one else), else from a probe socket.
  expect(await until(() => w.peer.getLocalPort() > 0)).toBe(true);
  const port = w.peer.getLocalPort();
  const target = m.family === 'ipv6' ? null : '127.0.0.1';
  if (target === null) return; // an IPv6-only socket: the IPv4 probe cannot reach it
  const from = m.connected ? w.sinks[m.dest!]!.socket : w.probe;
  w.peer.getPacket(); // drop anything left, so the probe is the next packet
  from.send(Uint8Array.of(0xbe, 0xef), port, target);
  expect(await w.peer.wait(patience())).toBe(GodotError.OK);
  expect(w.peer.getPacket()).toEqual(Uint8Array.of(0xbe, 0xef));
}

/**
 * Runs a call awaited (then settles) or not (and lets the next command race
 * it). A call closed under it (close() before it ended) resolves
 * ERR_UNCONFIGURED, or what it would have if it ended first.
 */
async function call(
  m: PeerModel,
  w: PeerWorld,
  awaited: boolean,
  f: () => Promise<GodotErrorCode>,
  expected: (result: GodotErrorCode) => void,
) {
  const closes = m.closes;
  const result = f().then((r) => {
    if (m.closes === closes || r !== GodotError.ERR_UNCONFIGURED) expected(r);
    return r;
  });
  if (awaited) {
    await result;
    await settle(m, w);
  } else {
    w.pending.push(result);
    m.settled = false;
  }
}

class Bind implements fc.AsyncCommand<PeerModel, PeerWorld> {
  constructor(
    readonly family: Family,
    readonly awaited: boolean,
  ) {}
  check = () => true;
  async run(m: PeerModel, w: PeerWorld) {
    const open = m.family !== null;
    if (!open) m.family = this.family;
    await call(
      m,
      w,
      this.awaited,
      () => w.peer.bind(0, BIND_ADDRESSES[this.family]),
      (code) => expect(code).toBe(open ? GodotError.ERR_ALREADY_IN_USE : GodotError.OK),
    );
  }
  toString = () => `bind(${this.family}${this.awaited ? '' : ', no await'})`;
}

class Close implements fc.AsyncCommand<PeerModel, PeerWorld> {
  check = () => true;
  async run(m: PeerModel, w: PeerWorld) {
    w.peer.close();
    m.closes++;
    m.family = null;
    m.connected = false;
    m.joined.clear();
    // Held sends are dropped (and counted) by close; a name still resolving becomes the destination.
    m.heldPuts = false;
    await settle(m, w);
  }
  toString = () => 'close()';
}

class ConnectToHost implements fc.AsyncCommand<PeerModel, PeerWorld> {
  constructor(
    readonly sink: number,
    readonly awaited: boolean,
  ) {}
  check = () => true;
  async run(m: PeerModel, w: PeerWorld) {
    // Every sink is IPv4: an IPv6-only socket cannot reach it, and Godot then closes the peer.
    const fails = m.family === 'ipv6';
    // Sends held for a name are sent nowhere now: the peer connects, or closes.
    m.heldPuts = false;
    // A failed connect changes no destination: a name still resolving still becomes it.
    if (!fails) m.resolving = false;
    if (fails) {
      m.closes++;
      m.family = null;
      m.connected = false;
      m.joined.clear();
    } else {
      m.family ??= 'ipv4';
      m.connected = true;
      m.dest = this.sink;
    }
    await call(
      m,
      w,
      this.awaited,
      () => w.peer.connectToHost('127.0.0.1', w.sinks[this.sink]!.port),
      (code) => expect(code).toBe(fails ? GodotError.FAILED : GodotError.OK),
    );
  }
  toString = () => `connectToHost(sink ${this.sink}${this.awaited ? '' : ', no await'})`;
}

class SetDestAddress implements fc.AsyncCommand<PeerModel, PeerWorld> {
  constructor(
    readonly sink: number,
    readonly byName: boolean,
    readonly awaited: boolean,
  ) {}
  check = () => true;
  async run(m: PeerModel, w: PeerWorld) {
    if (!m.connected) m.dest = this.sink;
    // A name is held for while it resolves (not on a connected peer, whose destination stays).
    m.resolving = this.byName && !m.connected;
    await call(
      m,
      w,
      this.awaited,
      () =>
        w.peer.setDestAddress(this.byName ? 'sink.test' : '127.0.0.1', w.sinks[this.sink]!.port),
      (code) => expect(code).toBe(GodotError.OK),
    );
  }
  toString = () =>
    `setDestAddress(sink ${this.sink}${this.byName ? ' by name' : ''}${this.awaited ? '' : ', no await'})`;
}

class PutPacket implements fc.AsyncCommand<PeerModel, PeerWorld> {
  constructor(readonly asVar: boolean) {}
  check = () => true;
  async run(m: PeerModel, w: PeerWorld) {
    const seq = ++w.seq;
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, 0x5e9, true);
    new DataView(bytes.buffer).setUint32(4, seq, true);
    const code = this.asVar ? w.peer.putVar(bytes) : w.peer.putPacket(bytes);
    if (m.dest === null) {
      expect(code).toBe(GodotError.ERR_UNCONFIGURED);
      return;
    }
    if (m.resolving) {
      // Held until the name resolves; then sent, or counted if it cannot be.
      expect(code).toBe(GodotError.OK);
      w.sent.set(seq, m.dest);
      m.heldPuts = true;
      return;
    }
    if (m.family === 'ipv6') {
      expect(code).toBe(GodotError.FAILED); // an IPv4 sink from an IPv6-only socket
      return;
    }
    expect(code).toBe(GodotError.OK);
    w.sent.set(seq, m.dest);
    if (m.family === null) {
      m.family = 'ipv4';
      m.settled = false;
    }
  }
  toString = () => (this.asVar ? 'putVar' : 'putPacket');
}

class JoinMulticastGroup implements fc.AsyncCommand<PeerModel, PeerWorld> {
  constructor(readonly join: boolean) {}
  check = () => true;
  async run(m: PeerModel, w: PeerWorld) {
    const group = '239.255.42.42';
    const code = this.join
      ? w.peer.joinMulticastGroup(group, 'lo')
      : w.peer.leaveMulticastGroup(group, 'lo');
    if (m.family === null) return expect(code).toBe(GodotError.ERR_UNCONFIGURED);
    if (!m.settled && code === GodotError.ERR_BUSY) return; // still binding: refused, as documented
    if (m.family === 'ipv6') return expect(code).toBe(GodotError.ERR_INVALID_PARAMETER);
    if (this.join) {
      // Joining twice is refused by the OS.
      expect(code).toBe(m.joined.has(group) ? GodotError.FAILED : GodotError.OK);
      m.joined.add(group);
    } else {
      expect(code).toBe(m.joined.has(group) ? GodotError.OK : GodotError.FAILED);
      m.joined.delete(group);
    }
  }
  toString = () => (this.join ? 'joinMulticastGroup(lo)' : 'leaveMulticastGroup(lo)');
}

class SetBroadcastEnabled implements fc.AsyncCommand<PeerModel, PeerWorld> {
  constructor(readonly enabled: boolean) {}
  check = () => true;
  async run(_m: PeerModel, w: PeerWorld) {
    w.peer.setBroadcastEnabled(this.enabled);
  }
  toString = () => `setBroadcastEnabled(${this.enabled})`;
}

class Wait implements fc.AsyncCommand<PeerModel, PeerWorld> {
  constructor(readonly awaited: boolean) {}
  check = () => true;
  async run(m: PeerModel, w: PeerWorld) {
    const abort = new AbortController();
    const done = w.peer.wait(abort.signal);
    if (m.family === null) {
      expect(await done).toBe(GodotError.ERR_UNCONFIGURED);
      return;
    }
    if (this.awaited) {
      abort.abort();
      expect([GodotError.OK, GodotError.ERR_TIMEOUT]).toContain(await done);
    } else {
      w.waits.push({ done, abort });
    }
  }
  toString = () => `wait(${this.awaited ? 'aborted' : 'left waiting'})`;
}

const peerCommands = [
  fc
    .tuple(fc.constantFrom<Family>('ipv4', 'dual', 'ipv6'), fc.boolean())
    .map(([f, a]) => new Bind(f, a)),
  fc.constant(new Close()),
  fc.tuple(fc.integer({ min: 0, max: 1 }), fc.boolean()).map(([s, a]) => new ConnectToHost(s, a)),
  fc
    .tuple(fc.integer({ min: 0, max: 1 }), fc.boolean(), fc.boolean())
    .map(([s, n, a]) => new SetDestAddress(s, n, a)),
  fc.boolean().map((v) => new PutPacket(v)),
  fc.boolean().map((v) => new PutPacket(v)),
  fc.boolean().map((j) => new JoinMulticastGroup(j)),
  fc.boolean().map((b) => new SetBroadcastEnabled(b)),
  fc.boolean().map((a) => new Wait(a)),
];

describe('PacketPeerUDP lifecycle, model-based', () => {
  it('keeps its invariants through random sequences of calls, awaited or not', async () => {
    const before = openResources();
    const sinks = await Promise.all([sink(), sink()]);
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((r) => probe.bind(0, '127.0.0.1', r));
    await fc.assert(
      fc.asyncProperty(fc.commands(peerCommands, { size: '+1' }), async (commands) => {
        const peer = new PacketPeerUDP({
          // Names resolve on this machine, a little later, as DNS does.
          resolveHost: (host) =>
            new Promise((resolve, reject) =>
              setImmediate(() =>
                host === 'sink.test' ? resolve('127.0.0.1') : reject(new Error(host)),
              ),
            ),
        });
        for (const s of sinks) s.got.length = 0;
        const world: PeerWorld = {
          peer,
          sinks,
          probe,
          sent: new Map(),
          seq: 0,
          pending: [],
          waits: [],
        };
        const model: PeerModel = {
          family: null,
          connected: false,
          dest: null,
          settled: true,
          joined: new Set(),
          resolving: false,
          heldPuts: false,
          closes: 0,
        };
        try {
          await fc.asyncModelRun(() => ({ model, real: world }), commands);
          await Promise.all(world.pending.splice(0));
          // Every send that returned OK arrived where it was sent, or was counted.
          const arrived = (seq: number, to: number) => sinks[to]!.got.includes(seq);
          const arrivedCount = () => [...world.sent].filter(([s, to]) => arrived(s, to)).length;
          await until(() => arrivedCount() + peer.sendErrors >= world.sent.size);
          const lost = [...world.sent].filter(([s, to]) => !arrived(s, to)).length;
          expect(lost).toBe(peer.sendErrors);
        } finally {
          peer.close();
        }
        // A wait left waiting settles when the peer closes.
        for (const { done, abort } of world.waits) {
          abort.abort();
          expect([GodotError.OK, GodotError.ERR_TIMEOUT, GodotError.ERR_UNCONFIGURED]).toContain(
            await done,
          );
        }
      }),
      { numRuns: 100 },
    );
    for (const s of sinks) s.socket.close();
    probe.close();
    // Nothing left open: the same sockets and timers as before.
    expect(await until(() => sameResources(openResources(), before))).toBe(true);
  });
});

// ─── UDPServer ──────────────────────────────────────────────────────────────

interface ServerModel {
  listening: boolean;
  /** Clients whose connection waits to be taken, oldest first, with the datagrams each has sent since. */
  pending: { client: number; sent: number }[];
  /** Clients taken and not closed. */
  accepted: Set<number>;
  dropped: number;
}

interface ServerWorld {
  server: UDPServer;
  clients: dgram.Socket[];
  peers: Map<number, PacketPeerUDP>;
  /** Peers closed, or detached by stop(). */
  old: PacketPeerUDP[];
}

const MAX_PENDING = 2;

/** Polls until `done` holds (the OS and Node deliver a datagram a moment after it is sent). */
function pollUntil(w: ServerWorld, done: () => boolean): Promise<boolean> {
  return until(() => {
    expect(w.server.poll()).toBe(GodotError.OK);
    return done();
  });
}

class Listen implements fc.AsyncCommand<ServerModel, ServerWorld> {
  constructor(readonly awaited: boolean) {}
  check = () => true;
  async run(m: ServerModel, w: ServerWorld) {
    const listening = w.server.listen(0, '127.0.0.1');
    const already = m.listening;
    m.listening = true;
    // Not true before listen() has succeeded.
    if (!this.awaited) expect(w.server.isListening()).toBe(already);
    expect(await listening).toBe(already ? GodotError.ERR_ALREADY_IN_USE : GodotError.OK);
    expect(w.server.isListening()).toBe(true);
    expect(w.server.getLocalPort()).toBeGreaterThan(0);
  }
  toString = () => `listen(${this.awaited ? '' : 'no await'})`;
}

class ClientSends implements fc.AsyncCommand<ServerModel, ServerWorld> {
  constructor(readonly client: number) {}
  check = (m: ServerModel) => m.listening;
  async run(m: ServerModel, w: ServerWorld) {
    const c = w.clients[this.client]!;
    await new Promise<void>((r) =>
      c.send(Uint8Array.of(this.client), w.server.getLocalPort(), '127.0.0.1', () => r()),
    );
    const peer = w.peers.get(this.client);
    const pending = m.pending.find((p) => p.client === this.client);
    if (peer) {
      // An accepted peer gets it through poll().
      expect(await pollUntil(w, () => peer.getAvailablePacketCount() > 0)).toBe(true);
      expect(peer.getPacket()).toEqual(Uint8Array.of(this.client));
    } else if (pending) {
      pending.sent++; // checked when it is taken
    } else if (m.pending.length < MAX_PENDING) {
      m.pending.push({ client: this.client, sent: 1 });
    } else {
      // A new address while maxPendingConnections are waiting: dropped.
      m.dropped++;
      expect(await pollUntil(w, () => w.server.droppedPackets === m.dropped)).toBe(true);
    }
  }
  toString = () => `client ${this.client} sends`;
}

class Poll implements fc.AsyncCommand<ServerModel, ServerWorld> {
  check = () => true;
  async run(m: ServerModel, w: ServerWorld) {
    expect(w.server.poll()).toBe(m.listening ? GodotError.OK : GodotError.ERR_UNCONFIGURED);
    if (m.pending.length === 0) expect(w.server.isConnectionAvailable()).toBe(false);
  }
  toString = () => 'poll()';
}

class TakeConnection implements fc.AsyncCommand<ServerModel, ServerWorld> {
  check = () => true;
  async run(m: ServerModel, w: ServerWorld) {
    const next = m.pending.shift();
    if (next === undefined) return expect(w.server.takeConnection()).toBe(null);
    expect(await pollUntil(w, () => w.server.isConnectionAvailable())).toBe(true);
    const peer = w.server.takeConnection()!;
    expect(peer.isBound()).toBe(true);
    expect(peer.isSocketConnected()).toBe(true);
    expect(peer.getPacketPort()).toBe(w.clients[next.client]!.address().port);
    // Every datagram its client sent while it waited is in its queue.
    expect(await pollUntil(w, () => peer.getAvailablePacketCount() === next.sent)).toBe(true);
    for (let i = 0; i < next.sent; i++)
      expect(peer.getPacket()).toEqual(Uint8Array.of(next.client));
    w.peers.set(next.client, peer);
    m.accepted.add(next.client);
  }
  toString = () => 'takeConnection()';
}

class ClosePeer implements fc.AsyncCommand<ServerModel, ServerWorld> {
  constructor(readonly client: number) {}
  check = (m: ServerModel) => m.accepted.has(this.client);
  async run(m: ServerModel, w: ServerWorld) {
    const peer = w.peers.get(this.client)!;
    peer.close();
    expect(peer.isBound()).toBe(false);
    expect(peer.getAvailablePacketCount()).toBe(-1);
    w.peers.delete(this.client);
    w.old.push(peer);
    // The next datagram from this client makes a new pending connection, as in Godot.
    m.accepted.delete(this.client);
  }
  toString = () => `close the peer of client ${this.client}`;
}

class Stop implements fc.AsyncCommand<ServerModel, ServerWorld> {
  check = () => true;
  async run(m: ServerModel, w: ServerWorld) {
    w.server.stop();
    expect(w.server.isListening()).toBe(false);
    expect(w.server.isConnectionAvailable()).toBe(false);
    expect(w.server.getLocalPort()).toBe(0);
    for (const peer of w.peers.values()) {
      expect(peer.isBound()).toBe(false);
      expect(peer.getAvailablePacketCount()).toBe(-1);
      w.old.push(peer);
    }
    w.peers.clear();
    m.listening = false;
    m.pending.length = 0;
    m.accepted.clear();
  }
  toString = () => 'stop()';
}

const CLIENTS = 3;
const serverCommands = [
  fc.boolean().map((a) => new Listen(a)),
  fc.integer({ min: 0, max: CLIENTS - 1 }).map((c) => new ClientSends(c)),
  fc.integer({ min: 0, max: CLIENTS - 1 }).map((c) => new ClientSends(c)),
  fc.constant(new Poll()),
  fc.constant(new TakeConnection()),
  fc.integer({ min: 0, max: CLIENTS - 1 }).map((c) => new ClosePeer(c)),
  fc.constant(new Stop()),
];

describe('UDPServer lifecycle, model-based', () => {
  it('keeps its invariants through random sequences of listen, poll, take, close and stop', async () => {
    const before = openResources();
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const s = dgram.createSocket('udp4');
        await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
        return s;
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.commands(serverCommands, { size: '+1' }), async (commands) => {
        const server = new UDPServer();
        server.maxPendingConnections = MAX_PENDING;
        const world: ServerWorld = { server, clients, peers: new Map(), old: [] };
        const model: ServerModel = {
          listening: false,
          pending: [],
          accepted: new Set(),
          dropped: 0,
        };
        try {
          await fc.asyncModelRun(() => ({ model, real: world }), commands);
        } finally {
          server.stop();
        }
        for (const peer of [...world.peers.values(), ...world.old])
          expect(peer.isBound()).toBe(false);
      }),
      { numRuns: 100 },
    );
    for (const c of clients) c.close();
    expect(await until(() => sameResources(openResources(), before))).toBe(true);
  });
});

function sameResources(now: Record<string, number>, before: Record<string, number>): boolean {
  const kinds = new Set([...Object.keys(now), ...Object.keys(before)]);
  return [...kinds].every((k) => (now[k] ?? 0) <= (before[k] ?? 0));
}

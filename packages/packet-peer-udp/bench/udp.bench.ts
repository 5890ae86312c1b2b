/**
 * `pnpm bench` (UDP part): PacketPeerUDP and UDPServer next to raw node:dgram
 * doing the same work on loopback, in one process and one run. Sender and
 * receiver share the event loop, so "packets/s" is the whole path: send,
 * kernel, receive, and (for gdwire) Godot's ring and getPacket.
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { GodotError, PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';
import { bytesToVar, Vector2, varToBytes } from '@gdwire/variant-codec';
import { printTable, type Row, ratio, SMOKE } from '../../../scripts/bench/harness.js';

const PACKETS = SMOKE ? 2_000 : 200_000;
const BURST = 128; // sent before waiting for the receiver, so the kernel buffer never overflows
const tick = () => new Promise<void>((r) => setImmediate(r));

/** Both sides get the same OS receive buffer, so a burst is not cut by the kernel. */
const OS_BUFFER = 4 * 1024 * 1024;

/**
 * Lets the event loop run (calling `drain` each turn) until `done()`, or
 * until nothing has arrived for 100 ms: a datagram the kernel dropped must
 * not hang the benchmark.
 */
async function waitUntil(
  done: () => boolean,
  drain: () => void = () => {},
  progress: () => number = () => 0,
): Promise<void> {
  let last = progress();
  let since = performance.now();
  while (!done()) {
    await tick();
    drain();
    const now = progress();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since > 100) return;
  }
}

async function rawPair() {
  const a = dgram.createSocket({ type: 'udp4', recvBufferSize: OS_BUFFER });
  const b = dgram.createSocket({ type: 'udp4', recvBufferSize: OS_BUFFER });
  await Promise.all([
    new Promise<void>((r) => a.bind(0, '127.0.0.1', r)),
    new Promise<void>((r) => b.bind(0, '127.0.0.1', r)),
  ]);
  const close = () => {
    a.close();
    b.close();
  };
  return { a, b, close };
}

async function gdwirePair() {
  const a = new PacketPeerUDP({ socketReceiveBufferSize: OS_BUFFER });
  const b = new PacketPeerUDP({ socketReceiveBufferSize: OS_BUFFER });
  await a.bind(0, '127.0.0.1');
  await b.bind(0, '127.0.0.1', 1 << 22);
  await a.setDestAddress('127.0.0.1', b.getLocalPort());
  const close = () => {
    a.close();
    b.close();
  };
  return { a, b, close };
}

/**
 * Packets per second through a path: `send` one packet at a time in bursts of
 * BURST, letting the receiver (its `'message'` handler, or `drain` each turn)
 * catch up before the next burst; `received` counts what arrived.
 */
async function pace(send: () => void, received: () => number, drain?: () => void): Promise<number> {
  const t0 = performance.now();
  for (let sent = 0; sent < PACKETS; ) {
    for (let i = 0; i < BURST; i++, sent++) send();
    const target = sent - BURST / 2;
    await waitUntil(() => received() >= target, drain, received);
  }
  await waitUntil(() => received() >= PACKETS, drain, received);
  return (received() * 1000) / (performance.now() - t0);
}

/** Raw sockets: send(buf) → a 'message' handler that does `onMessage`. */
async function rawRun(
  payload: () => Uint8Array,
  onMessage: (m: Buffer) => void = () => {},
): Promise<number> {
  const { a, b, close } = await rawPair();
  let received = 0;
  b.on('message', (m) => {
    onMessage(m);
    received++;
  });
  const port = b.address().port;
  const pps = await pace(
    () => a.send(payload(), port, '127.0.0.1'),
    () => received,
  );
  close();
  return pps;
}

/** PacketPeerUDP: `send` on one peer, `take` (getPacket / getVar) on the other. */
async function gdwireRun(
  send: (a: PacketPeerUDP) => void,
  take: (b: PacketPeerUDP) => void,
): Promise<number> {
  const { a, b, close } = await gdwirePair();
  let received = 0;
  const drain = () => {
    while (b.getAvailablePacketCount() > 0) {
      take(b);
      received++;
    }
  };
  const pps = await pace(
    () => send(a),
    () => received,
    drain,
  );
  close();
  return pps;
}

const MESSAGE = {
  type: 'move',
  seq: 4242,
  tick: 1042,
  id: 7,
  pos: new Vector2(12.5, -3.25),
  vel: new Vector2(1.5, 0.5),
  hp: 77,
  name: 'Hana',
};

/** Raw bytes: send(buf) → 'message', against putPacket → ring → getPacket. */
export const rawThroughput = (payload: Uint8Array) => rawRun(() => payload);
export const gdwireThroughput = (payload: Uint8Array) =>
  gdwireRun(
    (a) => a.putPacket(payload),
    (b) => b.getPacket(),
  );

/** A Variant: raw sockets with varToBytes / bytesToVar by hand, against putVar / getVar. */
export const variantThroughput = (gdwire: boolean) =>
  gdwire
    ? gdwireRun(
        (a) => a.putVar(MESSAGE),
        (b) => b.getVar(),
      )
    : rawRun(
        () => varToBytes(MESSAGE),
        (m) => bytesToVar(m),
      );

/**
 * Round-trip latency percentiles (µs) for ping-pong over loopback. Both sides
 * run the same way: no timer per round trip, one watchdog per run that ends
 * a wait if a datagram is ever lost.
 */
export async function latency(gdwire: boolean): Promise<{ p50: number; p99: number }> {
  const rounds = SMOKE ? 200 : 20_000;
  const times: number[] = [];
  const payload = new Uint8Array(64);
  if (!gdwire) {
    const { a, b, close } = await rawPair();
    b.on('message', (m, info) => b.send(m, info.port, info.address));
    let pending: (() => void) | null = null;
    a.on('message', () => pending?.());
    const watchdog = setTimeout(() => pending?.(), 30_000);
    const port = b.address().port;
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        pending = resolve;
        a.send(payload, port, '127.0.0.1');
      });
      times.push(performance.now() - t0);
    }
    clearTimeout(watchdog);
    close();
  } else {
    const { a, b, close } = await gdwirePair();
    await b.setDestAddress('127.0.0.1', a.getLocalPort());
    const echo = (async () => {
      while ((await b.wait()) === GodotError.OK) b.putPacket(b.getPacket());
    })();
    const watchdog = setTimeout(close, 30_000);
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      a.putPacket(payload);
      if ((await a.wait()) !== GodotError.OK) break;
      a.getPacket();
      times.push(performance.now() - t0);
    }
    clearTimeout(watchdog);
    close();
    await echo;
  }
  times.sort((x, y) => x - y);
  return {
    p50: times[Math.floor(times.length * 0.5)]! * 1000,
    p99: times[Math.floor(times.length * 0.99)]! * 1000,
  };
}

/** A separate process that sends `total` datagrams of 64 B to `port` as fast as it can. */
const FLOODER = `
const dgram = require('node:dgram');
const [port, total] = process.argv.slice(1).map(Number);
const s = dgram.createSocket('udp4');
const payload = Buffer.alloc(64);
let sent = 0;
(function burst() {
  for (let i = 0; i < 500 && sent < total; i++, sent++) s.send(payload, port, '127.0.0.1');
  if (sent < total) setImmediate(burst); else s.close();
})();
`;

/**
 * Resident memory of a process whose PacketPeerUDP never reads while another
 * process floods it: flat, because the ring is bounded and drops the rest.
 */
export async function floodMemory(): Promise<{
  before: number;
  peak: number;
  after: number;
  arrived: number;
  dropped: number;
}> {
  const total = SMOKE ? 10_000 : 1_000_000;
  const victim = new PacketPeerUDP({ socketReceiveBufferSize: OS_BUFFER });
  await victim.bind(0, '127.0.0.1');
  const mb = () => process.memoryUsage().rss / 1048576;
  const before = mb();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, mb());
  }, 20);
  const flooder = spawn(
    process.execPath,
    ['-e', FLOODER, String(victim.getLocalPort()), String(total)],
    { stdio: 'ignore' },
  );
  await new Promise((r) => flooder.once('exit', r));
  await new Promise((r) => setTimeout(r, 200));
  clearInterval(sampler);
  const after = mb();
  const arrived = victim.getAvailablePacketCount() + victim.droppedPackets;
  const dropped = victim.droppedPackets;
  victim.close();
  return { before, peak: Math.max(peak, after), after, arrived, dropped };
}

/** Nanoseconds per packet a UDPServer spends when `clients` addresses send `PACKETS` in all. */
export async function serverCost(clients: number): Promise<number> {
  const server = new UDPServer({ autoPoll: true, socketReceiveBufferSize: 1 << 22 });
  await server.listen(0, '127.0.0.1');
  server.maxPendingConnections = clients;
  const port = server.getLocalPort();
  const sockets = await Promise.all(
    Array.from({ length: clients }, async () => {
      const s = dgram.createSocket('udp4');
      await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
      return s;
    }),
  );
  // Every client says hello once and is taken.
  for (const s of sockets) s.send(Uint8Array.of(0), port, '127.0.0.1');
  const peers: PacketPeerUDP[] = [];
  await waitUntil(
    () => peers.length >= clients,
    () => {
      while (server.isConnectionAvailable()) peers.push(server.takeConnection()!);
    },
  );
  for (const p of peers) p.getPacket();
  const total = SMOKE ? 2_000 : 100_000;
  const payload = new Uint8Array(64);
  let received = 0;
  const drain = () => {
    for (const p of peers) {
      while (p.getAvailablePacketCount() > 0) {
        p.getPacket();
        received++;
      }
    }
  };
  const t0 = performance.now();
  for (let sent = 0; sent < total; ) {
    for (let i = 0; i < BURST; i++, sent++)
      sockets[sent % clients]!.send(payload, port, '127.0.0.1');
    const target = sent - BURST / 2;
    await waitUntil(
      () => received >= target,
      drain,
      () => received,
    );
  }
  const ns = ((performance.now() - t0) * 1e6) / Math.max(1, received);
  for (const s of sockets) s.close();
  server.stop();
  return ns;
}

export async function runUdpBenchmarks(): Promise<void> {
  process.stdout.write(
    `\n=== UDP on loopback: gdwire against raw node:dgram, ratio = gdwire ÷ raw (≥ 0.9 is the target)${SMOKE ? ' [smoke]' : ''}\n`,
  );
  const rows: Row[] = [];
  for (const size of [64, 1200]) {
    const payload = new Uint8Array(size).fill(7);
    const raw = await rawThroughput(payload);
    const ours = await gdwireThroughput(payload);
    rows.push({ name: `putPacket → getPacket, ${size} B`, cells: [raw, ours, ratio(ours, raw)] });
  }
  const rawVar = await variantThroughput(false);
  const ourVar = await variantThroughput(true);
  rows.push({ name: 'putVar → getVar, message', cells: [rawVar, ourVar, ratio(ourVar, rawVar)] });
  printTable('throughput (packets/s)', ['raw dgram', 'gdwire', 'ratio'], rows);

  const rawLat = await latency(false);
  const ourLat = await latency(true);
  printTable(
    'ping-pong round trip (µs; ratio = raw ÷ gdwire, ≥ 0.9 is the target)',
    ['raw dgram', 'gdwire', 'ratio'],
    [
      { name: 'p50', cells: [rawLat.p50, ourLat.p50, ratio(rawLat.p50, ourLat.p50)] },
      { name: 'p99', cells: [rawLat.p99, ourLat.p99, ratio(rawLat.p99, ourLat.p99)] },
    ],
  );

  const flood = await floodMemory();
  printTable(
    `a PacketPeerUDP that never reads, flooded with ${SMOKE ? '10k' : '1M'} packets of 64 B`,
    ['RSS MiB', ''],
    [
      { name: 'before', cells: [flood.before, ''] },
      { name: 'peak', cells: [flood.peak, ''] },
      { name: 'after', cells: [flood.after, ''] },
      { name: 'datagrams that reached the socket', cells: [flood.arrived, ''] },
      { name: 'dropped by the ring (counted)', cells: [flood.dropped, ''] },
    ],
  );

  const one = await serverCost(1);
  const many = await serverCost(SMOKE ? 20 : 1000);
  printTable(
    'UDPServer: ns per packet (ratio = many ÷ one, ≤ 1.5 is the target)',
    ['1 client', `${SMOKE ? 20 : 1000} clients`, 'ratio'],
    [{ name: 'receive + getPacket', cells: [one, many, ratio(many, one)] }],
  );
}

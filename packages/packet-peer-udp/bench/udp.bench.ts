/**
 * `pnpm bench` (UDP part): PacketPeerUDP and UDPServer next to raw node:dgram
 * doing the same work on loopback. Throughput and ping-pong run in a pair of
 * processes: this one sends, a child (udp-peer.ts) receives or echoes, and
 * both sides are of the kind being measured. The receiver acknowledges every
 * ACK_EVERY packets and the sender keeps at most WINDOW unacknowledged, so
 * the OS never has to drop a datagram.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { GodotError, PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';
import { Vector2, varToBytes } from '@gdwire/variant-codec';
import { printTable, type Row, ratio, SMOKE } from '../../../scripts/bench/harness.js';
import { clientChurn } from './udp-churn.bench.js';
import { OS_BUFFER, type PeerReport, type PeerRole, WINDOW } from './udp-protocol.js';

const PACKETS = SMOKE ? 2_000 : 100_000;
/**
 * Each measurement runs raw and gdwire in turns, this many times each, and
 * takes each side's median: measured once each, one after the other, the
 * ratio moved with whatever the machine did in between (0.82× to 0.95× for
 * the same build in one day).
 */
const TURNS = SMOKE ? 1 : 3;
const BURST = 128; // UDPServer test: sent before waiting for the receiver
const tick = () => new Promise<void>((r) => setImmediate(r));

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

/** The far side, started in its own process; resolves once it listens. */
async function farSide(role: PeerRole): Promise<{ port: number; stop(): Promise<PeerReport> }> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./udp-peer.ts', import.meta.url)), [
    role,
  ]);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
  return {
    port,
    stop: () =>
      new Promise<PeerReport>((resolve) => {
        child.once('message', (m) => resolve(m as PeerReport));
        child.send('stop');
      }),
  };
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

/** Packets per second the sender sent and the receiver (another process) received. */
export interface Throughput {
  sent: number;
  received: number;
}

/**
 * Sends PACKETS datagrams with `send`, at most WINDOW ahead of the
 * acknowledgements `waitForAck` brings in (it resolves with the receiver's
 * count, or null when none came for 200 ms: what is outstanding then counts
 * as lost, so a dropped datagram cannot stall the run).
 */
async function paced(
  far: { stop(): Promise<PeerReport> },
  send: () => void,
  waitForAck: () => Promise<number | null>,
): Promise<Throughput> {
  let acked = 0;
  let sent = 0;
  const t0 = performance.now();
  while (sent < PACKETS) {
    while (sent < PACKETS && sent - acked < WINDOW) {
      send();
      sent++;
    }
    if (sent - acked >= WINDOW) acked = (await waitForAck()) ?? sent;
  }
  const seconds = (performance.now() - t0) / 1000;
  while (acked < PACKETS - (PACKETS % 64)) {
    const count = await waitForAck();
    if (count === null) break;
    acked = count;
  }
  const report = await far.stop();
  return { sent: sent / seconds, received: report.received / report.seconds };
}

/** A raw node:dgram sender: send(buf) here; by default a 'message' handler there too. */
async function rawThroughput(
  payload: () => Uint8Array,
  variant: boolean,
  receiver: PeerRole = variant ? 'raw-var-sink' : 'raw-sink',
): Promise<Throughput> {
  const far = await farSide(receiver);
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: OS_BUFFER });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  let latest = 0;
  let wake: (() => void) | null = null;
  socket.on('message', (m) => {
    latest = Math.max(latest, m.readUInt32LE(0));
    wake?.();
  });
  const waitForAck = () =>
    new Promise<number | null>((resolve) => {
      const before = latest;
      const timer = setTimeout(() => {
        wake = null;
        resolve(null);
      }, 200);
      wake = () => {
        if (latest === before) return;
        wake = null;
        clearTimeout(timer);
        resolve(latest);
      };
    });
  const result = await paced(far, () => socket.send(payload(), far.port, '127.0.0.1'), waitForAck);
  socket.close();
  return result;
}

/** A PacketPeerUDP sender: putPacket / putVar here; by default getPacket / getVar there too. */
async function gdwireThroughput(
  send: (peer: PacketPeerUDP) => void,
  variant: boolean,
  receiver: PeerRole = variant ? 'gdwire-var-sink' : 'gdwire-sink',
) {
  const far = await farSide(receiver);
  const peer = new PacketPeerUDP({ socketReceiveBufferSize: OS_BUFFER });
  await peer.bind(0, '127.0.0.1');
  await peer.setDestAddress('127.0.0.1', far.port);
  let latest = 0;
  // One timer per wait, as on the raw side (AbortSignal.timeout would add an exception per wait).
  let controller = new AbortController();
  const waitForAck = async (): Promise<number | null> => {
    const timer = setTimeout(() => controller.abort(), 200);
    try {
      return await takeAcks();
    } finally {
      clearTimeout(timer);
      if (controller.signal.aborted) controller = new AbortController();
    }
  };
  const takeAcks = async (): Promise<number | null> => {
    while ((await peer.wait(controller.signal)) === GodotError.OK) {
      const before = latest;
      while (peer.getAvailablePacketCount() > 0) {
        const ack = peer.getPacket();
        latest = Math.max(latest, new DataView(ack.buffer, ack.byteOffset, 4).getUint32(0, true));
      }
      if (latest !== before) return latest;
    }
    return null;
  };
  const result = await paced(far, () => send(peer), waitForAck);
  peer.close();
  return result;
}

/**
 * Bytes through both kinds of sockets: sent and received per second of each.
 * `gdwireSending` and `gdwireReceiving` pair a PacketPeerUDP with a raw socket
 * on the other side, to show which side a difference comes from.
 */
export const throughputOf = (size: number) => {
  const payload = new Uint8Array(size).fill(7);
  return {
    raw: () => rawThroughput(() => payload, false),
    gdwire: () => gdwireThroughput((peer) => peer.putPacket(payload), false),
    gdwireSending: () => gdwireThroughput((peer) => peer.putPacket(payload), false, 'raw-sink'),
    gdwireReceiving: () => rawThroughput(() => payload, false, 'gdwire-sink'),
  };
};

/** The message Variant: raw sockets with varToBytes / bytesToVar by hand, against putVar / getVar. */
export const variantThroughput = {
  raw: () => rawThroughput(() => varToBytes(MESSAGE), true),
  gdwire: () => gdwireThroughput((peer) => peer.putVar(MESSAGE), true),
};

/**
 * Round-trip latency percentiles (µs) for ping-pong with an echo in another
 * process. One watchdog per run ends a wait if a datagram is ever lost.
 */
export async function latency(gdwire: boolean): Promise<{ p50: number; p99: number }> {
  const rounds = SMOKE ? 200 : 10_000;
  const times: number[] = [];
  const payload = new Uint8Array(64);
  const far = await farSide(gdwire ? 'gdwire-echo' : 'raw-echo');
  if (!gdwire) {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    let pending: (() => void) | null = null;
    socket.on('message', () => pending?.());
    const watchdog = setTimeout(() => pending?.(), 30_000);
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        pending = resolve;
        socket.send(payload, far.port, '127.0.0.1');
      });
      times.push(performance.now() - t0);
    }
    clearTimeout(watchdog);
    socket.close();
  } else {
    const peer = new PacketPeerUDP();
    await peer.bind(0, '127.0.0.1');
    await peer.setDestAddress('127.0.0.1', far.port);
    const watchdog = setTimeout(() => peer.close(), 30_000);
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      peer.putPacket(payload);
      if ((await peer.wait()) !== GodotError.OK) break;
      peer.getPacket();
      times.push(performance.now() - t0);
    }
    clearTimeout(watchdog);
    peer.close();
  }
  await far.stop();
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

const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;

/** Runs `raw` and `gdwire` in turns, TURNS times each; each side's median of every field. */
async function inTurns<T extends { [K in keyof T]: number }>(
  raw: () => Promise<T>,
  gdwire: () => Promise<T>,
): Promise<{ raw: T; gdwire: T }> {
  const runs: { raw: T[]; gdwire: T[] } = { raw: [], gdwire: [] };
  for (let turn = 0; turn < TURNS; turn++) {
    runs.raw.push(await raw());
    runs.gdwire.push(await gdwire());
  }
  const medians = (list: T[]) =>
    Object.fromEntries(
      (Object.keys(list[0]!) as (keyof T)[]).map((k) => [k, median(list.map((r) => r[k]))]),
    ) as T;
  return { raw: medians(runs.raw), gdwire: medians(runs.gdwire) };
}

export async function runUdpBenchmarks(): Promise<void> {
  process.stdout.write(
    `\n=== UDP on loopback: gdwire against raw node:dgram, ratio = gdwire ÷ raw (≥ 0.9 is the target)${SMOKE ? ' [smoke]' : ''}\n`,
  );
  const rows: Row[] = [];
  const cells = (raw: Throughput, ours: Throughput) => [
    raw.sent,
    ours.sent,
    ratio(ours.sent, raw.sent),
    raw.received,
    ours.received,
    ratio(ours.received, raw.received),
  ];
  const row = async (
    name: string,
    raw: () => Promise<Throughput>,
    ours: () => Promise<Throughput>,
  ) => {
    const both = await inTurns(raw, ours);
    rows.push({ name, cells: cells(both.raw, both.gdwire) });
  };
  for (const size of [64, 1200]) {
    const { raw, gdwire } = throughputOf(size);
    await row(`putPacket → getPacket, ${size} B`, raw, gdwire);
  }
  await row('putVar → getVar, message', variantThroughput.raw, variantThroughput.gdwire);
  // One side each: which of the two a difference above comes from.
  const sides = throughputOf(64);
  await row('64 B, PacketPeerUDP sending to raw', sides.raw, sides.gdwireSending);
  await row('64 B, raw sending to PacketPeerUDP', sides.raw, sides.gdwireReceiving);
  printTable(
    'throughput between two processes (packets/s)',
    ['raw sent', 'gdwire sent', 'ratio', 'raw received', 'gdwire received', 'ratio'],
    rows,
  );

  const { raw: rawLat, gdwire: ourLat } = await inTurns(
    () => latency(false),
    () => latency(true),
  );
  printTable(
    'ping-pong round trip between two processes (µs; ratio = raw ÷ gdwire, ≥ 0.9 is the target)',
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

  const churn = await clientChurn();
  const first = churn[0]!;
  printTable(
    'UDPServer client churn: each client sends one packet, is taken, read and closed (server time per client; ratio = this count ÷ the first, ≤ 1.5 is the target)',
    ['arrive+take+read ns', 'ratio', 'close ns', 'ratio', 'heap after − before', 'lost'],
    churn.map((r) => ({
      name: `${r.clients} clients`,
      cells: [
        r.arriveNs,
        ratio(r.arriveNs, first.arriveNs),
        r.closeNs,
        ratio(r.closeNs, first.closeNs),
        `${r.heapDelta >= 0 ? '+' : ''}${(r.heapDelta / 1024).toFixed(0)} KiB`,
        r.lost,
      ],
    })),
  );

  const one = await serverCost(1);
  const many = await serverCost(SMOKE ? 20 : 1000);
  printTable(
    'UDPServer: ns per packet (ratio = many ÷ one, ≤ 1.5 is the target)',
    ['1 client', `${SMOKE ? 20 : 1000} clients`, 'ratio'],
    [{ name: 'receive + getPacket', cells: [one, many, ratio(many, one)] }],
  );
}

/**
 * `pnpm bench` (WebSocket part): WebSocketPeer next to raw `ws` doing the
 * same work on loopback, in a pair of processes: this one is the client, a
 * child (ws-peer.mts) the server, both of the kind measured. Throughput: the
 * client sends as fast as the outbound limit lets it, the server counts (and
 * decodes, for Variants) until it has them all. Latency: ping-pong with an echo.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GodotError, WebSocketPeer } from '@gdwire/packet-peer-websocket';
import { Vector2, varToBytes } from '@gdwire/variant-codec';
import WebSocket from 'ws';
import { printTable, type Row, ratio, SMOKE } from '../../../scripts/bench/harness.js';
import { BUFFER, type SinkReport, type WsRole } from './ws-protocol.js';

const MESSAGES = SMOKE ? 2_000 : 300_000;
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
const tick = () => new Promise<void>((r) => setImmediate(r));

/** The far side, started in its own process; resolves once it listens. */
async function farSide(role: WsRole, expected = 0) {
  const child: ChildProcess = fork(fileURLToPath(new URL('./ws-peer.mts', import.meta.url)), [
    role,
    String(expected),
  ]);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    report: () =>
      new Promise<SinkReport>((resolve) => child.once('message', (m) => resolve(m as SinkReport))),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

async function openRaw(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: BUFFER });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

async function openGdwire(url: string): Promise<WebSocketPeer> {
  const ws = new WebSocketPeer({
    inboundBufferSize: BUFFER,
    outboundBufferSize: BUFFER,
    maxQueuedPackets: 1 << 16,
  });
  ws.connectToUrl(url);
  while (ws.getReadyState() === WebSocketPeer.STATE_CONNECTING) await tick();
  return ws;
}

/** Messages per second the sender sent and the receiver (another process) received. */
interface Throughput {
  sent: number;
  received: number;
}

async function rawThroughput(payload: () => Uint8Array, variant: boolean): Promise<Throughput> {
  const far = await farSide(variant ? 'raw-var-sink' : 'raw-sink', MESSAGES);
  const done = far.report();
  const ws = await openRaw(far.url);
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    // The same backpressure as gdwire's outbound limit.
    while (ws.bufferedAmount > BUFFER) await tick();
    ws.send(payload());
  }
  const seconds = (performance.now() - t0) / 1000;
  const report = await done;
  ws.close();
  await far.stop();
  return { sent: MESSAGES / seconds, received: report.received / report.seconds };
}

async function gdwireThroughput(
  send: (ws: WebSocketPeer) => number,
  variant: boolean,
): Promise<Throughput> {
  const far = await farSide(variant ? 'gdwire-var-sink' : 'gdwire-sink', MESSAGES);
  const done = far.report();
  const ws = await openGdwire(far.url);
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    while (send(ws) === GodotError.ERR_OUT_OF_MEMORY) await tick();
  }
  const seconds = (performance.now() - t0) / 1000;
  const report = await done;
  ws.close();
  await far.stop();
  return { sent: MESSAGES / seconds, received: report.received / report.seconds };
}

async function latency(gdwire: boolean): Promise<{ p50: number; p99: number }> {
  const rounds = SMOKE ? 200 : 20_000;
  const payload = new Uint8Array(64);
  const times: number[] = [];
  const far = await farSide(gdwire ? 'gdwire-echo' : 'raw-echo');
  if (gdwire) {
    const ws = await openGdwire(far.url);
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      ws.putPacket(payload);
      if ((await ws.wait()) !== GodotError.OK) break;
      ws.getPacket();
      times.push(performance.now() - t0);
    }
    ws.close();
  } else {
    const ws = await openRaw(far.url);
    let answer: (() => void) | null = null;
    ws.on('message', () => answer?.());
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve) => {
        answer = resolve;
        ws.send(payload);
      });
      times.push(performance.now() - t0);
    }
    ws.close();
  }
  await far.stop();
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length * 0.5)]! * 1000,
    p99: times[Math.floor(times.length * 0.99)]! * 1000,
  };
}

export async function runWebSocketBenchmarks(): Promise<void> {
  process.stdout.write(
    `\n=== WebSocket on loopback: gdwire against raw ws, ratio = gdwire ÷ raw (≥ 0.9 is the target)${SMOKE ? ' [smoke]' : ''}\n`,
  );
  const cells = (raw: Throughput, ours: Throughput) => [
    raw.sent,
    ours.sent,
    ratio(ours.sent, raw.sent),
    raw.received,
    ours.received,
    ratio(ours.received, raw.received),
  ];
  const rows: Row[] = [];
  for (const size of [64, 1200]) {
    const payload = new Uint8Array(size).fill(7);
    rows.push({
      name: `putPacket → getPacket, ${size} B`,
      cells: cells(
        await rawThroughput(() => payload, false),
        await gdwireThroughput((ws) => ws.putPacket(payload), false),
      ),
    });
  }
  rows.push({
    name: 'putVar → getVar, message (raw: varToBytes/bytesToVar by hand)',
    cells: cells(
      await rawThroughput(() => varToBytes(MESSAGE), true),
      await gdwireThroughput((ws) => ws.putVar(MESSAGE), true),
    ),
  });
  printTable(
    'throughput between two processes (messages/s)',
    ['raw sent', 'gdwire sent', 'ratio', 'raw received', 'gdwire received', 'ratio'],
    rows,
  );
  const raw = await latency(false);
  const ours = await latency(true);
  printTable(
    'ping-pong round trip between two processes (µs; ratio = raw ÷ gdwire, ≥ 0.9 is the target)',
    ['raw ws', 'gdwire', 'ratio'],
    [
      { name: 'p50', cells: [raw.p50, ours.p50, ratio(raw.p50, ours.p50)] },
      { name: 'p99', cells: [raw.p99, ours.p99, ratio(raw.p99, ours.p99)] },
    ],
  );
}

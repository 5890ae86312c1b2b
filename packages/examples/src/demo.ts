/**
 * `pnpm demo`: a small multiplayer game on loopback, in about five seconds.
 *
 * A gdwire UDPServer runs the world at 20 ticks a second. Three Node
 * players — and, when Debian's godot3-server is installed, a real Godot 3.2
 * player on a second, Godot-3-dialect port of the same world — send their
 * input as Godot Variants, and a fourth joins over WebSocket, as a Godot web
 * export or a browser would; all receive snapshots of everyone (Vector2
 * positions and velocities, ints, strings, a PackedVector2Array trail).
 * A live log shows some of the traffic in Godot's own syntax; a table sums it
 * up. Along the way: the codec's byte-exactness and its refusal of hostile input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { GodotError, PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';
import { WebSocketPeer } from '@gdwire/packet-peer-websocket';
import { WebSocketServer } from '@gdwire/packet-peer-websocket/server';
import {
  bytesToVar,
  type Dictionary,
  GdwireError,
  PackedVector2Array,
  Vector2,
  varToBytes,
  varToStr,
} from '@gdwire/variant-codec';
import { startGodot3 } from '../../../scripts/godot/godot3.js';

const TICK_MS = 50;
const RUN_MS = 3500;
const started = performance.now();
const stamp = () => `[${((performance.now() - started) / 1000).toFixed(2)}s]`;
const log = (text = '') => process.stdout.write(`${text}\n`);
const oneLine = (value: unknown) => varToStr(value as never).replace(/\n/g, ' ');

interface Player {
  name: string;
  peer: PacketPeerUDP | WebSocketPeer;
  pos: Vector2;
  vel: Vector2;
  hp: number;
  lastSeq: number;
}

log('gdwire demo: a Godot-protocol game server in Node, on loopback\n');

// ── The server: two ports into one world, one per Variant dialect ───────────
const server4 = new UDPServer({ autoPoll: true });
const server3 = new UDPServer({ autoPoll: true, dialect: 'godot3' });
// ... and a WebSocket door, for Godot web exports and browsers.
const web = new WebSocketServer();
await server4.listen(0, '127.0.0.1');
await server3.listen(0, '127.0.0.1');
await web.listen(0, '127.0.0.1');
log(
  `${stamp()} server listening: Godot 4 dialect on 127.0.0.1:${server4.getLocalPort()}, Godot 3 on :${server3.getLocalPort()}, WebSocket on :${web.getLocalPort()}`,
);

const players: Player[] = [];
/** WebSocket connections whose hello has not come yet. */
const arriving: WebSocketPeer[] = [];
const trail: Vector2[] = [];
let tick = 0;
let logged = 0;
const logSome = (line: string) => {
  if (logged++ < 12) log(`${stamp()} ${line}`);
};

function join(peer: PacketPeerUDP | WebSocketPeer, hello: Dictionary, from: string): void {
  const name = String(hello.get('name'));
  players.push({
    name,
    peer,
    pos: new Vector2(players.length * 10, 0),
    vel: new Vector2(),
    hp: 100,
    lastSeq: Number(hello.get('seq')),
  });
  log(`${stamp()} ${name} joined from ${from}`);
}

function serverTick(): void {
  while (web.isConnectionAvailable()) arriving.push(web.takeConnection()!);
  for (const peer of arriving.splice(0)) {
    if (peer.getAvailablePacketCount() === 0) arriving.push(peer);
    else
      join(
        peer,
        peer.getVar() as Dictionary,
        `${peer.getConnectedHost()}:${peer.getConnectedPort()} (WebSocket)`,
      );
  }
  for (const server of [server4, server3]) {
    while (server.isConnectionAvailable()) {
      const peer = server.takeConnection()!;
      join(
        peer,
        peer.getVar() as Dictionary,
        `${peer.getPacketIp()}:${peer.getPacketPort()} (${server === server3 ? 'Godot 3' : 'Godot 4'} dialect)`,
      );
    }
  }
  for (const p of players) {
    while (p.peer.getAvailablePacketCount() > 0) {
      const input = p.peer.getVar() as Dictionary | null;
      if (input === null) continue;
      p.lastSeq = Number(input.get('seq'));
      const dir = input.get('input') as Vector2;
      p.vel = new Vector2(dir.x * 4, dir.y * 4);
      if (p.lastSeq === 5) logSome(`server ← ${p.name}: ${oneLine(input)}`);
    }
    p.pos = new Vector2(
      Math.fround(p.pos.x + p.vel.x * (TICK_MS / 1000)),
      Math.fround(p.pos.y + p.vel.y * (TICK_MS / 1000)),
    );
  }
  tick++;
  if (players[0]) trail.push(players[0].pos);
  if (trail.length > 8) trail.shift();
  const snapshot = {
    tick,
    players: players.map((p) => ({ name: p.name, pos: p.pos, vel: p.vel, hp: p.hp })),
    trail: PackedVector2Array.from(trail),
  };
  for (const p of players) p.peer.putVar({ ...snapshot, ack: p.lastSeq });
  if (tick === 20)
    logSome(`server → all, tick 20: ${oneLine({ ...snapshot, trail: snapshot.trail })}`);
}
const loop = setInterval(serverTick, TICK_MS);

// ── A real Godot 3.2 player, when Debian's godot3-server is there ───────────
const godotScript = readFileSync(new URL('./godot3/demo_client.gd', import.meta.url), 'utf8');
const godot = existsSync('/usr/bin/godot3-server')
  ? startGodot3(godotScript, { env: { GD3_PORT: String(server3.getLocalPort()) } })
  : null;
if (!godot) log(`${stamp()} (godot3-server is not installed: no Godot player this time)`);

// ── Three Node players ──────────────────────────────────────────────────────
interface Stats {
  name: string;
  sent: number;
  received: number;
  bytesIn: number;
  rtts: number[];
}
async function nodePlayer(name: string, input: Vector2, overWebSocket = false): Promise<Stats> {
  const peer = overWebSocket ? new WebSocketPeer() : new PacketPeerUDP();
  if (peer instanceof WebSocketPeer) {
    peer.connectToUrl(`ws://127.0.0.1:${web.getLocalPort()}/play`);
    while (peer.getReadyState() === WebSocketPeer.STATE_CONNECTING) {
      await new Promise((r) => setTimeout(r, 5));
    }
  } else {
    await peer.connectToHost('127.0.0.1', server4.getLocalPort());
  }
  const stats: Stats = { name, sent: 0, received: 0, bytesIn: 0, rtts: [] };
  const sentAt = new Map<number, number>();
  const end = performance.now() + RUN_MS - 500;
  let seq = 0;
  while (performance.now() < end) {
    seq++;
    sentAt.set(seq, performance.now());
    peer.putVar({ name, seq, input });
    stats.sent++;
    const deadline = performance.now() + TICK_MS;
    while (performance.now() < deadline) {
      const left = deadline - performance.now();
      if ((await peer.wait(AbortSignal.timeout(Math.max(1, Math.ceil(left))))) !== GodotError.OK)
        break;
      const packet = peer.getPacket();
      stats.received++;
      stats.bytesIn += packet.length;
      const snap = bytesToVar(packet) as Dictionary;
      const ack = Number(snap.get('ack'));
      const t = sentAt.get(ack);
      if (t !== undefined) {
        stats.rtts.push(performance.now() - t);
        sentAt.delete(ack);
      }
    }
  }
  peer.close();
  return stats;
}
const results = await Promise.all([
  nodePlayer('ana', new Vector2(1, 0)),
  nodePlayer('bo', new Vector2(0, 1)),
  nodePlayer('chen', new Vector2(-0.5, -0.5)),
  nodePlayer('dee', new Vector2(0.5, -1), true),
]);
const godotLine = godot
  ? await godot.waitFor(/^GODOT3/, 10_000).catch(() => 'GODOT3 did not report')
  : null;
clearInterval(loop);
if (godot) await godot.stop();

// ── Summary ─────────────────────────────────────────────────────────────────
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))]! : Number.NaN;
};
log(`\n${stamp()} after ${tick} ticks:\n`);
log('player   inputs sent  snapshots in   bytes in   RTT p50    RTT p99');
for (const r of results) {
  log(
    `${r.name.padEnd(8)} ${String(r.sent).padStart(11)} ${String(r.received).padStart(13)} ${String(r.bytesIn).padStart(10)} ${pct(r.rtts, 0.5).toFixed(2).padStart(6)} ms ${pct(r.rtts, 0.99).toFixed(2).padStart(7)} ms`,
  );
}
const drops =
  [server4, server3].reduce((n, s) => n + s.droppedPackets, 0) +
  players.reduce((n, p) => n + p.peer.droppedPackets, 0);
log(
  `dropped packets: ${drops}   (RTT: input sent → the snapshot that acknowledges it, so up to one ${TICK_MS} ms tick of waiting)`,
);
if (godotLine) log(`godot3   ${godotLine.replace(/^GODOT3 /, '')}`);

// ── The codec, seen up close ────────────────────────────────────────────────
const sample = { hp: 100, pos: new Vector2(1, 2) };
const bytes = varToBytes(sample);
log(
  `\nvar_to_bytes(${oneLine(sample)}) = ${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`,
);
log(
  `(${bytes.length} bytes, exactly what Godot 4.6 writes: the test suite checks this against the engine)`,
);
try {
  bytesToVar(Uint8Array.from([0x1c, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f]));
} catch (e) {
  if (!GdwireError.is(e)) throw e;
  log(
    `a hostile 8-byte packet claiming 2^31 array elements: ${e.codeName} at byte ${e.offset}, nothing allocated`,
  );
}

for (const p of players) p.peer.close();
server4.stop();
server3.stop();
web.stop();
log('\nDone.');

/**
 * Client churn on a UDPServer: N distinct clients each send one packet, the
 * server takes each and reads it, then closes them (half one by one, half by
 * `stop()`). The server runs in its own process (udp-churn-server.ts) and
 * reports the time its own work took, so the cost of making N client
 * sockets here is not counted. Every per-client operation is meant to be
 * O(1): time per client stays flat from 1k to 100k clients, and the heap
 * returns to where it started.
 *
 * Clients are told apart by address and port: half come from 127.0.0.1,
 * half from ::1 (the server listens dual-stack), each from its own port.
 */
import { type ChildProcess, fork } from 'node:child_process';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { SMOKE } from '../../../scripts/bench/harness.js';
import type { ChurnReply, ChurnRequest } from './udp-protocol.js';

/** Client ports are taken from this range, skipping any in use (100k clients need 50k per family). */
const FIRST_PORT = 10_000;
const LAST_PORT = 65_535;
/** Clients opened at once, and how many are sent before waiting for the server to take them. */
const PARALLEL = 256;
const WINDOW = 4096;

export interface ChurnResult {
  clients: number;
  /** Server time per client: its packet received, the connection taken, the packet read. */
  arriveNs: number;
  /** Server time per client to close it (half close(), half stop()). */
  closeNs: number;
  /** Server heap after the phase minus before it, in bytes (settled by a GC). */
  heapDelta: number;
  /** Clients whose packet never reached a taken peer (the OS may drop datagrams). */
  lost: number;
}

class ChurnServer {
  readonly #child: ChildProcess;
  #replies: { resolve: (r: ChurnReply) => void; reject: (e: Error) => void }[] = [];
  port = 0;

  constructor() {
    this.#child = fork(fileURLToPath(new URL('./udp-churn-server.ts', import.meta.url)), [], {
      execArgv: [...process.execArgv, '--expose-gc'],
    });
    this.#child.on('message', (m) => {
      if ('ready' in (m as object)) return;
      this.#replies.shift()?.resolve(m as ChurnReply);
    });
    this.#child.on('exit', (code) => {
      for (const r of this.#replies.splice(0))
        r.reject(new Error(`churn server exited with ${code}`));
    });
  }

  async ask(request: ChurnRequest): Promise<ChurnReply> {
    if (this.port === 0 && request.cmd !== 'listen') throw new Error('listen first');
    const reply = new Promise<ChurnReply>((resolve, reject) => {
      this.#replies.push({ resolve, reject });
    });
    this.#child.send({ port: this.port, ...request });
    return reply;
  }
}

/** Sends one byte from each of `count` fresh sockets, each on its own address and port. */
class ClientMaker {
  #next = { 4: FIRST_PORT, 6: FIRST_PORT };
  #family: 4 | 6 = 4;

  constructor(readonly serverPort: number) {}

  reset(): void {
    this.#next = { 4: FIRST_PORT, 6: FIRST_PORT };
  }

  /** One client: resolves once its packet has left and its socket is closed (false: no port left). */
  async #one(): Promise<boolean> {
    const family = this.#family;
    this.#family = family === 4 ? 6 : 4;
    const address = family === 4 ? '127.0.0.1' : '::1';
    for (;;) {
      const port = this.#next[family]++;
      if (port > LAST_PORT) return false;
      const socket = dgram.createSocket(family === 4 ? 'udp4' : 'udp6');
      const bound = await new Promise<boolean>((resolve) => {
        socket.once('error', () => resolve(false));
        socket.bind({ port, address, exclusive: true }, () => resolve(true));
      });
      if (!bound) {
        socket.close();
        continue; // in use: try the next port
      }
      await new Promise<void>((resolve) => {
        socket.send(Uint8Array.of(1), this.serverPort, address, () => resolve());
      });
      socket.close();
      return true;
    }
  }

  async make(count: number): Promise<number> {
    let made = 0;
    while (made < count) {
      const batch = Math.min(PARALLEL, count - made);
      const results = await Promise.all(Array.from({ length: batch }, () => this.#one()));
      const ok = results.filter(Boolean).length;
      made += ok;
      if (ok < batch) break;
    }
    return made;
  }
}

async function phase(server: ChurnServer, maker: ClientMaker, clients: number) {
  const before = await server.ask({ cmd: 'begin' });
  maker.reset();
  let sent = 0;
  let reply = before;
  while (sent < clients) {
    sent += await maker.make(Math.min(WINDOW, clients - sent));
    // Wait until the server has taken them, or until nothing moves for 1 s (a dropped datagram).
    let last = -1;
    let since = performance.now();
    for (;;) {
      reply = await server.ask({ cmd: 'count' });
      if (reply.read >= sent) break;
      if (reply.read !== last) {
        last = reply.read;
        since = performance.now();
      } else if (performance.now() - since > 1000) break;
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  const arrived = reply;
  const closed = await server.ask({ cmd: 'close' });
  return {
    clients,
    arriveNs: arrived.workNs / Math.max(1, arrived.read),
    closeNs: closed.workNs / Math.max(1, arrived.read),
    heapDelta: closed.heap - before.heap,
    lost: sent - arrived.read,
  } satisfies ChurnResult;
}

/** Runs the churn at each client count (several times for small ones; the median is kept). */
export async function clientChurn(
  counts: number[] = SMOKE ? [100, 300] : [1000, 10_000, 100_000],
): Promise<ChurnResult[]> {
  const server = new ChurnServer();
  server.port = (await server.ask({ cmd: 'listen' })).port;
  const maker = new ClientMaker(server.port);
  await phase(server, maker, counts[0]!); // warm-up
  const results: ChurnResult[] = [];
  for (const clients of counts) {
    const runs: ChurnResult[] = [];
    // Odd, for a true median; once in a smoke run (it only checks that the benchmark runs).
    const repeats = SMOKE ? 1 : Math.max(1, Math.min(9, Math.round(20_000 / clients))) | 1;
    for (let i = 0; i < repeats; i++) runs.push(await phase(server, maker, clients));
    const median = (pick: (r: ChurnResult) => number) =>
      runs.map(pick).sort((a, b) => a - b)[runs.length >> 1]!;
    results.push({
      clients,
      arriveNs: median((r) => r.arriveNs),
      closeNs: median((r) => r.closeNs),
      heapDelta: median((r) => r.heapDelta),
      lost: runs.reduce((n, r) => n + r.lost, 0),
    });
  }
  await server.ask({ cmd: 'exit' });
  return results;
}

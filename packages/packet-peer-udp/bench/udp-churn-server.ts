/**
 * The server side of the client-churn benchmark (udp-churn.bench.ts), in a
 * process of its own so that its time and heap are the UDPServer's alone.
 * It polls a dual-stack UDPServer, takes every new client and reads its one
 * packet; the parent's messages tell it when a phase starts and to close the
 * clients it holds. It answers each with the time its work took and its heap.
 */

import type { PacketPeerUDP } from '@gdwire/packet-peer-udp';
import { UDPServer } from '@gdwire/packet-peer-udp';
import type { ChurnReply, ChurnRequest } from './udp-protocol.js';

const server = new UDPServer({
  inboxSize: 16 << 20,
  socketReceiveBufferSize: 8 << 20,
});
const live: PacketPeerUDP[] = [];
let taken = 0;
let read = 0;

/** Time spent in the server's work (poll, take, read), in nanoseconds, since the phase began. */
let workNs = 0;

function pump(): void {
  const t0 = performance.now();
  server.poll();
  while (server.isConnectionAvailable()) {
    const peer = server.takeConnection()!;
    taken++;
    if (peer.getPacket().length === 1) read++;
    live.push(peer);
  }
  workNs += (performance.now() - t0) * 1e6;
}

function settledHeap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

// Polled every millisecond, as a game server's tick would: the process does
// not spin, so the client process has the other core.
const ticker = setInterval(pump, 1);
process.on('message', async (request: ChurnRequest) => {
  const reply = (message: ChurnReply) => process.send!(message);
  switch (request.cmd) {
    case 'listen': {
      const port = request.port ?? 0;
      await server.listen(port);
      // Every client of a phase may be new at once.
      server.maxPendingConnections = 1 << 20;
      reply({ port: server.getLocalPort(), workNs: 0, heap: settledHeap(), taken, read });
      break;
    }
    case 'begin':
      taken = 0;
      read = 0;
      workNs = 0;
      reply({ port: 0, workNs: 0, heap: settledHeap(), taken, read });
      break;
    case 'count':
      reply({ port: 0, workNs, heap: 0, taken, read });
      break;
    case 'close': {
      // Half of the clients are closed one by one, the other half by stop().
      const t0 = performance.now();
      const half = live.length >> 1;
      for (let i = 0; i < half; i++) live[i]!.close();
      server.stop();
      const spent = (performance.now() - t0) * 1e6;
      const port = request.port!;
      live.length = 0;
      await server.listen(port);
      server.maxPendingConnections = 1 << 20;
      reply({ port, workNs: spent, heap: settledHeap(), taken, read });
      break;
    }
    case 'exit':
      clearInterval(ticker);
      server.stop();
      reply({ port: 0, workNs: 0, heap: settledHeap(), taken, read });
      process.disconnect();
      break;
  }
});
process.send!({ ready: true });

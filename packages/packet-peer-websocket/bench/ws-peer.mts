/**
 * The far side of the WebSocket benchmarks, in a process of its own (started
 * by ws.bench.ts with `fork`): a server that counts the messages it receives
 * (decoding each, for the Variant case) or echoes them. `raw-*` roles use
 * `ws` directly, `gdwire-*` roles WebSocketServer and WebSocketPeer, so both
 * ends of a measurement are of the same kind. It tells the parent its port,
 * and, as a sink, when it has received the number of messages it was given.
 */
import { WebSocketServer as GdwireServer } from '@gdwire/packet-peer-websocket/server';
import { bytesToVar } from '@gdwire/variant-codec';
import { WebSocketServer } from 'ws';
import { BUFFER, type SinkReport, type WsRole } from './ws-protocol.js';

const role = process.argv[2] as WsRole;
const expected = Number(process.argv[3]);
const send = (message: unknown) => process.send?.(message);
const decode = role.endsWith('var-sink');
let count = 0;
let first = 0;
function seen(): void {
  if (count++ === 0) first = performance.now();
  if (count === expected) {
    send({ received: count, seconds: (performance.now() - first) / 1000 } satisfies SinkReport);
  }
}

if (role.startsWith('raw')) {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    maxPayload: BUFFER,
  });
  server.on('listening', () => send({ port: (server.address() as { port: number }).port }));
  server.on('connection', (ws) => {
    ws.on('message', (data: Buffer, isBinary) => {
      if (role === 'raw-echo') return ws.send(data, { binary: isBinary });
      if (decode) bytesToVar(new Uint8Array(data.buffer, data.byteOffset, data.length));
      seen();
    });
  });
  process.on('message', () => server.close(() => process.exit(0)));
} else {
  const server = new GdwireServer({
    inboundBufferSize: BUFFER,
    outboundBufferSize: BUFFER,
    maxQueuedPackets: 1 << 16,
  });
  await server.listen(0, '127.0.0.1');
  send({ port: server.getLocalPort() });
  process.on('message', () => {
    server.stop();
    process.exit(0);
  });
  const peer = (await server.waitForConnection())!;
  for (;;) {
    if ((await peer.wait()) !== 0) break;
    while (peer.getAvailablePacketCount() > 0) {
      if (role === 'gdwire-echo') {
        peer.putPacket(peer.getPacket());
        continue;
      }
      if (decode) peer.getVar();
      else peer.getPacket();
      seen();
    }
  }
}

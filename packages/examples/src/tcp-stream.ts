/**
 * PacketPeerStream over TCP: the framing of Godot's PacketPeerStream on
 * StreamPeerTCP (a u32 length, then the Variant bytes), on node:net. A Godot
 * game that uses `PacketPeerStream.new()` with `stream_peer = StreamPeerTCP`
 * talks to this server unchanged.
 *
 *   pnpm --filter @gdwire/examples example tcp-stream
 */
import net from 'node:net';
import { PacketPeerStream } from '@gdwire/packet-peer';
import { type Dictionary, Vector2 } from '@gdwire/variant-codec';

const server = net.createServer((socket) => {
  const peer = PacketPeerStream.fromDuplex(socket);
  socket.on('data', () => {
    while (peer.getAvailablePacketCount() > 0) {
      const msg = peer.getVar() as Dictionary;
      const pos = msg.get('pos') as Vector2;
      peer.putVar({
        reply: `welcome, ${String(msg.get('name'))}`,
        moved: new Vector2(pos.x + 1, pos.y),
      });
    }
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address() as net.AddressInfo;

const socket = net.connect(port, '127.0.0.1');
await new Promise<void>((r) => socket.once('connect', () => r()));
const client = PacketPeerStream.fromDuplex(socket);
client.putVar({ name: 'ana', pos: new Vector2(1, 2) });
const answer = await new Promise<Dictionary>((resolve) => {
  socket.on('data', () => {
    if (client.getAvailablePacketCount() > 0) resolve(client.getVar() as Dictionary);
  });
});
console.log(
  `client got: ${String(answer.get('reply'))}, moved to ${JSON.stringify(answer.get('moved'))}`,
);
socket.end();
server.close();

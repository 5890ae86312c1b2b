/**
 * A relay: clients behind it talk to each other through one server that
 * forwards their packets without decoding them (Godot's Variant bytes pass
 * through untouched). Here two clients pair up and exchange a few messages.
 *
 *   pnpm --filter @gdwire/examples example relay
 */
import {
  PacketPeerUDP as Client,
  GodotError,
  type PacketPeerUDP,
  UDPServer,
} from '@gdwire/packet-peer-udp';
import { Vector2 } from '@gdwire/variant-codec';

const relay = new UDPServer({ autoPoll: true });
await relay.listen(0, '127.0.0.1');
const pair: PacketPeerUDP[] = [];
let forwarded = 0;
const pump = setInterval(() => {
  while (relay.isConnectionAvailable() && pair.length < 2) pair.push(relay.takeConnection()!);
  if (pair.length < 2) return;
  for (const [from, to] of [
    [pair[0]!, pair[1]!],
    [pair[1]!, pair[0]!],
  ] as const) {
    while (from.getAvailablePacketCount() > 0) {
      to.putPacket(from.getPacket()); // raw bytes, never decoded
      forwarded++;
    }
  }
}, 5);

async function player(name: string, pos: Vector2): Promise<string> {
  const peer = new Client();
  await peer.connectToHost('127.0.0.1', relay.getLocalPort());
  peer.putVar({ from: name, pos });
  // Keep announcing until the other side answers (the first packets only register us).
  for (let i = 0; i < 40; i++) {
    if ((await peer.wait(AbortSignal.timeout(50))) === GodotError.OK) {
      const got = peer.getVar() as { get(k: string): unknown };
      peer.close();
      return `${name} got ${String(got.get('from'))}'s position ${String(got.get('pos') && JSON.stringify(got.get('pos')))}`;
    }
    peer.putVar({ from: name, pos });
  }
  peer.close();
  return `${name} heard nobody`;
}

const lines = await Promise.all([
  player('ana', new Vector2(1, 2)),
  player('bo', new Vector2(-3, 4)),
]);
for (const line of lines.sort()) console.log(line);
console.log(`relay forwarded ${forwarded > 0 ? 'their' : 'no'} packets without decoding them`);
clearInterval(pump);
relay.stop();

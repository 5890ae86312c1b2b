/**
 * Chat over UDPServer: a server relays every line to every other client, the
 * way a Godot game's lobby chat would. Three clients on loopback say hello and
 * read what the others said. Ends by itself.
 *
 *   pnpm --filter @gdwire/examples example chat
 */
import {
  PacketPeerUDP as Client,
  GodotError,
  type PacketPeerUDP,
  UDPServer,
} from '@gdwire/packet-peer-udp';
import { type Dictionary, varToStr } from '@gdwire/variant-codec';

const server = new UDPServer({ autoPoll: true });
await server.listen(0, '127.0.0.1');
const members: { peer: PacketPeerUDP; name: string }[] = [];

// The server: take new members, relay each line to everyone else.
const relay = setInterval(() => {
  while (server.isConnectionAvailable()) {
    const peer = server.takeConnection()!;
    const hello = peer.getVar() as Dictionary;
    members.push({ peer, name: String(hello.get('name')) });
  }
  for (const from of members) {
    while (from.peer.getAvailablePacketCount() > 0) {
      const line = from.peer.getVar() as Dictionary;
      for (const to of members)
        if (to !== from) to.peer.putVar({ from: from.name, text: line.get('text') });
    }
  }
}, 10);

async function client(name: string, say: string): Promise<string[]> {
  const peer = new Client();
  await peer.connectToHost('127.0.0.1', server.getLocalPort());
  peer.putVar({ name });
  await new Promise((r) => setTimeout(r, 100)); // everyone joins
  peer.putVar({ text: say });
  const heard: string[] = [];
  while (heard.length < 2 && (await peer.wait(AbortSignal.timeout(2000))) === GodotError.OK) {
    const msg = peer.getVar() as Dictionary;
    heard.push(`${name} hears ${msg.get('from')}: ${varToStr(msg.get('text') ?? null)}`);
  }
  peer.close();
  return heard;
}

const transcripts = await Promise.all([
  client('ana', 'hi all!'),
  client('bo', 'hello 👋'),
  client('chen', 'gg'),
]);
for (const line of transcripts.flat().sort()) console.log(line);
clearInterval(relay);
server.stop();

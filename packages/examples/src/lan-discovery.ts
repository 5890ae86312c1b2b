/**
 * LAN discovery: a game server announces itself by broadcast, and a client
 * on the same network finds it — no address typed in.
 *
 *   pnpm --filter @gdwire/examples example lan-discovery [--broadcast 192.168.1.255] [--seconds 3]
 *
 * Notes for real networks:
 * - Sending to a broadcast address needs setBroadcastEnabled(true), as in
 *   Godot; without it the send fails (FAILED).
 * - 255.255.255.255 goes out of the interface of the default route only. To
 *   announce on a particular network, send to its subnet broadcast address
 *   (e.g. 192.168.1.255 for 192.168.1.0/24); os.networkInterfaces() lists them.
 * - The client binds the discovery port on "0.0.0.0" (or "*") so that
 *   broadcasts to any of its networks reach it.
 * This example really broadcasts on your network; its test runs it inside a
 * private network namespace.
 */
import { parseArgs } from 'node:util';
import { GodotError, PacketPeerUDP } from '@gdwire/packet-peer-udp';
import type { Dictionary } from '@gdwire/variant-codec';

const { values } = parseArgs({
  options: {
    broadcast: { type: 'string', default: '255.255.255.255' },
    port: { type: 'string', default: '4243' },
    seconds: { type: 'string', default: '3' },
  },
});
const discoveryPort = Number(values.port);
const deadline = AbortSignal.timeout(Number(values.seconds) * 1000);

// The client listens for announcements first.
const client = new PacketPeerUDP();
if ((await client.bind(discoveryPort, '0.0.0.0')) !== GodotError.OK)
  throw new Error(`port ${discoveryPort} is taken`);

// The server announces its name and game port every 200 ms.
const server = new PacketPeerUDP();
server.setBroadcastEnabled(true);
await server.setDestAddress(values.broadcast, discoveryPort);
const announce = () => server.putVar({ game: 'gdwire demo', players: 3, port: 4242 });
announce();
const timer = setInterval(announce, 200);

if ((await client.wait(deadline)) === GodotError.OK) {
  const info = client.getVar() as Dictionary;
  console.log(
    `found "${String(info.get('game'))}" (${String(info.get('players'))} players) at ${client.getPacketIp()}, game port ${String(info.get('port'))}`,
  );
} else {
  console.log('no server found (is broadcast allowed on this network?)');
  process.exitCode = 1;
}
if (server.sendErrors > 0)
  console.log(
    `the OS refused ${server.sendErrors} announcements: ${server.lastSendError?.message}`,
  );
clearInterval(timer);
server.close();
client.close();

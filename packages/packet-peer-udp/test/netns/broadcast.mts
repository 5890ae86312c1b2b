/**
 * Runs inside a network namespace made by broadcast-netns.test.ts (its only
 * link is a veth pair whose both ends are in the namespace, 10.99.0.1/24),
 * so broadcasts cannot leave it. Prints one JSON line of results.
 */
import { GodotError, PacketPeerUDP } from '@gdwire/packet-peer-udp';

const results: Record<string, unknown> = {};
const listener = new PacketPeerUDP();
results.bind = await listener.bind(0, '0.0.0.0');
const port = listener.getLocalPort();

async function receive(): Promise<string | null> {
  if ((await listener.wait(AbortSignal.timeout(2000))) !== GodotError.OK) return null;
  const text = new TextDecoder().decode(listener.getPacket());
  return `${text} from ${listener.getPacketIp()}`;
}

// 255.255.255.255 without set_broadcast_enabled(true): FAILED, as in Godot.
const sender = new PacketPeerUDP();
results.senderBind = await sender.bind(0, '10.99.0.1');
await sender.setDestAddress('255.255.255.255', port);
results.limitedWithoutFlag = sender.putPacket(new TextEncoder().encode('no'));

sender.setBroadcastEnabled(true);
results.limitedWithFlag = sender.putPacket(new TextEncoder().encode('limited'));
results.limitedReceived = await receive();

await sender.setDestAddress('10.99.0.255', port);
results.subnetWithFlag = sender.putPacket(new TextEncoder().encode('subnet'));
results.subnetReceived = await receive();

// A subnet broadcast without the flag: the OS refuses after the send was queued.
const plain = new PacketPeerUDP();
await plain.bind(0, '10.99.0.1');
await plain.setDestAddress('10.99.0.255', port);
results.subnetWithoutFlag = plain.putPacket(new TextEncoder().encode('refused'));
await new Promise((r) => setTimeout(r, 100));
results.subnetWithoutFlagSendErrors = plain.sendErrors;
results.subnetWithoutFlagError = plain.lastSendError?.codeName ?? null;

// Never bound: the flag set before the first send applies to the socket that send opens.
const implicit = new PacketPeerUDP();
implicit.setBroadcastEnabled(true);
await implicit.setDestAddress('255.255.255.255', port);
results.implicitOpen = implicit.putPacket(new TextEncoder().encode('implicit'));
results.implicitReceived = await receive();
results.implicitSendErrors = implicit.sendErrors;

for (const p of [listener, sender, plain, implicit]) p.close();
process.stdout.write(`${JSON.stringify(results)}\n`);

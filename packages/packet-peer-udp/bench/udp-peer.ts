/**
 * The far side of the UDP benchmarks, in a process of its own (started by
 * udp.bench.ts with `fork`): a receiver that counts what arrives and
 * acknowledges it, or an echo for ping-pong. `raw-*` roles use node:dgram,
 * `gdwire-*` roles PacketPeerUDP, so each side of a measurement is the same
 * kind. It tells the parent its port over IPC and, as a receiver, reports
 * what it received and over how long when the parent says stop.
 */
import dgram from 'node:dgram';
import { GodotError, PacketPeerUDP } from '@gdwire/packet-peer-udp';
import { bytesToVar } from '@gdwire/variant-codec';
import { ACK_EVERY, OS_BUFFER, type PeerReport, type PeerRole } from './udp-protocol.js';

const role = process.argv[2] as PeerRole;
const send = (message: unknown) => process.send?.(message);

/** Counts packets, and notes when the first and the last arrived. */
class Tally {
  count = 0;
  first = 0;
  last = 0;
  seen(): number {
    const now = performance.now();
    if (this.count === 0) this.first = now;
    this.last = now;
    return ++this.count;
  }
  report(): PeerReport {
    return { received: this.count, seconds: (this.last - this.first) / 1000 };
  }
}

/** A little-endian count, the body of every acknowledgement. */
function ack(count: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, count, true);
  return bytes;
}

async function raw(): Promise<void> {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: OS_BUFFER });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const tally = new Tally();
  const decode = role === 'raw-var-sink';
  socket.on('message', (message, from) => {
    if (role === 'raw-echo') {
      socket.send(message, from.port, from.address);
      return;
    }
    if (decode) bytesToVar(message);
    const n = tally.seen();
    if (n % ACK_EVERY === 0) socket.send(ack(n), from.port, from.address);
  });
  process.on('message', () => {
    send(tally.report());
    socket.close();
    process.disconnect();
  });
  send({ port: socket.address().port });
}

async function gdwire(): Promise<void> {
  const peer = new PacketPeerUDP({ socketReceiveBufferSize: OS_BUFFER });
  await peer.bind(0, '127.0.0.1', 1 << 22);
  const tally = new Tally();
  const decode = role === 'gdwire-var-sink';
  let open = true;
  process.on('message', () => {
    open = false;
    send(tally.report());
    peer.close(); // ends the wait below
    process.disconnect();
  });
  send({ port: peer.getLocalPort() });
  // Replies go to the sender of the last packet; the destination is set when it changes.
  let replyPort = 0;
  const replyTo = async () => {
    if (peer.getPacketPort() === replyPort) return;
    replyPort = peer.getPacketPort();
    await peer.setDestAddress(peer.getPacketIp(), replyPort);
  };
  while (open && (await peer.wait()) === GodotError.OK) {
    while (peer.getAvailablePacketCount() > 0) {
      if (role === 'gdwire-echo') {
        const packet = peer.getPacket();
        await replyTo();
        peer.putPacket(packet);
        continue;
      }
      if (decode) peer.getVar();
      else peer.getPacket();
      const n = tally.seen();
      if (n % ACK_EVERY === 0) {
        await replyTo();
        peer.putPacket(ack(n));
      }
    }
  }
}

void (role.startsWith('raw') ? raw() : gdwire());

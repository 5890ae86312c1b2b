/**
 * Two ways to wait for packets. Godot's PacketPeerUDP.wait() blocks until a
 * packet comes and cannot be interrupted, so Godot code sends itself a
 * "death pill" to stop a waiting thread; gdwire's wait() takes an
 * AbortSignal, and resolves ERR_UNCONFIGURED when the peer is closed.
 *
 *   pnpm --filter @gdwire/examples example wait
 */
import { errorName, PacketPeerUDP } from '@gdwire/packet-peer-udp';

// 1. The death pill: a worker loop that stops when it receives "__quit__".
const worker = new PacketPeerUDP();
await worker.bind(0, '127.0.0.1');
const loop = (async () => {
  for (;;) {
    await worker.wait();
    const msg = worker.getVar();
    if (msg === '__quit__') return 'worker: got the death pill, stopping';
    console.log(`worker: got ${JSON.stringify(msg)}`);
  }
})();
const sender = new PacketPeerUDP();
await sender.setDestAddress('127.0.0.1', worker.getLocalPort());
sender.putVar('job 1');
sender.putVar('__quit__');
console.log(await loop);

// 2. The abortable wait: give up after 100 ms, or when someone closes the peer.
const idle = new PacketPeerUDP();
await idle.bind(0, '127.0.0.1');
console.log(
  `wait(AbortSignal.timeout(100)) → ${errorName(await idle.wait(AbortSignal.timeout(100)))}`,
);
setTimeout(() => idle.close(), 50);
console.log(`wait() while the peer is closed → ${errorName(await idle.wait())}`);

worker.close();
sender.close();

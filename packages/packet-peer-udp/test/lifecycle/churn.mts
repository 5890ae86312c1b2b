/**
 * Run as a child process by faults.test.ts: close/bind/close sequences,
 * double close, a closed peer used, OS errors provoked, a server started and
 * stopped, waits ended by close — then nothing is left open, so the process
 * must exit by itself. Prints one JSON line of the codes seen.
 */
import { GodotError, PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';

const codes: Record<string, unknown> = {};
const p = new PacketPeerUDP();
codes.bind1 = await p.bind(0, '127.0.0.1');
p.close();
p.close();
codes.bind2 = await p.bind(0, '127.0.0.1');
const port = p.getLocalPort();
const waiting = p.wait();
p.close();
codes.waitClosed = await waiting;
codes.closedCount = p.getAvailablePacketCount();
codes.closedPut = p.putVar(1);
codes.closedGet = p.getVar();
codes.closedGetError = p.getPacketError();
codes.closedWait = await p.wait();
codes.leaveClosed = p.leaveMulticastGroup('239.1.1.1', 'lo');

const taken = new PacketPeerUDP();
codes.takenBind = await taken.bind(0, '127.0.0.1');
const rival = new PacketPeerUDP();
codes.rivalBind = await rival.bind(taken.getLocalPort(), '127.0.0.1');
codes.rivalBound = rival.isBound();

// ICMP refusals from a port nobody listens on, several times.
const refused = new PacketPeerUDP();
codes.connect = await refused.connectToHost('127.0.0.1', port);
for (let i = 0; i < 5; i++) {
  refused.putPacket(Uint8Array.of(i));
  await new Promise((r) => setTimeout(r, 5));
  refused.getAvailablePacketCount();
}

const server = new UDPServer({ autoPoll: true });
codes.listen = await server.listen(0, '127.0.0.1');
codes.listenAgain = await server.listen(0, '127.0.0.1');
const client = new PacketPeerUDP();
await client.connectToHost('127.0.0.1', server.getLocalPort());
client.putVar('x');
for (let i = 0; i < 200 && !server.isConnectionAvailable(); i++)
  await new Promise((r) => setTimeout(r, 5));
const remote = server.takeConnection();
codes.remote = remote !== null;
const remoteWait = remote?.getVar() === 'x' ? remote.wait() : Promise.resolve(-1);
server.stop();
server.stop();
codes.remoteWaitAfterStop = await remoteWait;
codes.remoteCount = remote?.getAvailablePacketCount();
remote?.close();

for (const peer of [taken, rival, refused, client]) peer.close();
codes.ok = GodotError.OK;
process.stdout.write(`${JSON.stringify(codes)}\n`);

/**
 * The examples of Godot's class reference for PacketPeerUDP and UDPServer,
 * translated line by line: once with `await` where gdwire returns a Promise,
 * once without (as GDScript has none). `_process` becomes a frame timer, for
 * a bounded number of frames; 1.1.1.1 becomes 127.0.0.1, since tests stay on
 * this machine; ports are the OS's choice.
 */
import { PacketPeerUDP, type PacketPeerUDP as Peer, UDPServer } from '@gdwire/packet-peer-udp';
import { describe, expect, it } from 'vitest';
import { PATIENCE_MS, peer, track } from './helpers.js';

const FRAME_MS = 16;
const MAX_FRAMES = PATIENCE_MS / FRAME_MS;

/** Calls `process` once a frame until it returns true, for at most MAX_FRAMES frames. */
async function frames(process: () => boolean): Promise<boolean> {
  for (let i = 0; i < MAX_FRAMES; i++) {
    if (process()) return true;
    await new Promise((r) => setTimeout(r, FRAME_MS));
  }
  return false;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const fromUtf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe.each([
  ['with await', true],
  ['without await', false],
])("PacketPeerUDP's examples, %s", (_how, awaited) => {
  it('"Send a packet" reaches "Listen for packets"', async () => {
    // Listen for packets: in _ready
    const listener = peer();
    const bound = listener.bind(0, '127.0.0.1');
    if (awaited) await bound;
    // (the port the OS chose stands in for 4433)
    const port = awaited
      ? listener.getLocalPort()
      : await bound.then(() => listener.getLocalPort());

    // Send a packet
    const sender = peer();
    // Optionally, you can select the local port used to send the packet.
    const senderBound = sender.bind(0);
    if (awaited) await senderBound;
    const dest = sender.setDestAddress('127.0.0.1', port);
    if (awaited) await dest;
    sender.putPacket(utf8('hello'));

    // Listen for packets: in _process
    const received: string[] = [];
    const got = await frames(() => {
      if (listener.getAvailablePacketCount() > 0) {
        const arrayBytes = listener.getPacket();
        const packetString = fromUtf8(arrayBytes);
        received.push(`Received message: ${packetString}`);
        return true;
      }
      return false;
    });
    expect(got).toBe(true);
    expect(received).toEqual(['Received message: hello']);
    expect(sender.sendErrors).toBe(0);
  });

  it("wait()'s death pill stops a client", async () => {
    const client = peer();
    await client.bind(0, '127.0.0.1');
    // Server
    const socket = peer();
    const dest = socket.setDestAddress('127.0.0.1', client.getLocalPort());
    if (awaited) await dest;
    socket.putPacket(utf8('Time to stop'));
    // Client
    const seen: string[] = [];
    while ((await client.wait(AbortSignal.timeout(PATIENCE_MS))) === 0) {
      const data = fromUtf8(client.getPacket());
      seen.push(data);
      if (data === 'Time to stop') break;
    }
    expect(seen).toEqual(['Time to stop']);
  });
});

describe.each([
  ['with await', true],
  ['without await', false],
])("UDPServer's server and client example, %s", (_how, awaited) => {
  it('the client connects, the server accepts it and echoes, the client prints it', async () => {
    // server.gd
    const server = track(new UDPServer());
    const peers: Peer[] = [];
    const log: string[] = [];
    const listening = server.listen(0, '127.0.0.1'); // the OS's port stands in for 4242
    if (awaited) await listening;
    const port = awaited
      ? server.getLocalPort()
      : await listening.then(() => server.getLocalPort());
    const serverProcess = () => {
      server.poll(); // Important!
      if (server.isConnectionAvailable()) {
        const peer = server.takeConnection()!;
        const packet = peer.getPacket();
        log.push(`Accepted peer: ${peer.getPacketIp()}:${peer.getPacketPort()}`);
        log.push(`Received data: ${fromUtf8(packet)}`);
        // Reply so it knows we received the message.
        peer.putPacket(packet);
        // Keep a reference so we can keep contacting the remote peer.
        peers.push(peer);
      }
    };

    // client.gd
    const udp = track(new PacketPeerUDP());
    let connected = false;
    const connecting = udp.connectToHost('127.0.0.1', port);
    if (awaited) await connecting;
    const clientProcess = () => {
      if (!connected) {
        // Try to contact server
        udp.putPacket(utf8('The answer is... 42!'));
      }
      if (udp.getAvailablePacketCount() > 0) {
        log.push(`Connected: ${fromUtf8(udp.getPacket())}`);
        connected = true;
      }
    };

    const done = await frames(() => {
      serverProcess();
      clientProcess();
      return connected;
    });
    expect(done).toBe(true);
    expect(log[0]).toBe(`Accepted peer: 127.0.0.1:${udp.getLocalPort()}`);
    expect(log[1]).toBe('Received data: The answer is... 42!');
    expect(log).toContain('Connected: The answer is... 42!');
    expect(peers).toHaveLength(1);
    expect(udp.sendErrors).toBe(0);
    await connecting;
  });
});

describe('a synchronous poll loop', () => {
  it('never receives: Node delivers datagrams between turns of the event loop', async () => {
    const server = track(new UDPServer());
    await server.listen(0, '127.0.0.1');
    const client = peer();
    await client.connectToHost('127.0.0.1', server.getLocalPort());
    client.putVar('hello');
    let polls = 0;
    while (!server.isConnectionAvailable() && polls < 100_000) {
      server.poll();
      polls++;
    }
    expect(server.isConnectionAvailable()).toBe(false);
    // One turn of the event loop later (awaiting anything), the datagram is there.
    const arrived = await frames(() => {
      server.poll();
      return server.isConnectionAvailable();
    });
    expect(arrived).toBe(true);
  });
});

/**
 * GDScript translated line by line, without `await` where Godot has none:
 * no call returns OK and leaves the peer broken, and nothing sent is lost
 * without being counted.
 */
import { GodotError, PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';
import { describe, expect, it } from 'vitest';
import { boundPeer, patience, peer, rawSocket, track, until } from './helpers.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (packet: Uint8Array) => new TextDecoder().decode(packet);

/** A resolver the test answers by hand: names resolve when (and how) the test says. */
function manualResolver() {
  const pending: { host: string; answer: (address: string | Error) => void }[] = [];
  return {
    pending,
    resolveHost: (host: string) =>
      new Promise<string>((resolve, reject) => {
        pending.push({
          host,
          answer: (a) => (typeof a === 'string' ? resolve(a) : reject(a)),
        });
      }),
  };
}

describe('connectToHost without await', () => {
  it('takes effect at once: connected, and the packets sent next arrive in order', async () => {
    const target = await boundPeer();
    const p = peer();
    const connecting = p.connectToHost('127.0.0.1', target.getLocalPort());
    expect(p.isSocketConnected()).toBe(true);
    expect(p.isBound()).toBe(true);
    for (let i = 0; i < 5; i++) expect(p.putVar(i)).toBe(GodotError.OK);
    expect(await connecting).toBe(GodotError.OK);
    p.putVar(5);
    expect(await until(() => target.getAvailablePacketCount() === 6)).toBe(true);
    expect(Array.from({ length: 6 }, () => target.getVar())).toEqual([0, 1, 2, 3, 4, 5]);
    expect(p.sendErrors).toBe(0);
  });

  it('hears only its peer while the OS connect is still under way', async () => {
    const friend = await rawSocket();
    const stranger = await rawSocket();
    const p = await boundPeer();
    const connecting = p.connectToHost('127.0.0.1', friend.address().port);
    stranger.send(Uint8Array.of(9), p.getLocalPort(), '127.0.0.1');
    friend.send(Uint8Array.of(1), p.getLocalPort(), '127.0.0.1');
    expect(await connecting).toBe(GodotError.OK);
    expect(await p.wait(patience())).toBe(GodotError.OK);
    expect(p.getPacket()).toEqual(Uint8Array.of(1));
  });

  it('a second connect right after the first wins, and the socket ends up connected to it', async () => {
    const first = await boundPeer();
    const second = await boundPeer();
    const p = peer();
    const a = p.connectToHost('127.0.0.1', first.getLocalPort());
    const b = p.connectToHost('127.0.0.1', second.getLocalPort());
    expect(await Promise.all([a, b])).toEqual([GodotError.OK, GodotError.OK]);
    expect(p.putVar('hi')).toBe(GodotError.OK);
    expect(await second.wait(patience())).toBe(GodotError.OK);
    expect(second.getVar()).toBe('hi');
    expect(first.getAvailablePacketCount()).toBe(0);
  });
});

describe('setDestAddress without await', () => {
  it('an IP literal takes effect at once', async () => {
    const target = await boundPeer();
    const p = peer();
    p.setDestAddress('127.0.0.1', target.getLocalPort());
    expect(p.putVar('now')).toBe(GodotError.OK);
    expect(await target.wait(patience())).toBe(GodotError.OK);
    expect(target.getVar()).toBe('now');
  });

  it('a host name holds what is sent until it resolves, then sends it in order', async () => {
    const target = await boundPeer();
    const resolver = manualResolver();
    const p = peer({ resolveHost: resolver.resolveHost });
    const resolving = p.setDestAddress('game.example', target.getLocalPort());
    for (const word of ['a', 'b', 'c']) expect(p.putPacket(bytes(word))).toBe(GodotError.OK);
    expect(resolver.pending.map((r) => r.host)).toEqual(['game.example']);
    resolver.pending[0]!.answer('127.0.0.1');
    expect(await resolving).toBe(GodotError.OK);
    p.putPacket(bytes('d'));
    expect(await until(() => target.getAvailablePacketCount() === 4)).toBe(true);
    expect(Array.from({ length: 4 }, () => text(target.getPacket()))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a name that does not resolve: ERR_CANT_RESOLVE, and the held sends are counted as failed', async () => {
    const resolver = manualResolver();
    const p = peer({ resolveHost: resolver.resolveHost });
    const resolving = p.setDestAddress('nowhere.example', 4242);
    expect(p.putPacket(bytes('x'))).toBe(GodotError.OK);
    expect(p.putPacket(bytes('y'))).toBe(GodotError.OK);
    resolver.pending[0]!.answer(new Error('ENOTFOUND'));
    expect(await resolving).toBe(GodotError.ERR_CANT_RESOLVE);
    expect(p.sendErrors).toBe(2);
    expect(p.lastSendError?.message).toMatch(
      /2 datagrams not sent: nowhere\.example could not be resolved/,
    );
    // The destination is unchanged (none was set), as after Godot's failed call.
    expect(p.putPacket(bytes('z'))).toBe(GodotError.ERR_UNCONFIGURED);
  });

  it('holds at most 256 datagrams, then says ERR_BUSY', async () => {
    const resolver = manualResolver();
    const p = peer({ resolveHost: resolver.resolveHost });
    const resolving = p.setDestAddress('slow.example', 4242);
    for (let i = 0; i < 256; i++) expect(p.putPacket(Uint8Array.of(i))).toBe(GodotError.OK);
    expect(p.putPacket(Uint8Array.of(0))).toBe(GodotError.ERR_BUSY);
    p.close();
    expect(p.sendErrors).toBe(256);
    resolver.pending[0]!.answer(new Error('gone'));
    expect(await resolving).toBe(GodotError.ERR_CANT_RESOLVE);
    expect(p.sendErrors).toBe(256);
  });

  it('the latest call sets the destination, whichever answer comes last', async () => {
    const target = await boundPeer();
    const resolver = manualResolver();
    const p = peer({ resolveHost: resolver.resolveHost });
    const slow = p.setDestAddress('old.example', 9);
    await p.setDestAddress('127.0.0.1', target.getLocalPort());
    resolver.pending[0]!.answer('127.0.0.1');
    expect(await slow).toBe(GodotError.OK);
    p.putVar('to the literal');
    expect(await target.wait(patience())).toBe(GodotError.OK);
    expect(target.getVar()).toBe('to the literal');
  });
});

describe('bind without await', () => {
  it('sends made while binding leave from the bound port', async () => {
    const target = await boundPeer();
    const p = peer();
    const binding = p.bind(0, '127.0.0.1');
    p.setDestAddress('127.0.0.1', target.getLocalPort());
    expect(p.putVar('early')).toBe(GodotError.OK);
    expect(await binding).toBe(GodotError.OK);
    expect(await target.wait(patience())).toBe(GodotError.OK);
    expect(target.getVar()).toBe('early');
    expect(target.getPacketPort()).toBe(p.getLocalPort());
  });

  it('sends made before a bind that fails are counted in sendErrors, never silently lost', async () => {
    const taken = await boundPeer();
    const p = peer();
    const binding = p.bind(taken.getLocalPort(), '127.0.0.1');
    p.setDestAddress('127.0.0.1', taken.getLocalPort());
    expect(p.putPacket(Uint8Array.of(1))).toBe(GodotError.OK);
    expect(p.putPacket(Uint8Array.of(2))).toBe(GodotError.OK);
    expect(await binding).toBe(GodotError.ERR_UNAVAILABLE);
    expect(p.sendErrors).toBe(2);
    expect(p.lastSendError?.message).toMatch(/its socket could not be bound/);
    expect(p.isBound()).toBe(false);
  });

  it('what putPacket accepted still leaves when close() follows at once, as in Godot', async () => {
    const target = await boundPeer();
    const p = new PacketPeerUDP();
    p.setDestAddress('127.0.0.1', target.getLocalPort());
    expect(p.putPacket(Uint8Array.of(1))).toBe(GodotError.OK); // opens a socket, not yet bound
    p.close();
    expect(p.isBound()).toBe(false);
    expect(await target.wait(patience())).toBe(GodotError.OK);
    expect(target.getPacket()).toEqual(Uint8Array.of(1));
    // Bound this time: Node still looks the address up before it sends.
    await p.bind(0, '127.0.0.1');
    expect(p.putPacket(Uint8Array.of(2))).toBe(GodotError.OK);
    p.close();
    expect(await target.wait(patience())).toBe(GodotError.OK);
    expect(target.getPacket()).toEqual(Uint8Array.of(2));
    expect(p.sendErrors).toBe(0);
  });

  it('getLocalPort() is 0 until the OS has bound an implicitly opened socket, then the port', async () => {
    const p = peer();
    await p.setDestAddress('127.0.0.1', 9);
    p.putPacket(Uint8Array.of(1));
    expect(p.isBound()).toBe(true);
    expect(p.getLocalPort()).toBe(0);
    expect(await until(() => p.getLocalPort() > 0)).toBe(true);
  });
});

describe('joinMulticastGroup needs a bound socket', () => {
  it('ERR_UNCONFIGURED on a peer that was never bound, which stays usable', async () => {
    const p = peer();
    expect(p.joinMulticastGroup('239.255.7.7', 'lo')).toBe(GodotError.ERR_UNCONFIGURED);
    expect(p.isBound()).toBe(false);
    expect(await p.bind(0, '0.0.0.0')).toBe(GodotError.OK);
    expect(p.joinMulticastGroup('239.255.7.7', 'lo')).toBe(GodotError.OK);
  });

  it('ERR_BUSY while a bind is still under way; after it, the join works and the group is heard', async () => {
    const p = peer();
    const binding = p.bind(0, '0.0.0.0');
    expect(p.joinMulticastGroup('239.255.7.8', 'lo')).toBe(GodotError.ERR_BUSY);
    expect(await binding).toBe(GodotError.OK);
    expect(p.joinMulticastGroup('239.255.7.8', 'lo')).toBe(GodotError.OK);
    const sender = await rawSocket();
    sender.setMulticastInterface('127.0.0.1'); // keep the traffic on this machine
    sender.send(Uint8Array.of(7), p.getLocalPort(), '239.255.7.8');
    expect(await p.wait(patience())).toBe(GodotError.OK);
    expect(p.getPacket()).toEqual(Uint8Array.of(7));
    expect(p.leaveMulticastGroup('239.255.7.8', 'lo')).toBe(GodotError.OK);
  });
});

describe('UDPServer.listen without await', () => {
  it('isListening() is false until listen() has succeeded', async () => {
    const server = track(new UDPServer());
    const listening = server.listen(0, '127.0.0.1');
    expect(server.isListening()).toBe(false);
    expect(server.poll()).toBe(GodotError.ERR_UNCONFIGURED);
    expect(await listening).toBe(GodotError.OK);
    expect(server.isListening()).toBe(true);
  });

  it('isListening() stays false through a listen() that fails', async () => {
    const first = track(new UDPServer());
    expect(await first.listen(0, '127.0.0.1')).toBe(GodotError.OK);
    // SO_REUSEADDR lets two UDP servers share a port; a non-local address cannot be bound.
    const second = track(new UDPServer());
    const listening = second.listen(0, '192.0.2.1');
    expect(second.isListening()).toBe(false);
    expect(await listening).toBe(GodotError.ERR_UNAVAILABLE);
    expect(second.isListening()).toBe(false);
    expect(second.getLocalPort()).toBe(0);
  });
});

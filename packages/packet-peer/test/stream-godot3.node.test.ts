/**
 * PacketPeerStream over TCP against a live Godot 3.2.3 (`godot3-server`):
 * Godot's StreamPeerTCP + PacketPeerStream as a client of our `node:net`
 * server and as a server for our client. Every Godot 3 value goes both
 * ways; frames reach Godot split across reads (our writes cut them anywhere)
 * and several to a read; Godot's burst reaches us the same way.
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { PacketPeerStream } from '@gdwire/packet-peer';
import { bytesToVar, varToBytes } from '@gdwire/variant-codec';
import { afterEach, describe, expect, it } from 'vitest';
import { type Godot3Process, startGodot3 } from '../../../scripts/godot/godot3.js';
import {
  GODOT3_HELPERS,
  GODOT3_VALUE_CASES,
} from '../../variant-codec/test/fixtures/godot3-value-cases.js';
import godot3Values from '../../variant-codec/test/fixtures/godot3-values.json';
import type { ValueFixture } from '../../variant-codec/test/fixtures/value-cases.js';

const PATIENCE_MS = 30_000;
const dialect = 'godot3' as const;
const CASES = GODOT3_VALUE_CASES.filter((c) => !c.objects && !c.extra);
const fixtures = new Map((godot3Values as ValueFixture[]).map((f) => [f.name, f]));
const normalized = (bytes: Uint8Array) =>
  Buffer.from(varToBytes(bytesToVar(bytes, { lossless: true, dialect }), { dialect })).toString(
    'hex',
  );
const VALUES_GD = `extends Reference\n${GODOT3_HELPERS}\nfunc values():\n\treturn [\n${CASES.map((c) => `\t\t${c.gd},`).join('\n')}\n\t]\n`;

const running: Godot3Process[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(running.splice(0).map((g) => g.stop()));
});

function godot(source: string, env: Record<string, string>) {
  const g = startGodot3(source, { env, files: { 'values.gd': VALUES_GD } });
  running.push(g);
  return g;
}

/** Reads `count` packets from `peer`, waiting for data on `socket` (bounded). */
async function packets(
  peer: PacketPeerStream,
  socket: Socket,
  count: number,
): Promise<Uint8Array[]> {
  const got: Uint8Array[] = [];
  const deadline = Date.now() + PATIENCE_MS;
  while (got.length < count && Date.now() < deadline) {
    while (peer.getAvailablePacketCount() > 0 && got.length < count) got.push(peer.getPacket());
    if (got.length < count)
      await Promise.race([once(socket, 'data'), new Promise((r) => setTimeout(r, 100))]);
  }
  return got;
}

/** Writes `bytes` in pieces of 1, 2, 3, … bytes, a turn of the event loop apart: frames are cut anywhere. */
async function writeInPieces(socket: Socket, bytes: Uint8Array): Promise<void> {
  for (let at = 0, size = 1; at < bytes.length; at += size, size = (size % 97) + 1) {
    socket.write(bytes.subarray(at, at + size));
    await new Promise((r) => setImmediate(r));
  }
}

const CLIENT_GD = `extends SceneTree
# Godot 3.2 StreamPeerTCP + PacketPeerStream client of GD3_PORT: sends every value in one burst,
# then put_var()s back every value it gets, until it has echoed them all.
func _init():
	var deadline = OS.get_ticks_msec() + 30000
	var values = load("res://values.gd").new().values()
	var tcp = StreamPeerTCP.new()
	tcp.connect_to_host("127.0.0.1", int(OS.get_environment("GD3_PORT")))
	while tcp.get_status() == StreamPeerTCP.STATUS_CONNECTING and OS.get_ticks_msec() < deadline:
		OS.delay_usec(500)
	var pps = PacketPeerStream.new()
	pps.stream_peer = tcp
	for v in values:
		pps.put_var(v)
	var echoed = 0
	while echoed < values.size() and OS.get_ticks_msec() < deadline:
		while pps.get_available_packet_count() > 0:
			pps.put_var(pps.get_var())
			echoed += 1
		OS.delay_usec(500)
	print("ECHOED ", echoed)
	while tcp.get_status() == StreamPeerTCP.STATUS_CONNECTED and OS.get_ticks_msec() < deadline:
		OS.delay_usec(500)
	print("DONE")
	quit()
`;

const SERVER_GD = `extends SceneTree
# Godot 3.2 TCP_Server on GD3_PORT with a PacketPeerStream: put_var()s back every value it gets
# until the client disconnects. Prints READY, or LISTEN_FAILED.
func _init():
	var deadline = OS.get_ticks_msec() + 30000
	var server = TCP_Server.new()
	if server.listen(int(OS.get_environment("GD3_PORT")), "127.0.0.1") != OK:
		print("LISTEN_FAILED")
		quit()
		return
	print("READY")
	while not server.is_connection_available() and OS.get_ticks_msec() < deadline:
		OS.delay_usec(500)
	var tcp = server.take_connection()
	var pps = PacketPeerStream.new()
	pps.stream_peer = tcp
	var echoed = 0
	while tcp.get_status() == StreamPeerTCP.STATUS_CONNECTED and OS.get_ticks_msec() < deadline:
		while pps.get_available_packet_count() > 0:
			pps.put_var(pps.get_var())
			echoed += 1
		OS.delay_usec(500)
	print("ECHOED ", echoed)
	quit()
`;

describe('PacketPeerStream over TCP with a live Godot 3.2.3', () => {
  it(`Godot as the client: its burst of ${CASES.length} values arrives whole; our frames, cut anywhere, come back as the same values`, async () => {
    const server = createServer();
    closers.push(() => server.close());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const g = godot(CLIENT_GD, { GD3_PORT: String((server.address() as { port: number }).port) });
    const [socket] = (await once(server, 'connection')) as [Socket];
    closers.push(() => socket.destroy());
    const peer = PacketPeerStream.fromDuplex(socket, { dialect });
    const first = await packets(peer, socket, CASES.length);
    expect(first).toHaveLength(CASES.length);
    for (const [i, c] of CASES.entries()) {
      expect(normalized(first[i]!), c.name).toBe(fixtures.get(c.name)!.hex);
    }
    // Our encodings, framed as PacketPeerStream frames them, written in pieces.
    const frames = CASES.map((c) => {
      const body = varToBytes(c.js(fixtures.get(c.name)!), { dialect });
      const frame = new Uint8Array(4 + body.length);
      new DataView(frame.buffer).setUint32(0, body.length, true);
      frame.set(body, 4);
      return frame;
    });
    await writeInPieces(socket, Buffer.concat(frames));
    const second = await packets(peer, socket, CASES.length);
    expect(second).toHaveLength(CASES.length);
    for (const [i, c] of CASES.entries()) {
      expect(normalized(second[i]!), `${c.name}, read and sent again by Godot 3`).toBe(
        fixtures.get(c.name)!.hex,
      );
    }
    expect(await g.waitFor(/^ECHOED/)).toBe(`ECHOED ${CASES.length}`);
    socket.end();
    await g.waitFor(/^DONE/);
  });

  it('Godot as the server: our putVar frames, several to a write, come back as the same values', async () => {
    let port = 0;
    let g: Godot3Process | null = null;
    // Godot 3.2 cannot say which port the OS gave it: a free one is picked here, again if taken.
    for (let attempt = 0; attempt < 10 && g === null; attempt++) {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      port = (probe.address() as { port: number }).port;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const candidate = godot(SERVER_GD, { GD3_PORT: String(port) });
      if ((await candidate.waitFor(/^(READY|LISTEN_FAILED)/)).startsWith('READY')) g = candidate;
    }
    expect(g).not.toBe(null);
    const socket = connect(port, '127.0.0.1');
    closers.push(() => socket.destroy());
    await once(socket, 'connect');
    const peer = PacketPeerStream.fromDuplex(socket, { dialect });
    socket.cork(); // every frame in one write
    for (const c of CASES) peer.putVar(c.js(fixtures.get(c.name)!));
    socket.uncork();
    const back = await packets(peer, socket, CASES.length);
    expect(back).toHaveLength(CASES.length);
    for (const [i, c] of CASES.entries()) {
      expect(normalized(back[i]!), c.name).toBe(fixtures.get(c.name)!.hex);
    }
    socket.end();
    expect(await g!.waitFor(/^ECHOED/)).toBe(`ECHOED ${CASES.length}`);
  });
});

/**
 * Live interop with a real Godot 3.2.3 (`godot3-server`), in the Godot 3
 * dialect: its WebSocketClient against our WebSocketServer, and our
 * WebSocketPeer against its WebSocketServer. Every Godot 3 value of the
 * conformance fixtures goes both ways; text messages and close codes too.
 */
import { createServer } from 'node:net';
import { GodotError, WebSocketPeer } from '@gdwire/packet-peer-websocket';
import { WebSocketServer } from '@gdwire/packet-peer-websocket/server';
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
const CASES = GODOT3_VALUE_CASES.filter((c) => !c.objects && !c.extra);
const fixtures = new Map((godot3Values as ValueFixture[]).map((f) => [f.name, f]));
const dialect = 'godot3' as const;
const normalized = (bytes: Uint8Array) =>
  Buffer.from(varToBytes(bytesToVar(bytes, { lossless: true, dialect }), { dialect })).toString(
    'hex',
  );
const VALUES_GD = `extends Reference\n${GODOT3_HELPERS}\nfunc values():\n\treturn [\n${CASES.map((c) => `\t\t${c.gd},`).join('\n')}\n\t]\n`;

const running: Godot3Process[] = [];
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await Promise.all(running.splice(0).map((g) => g.stop()));
});

function godot(source: string, env: Record<string, string>) {
  const g = startGodot3(source, { env, files: { 'values.gd': VALUES_GD } });
  running.push(g);
  return g;
}

const CLIENT_GD = `extends SceneTree
# Godot 3.2 WebSocketClient: sends every value, echoes what comes back with its own put_var,
# answers text with "echo <text>", and on the text "bye" closes with 4003.
var client = WebSocketClient.new()
var done = false

func _init():
	var deadline = OS.get_ticks_msec() + 30000
	client.connect("connection_established", self, "_on_open")
	client.connect("data_received", self, "_on_data")
	client.connect("connection_closed", self, "_on_closed")
	client.connect("connection_error", self, "_on_error")
	client.connect("server_close_request", self, "_on_close_request")
	if client.connect_to_url(OS.get_environment("GD3_URL")) != OK:
		print("CONNECT_FAILED")
		quit()
		return
	while not done and OS.get_ticks_msec() < deadline:
		client.poll()
		OS.delay_usec(500)
	print("DONE")
	quit()

func _on_open(_protocol):
	var peer = client.get_peer(1)
	peer.set_write_mode(WebSocketPeer.WRITE_MODE_BINARY)
	for v in load("res://values.gd").new().values():
		peer.put_var(v)

func _on_data():
	var peer = client.get_peer(1)
	var packet = peer.get_packet()
	if peer.was_string_packet():
		var text = packet.get_string_from_utf8()
		if text == "bye":
			client.disconnect_from_host(4003, "godot3 bye")
			return
		peer.set_write_mode(WebSocketPeer.WRITE_MODE_TEXT)
		peer.put_packet(("echo " + text).to_utf8())
		peer.set_write_mode(WebSocketPeer.WRITE_MODE_BINARY)
	else:
		peer.put_var(bytes2var(packet))

func _on_close_request(code, reason):
	print("CLOSE_REQUEST ", code, " ", reason)

func _on_closed(_clean):
	done = true

func _on_error():
	print("ERROR")
	done = true
`;

const SERVER_GD = `extends SceneTree
# Godot 3.2 WebSocketServer on GD3_PORT: echoes each Variant with its own put_var; on the text
# "close" disconnects the peer with 4004. Prints READY, or LISTEN_FAILED.
var server = WebSocketServer.new()
var done = false

func _init():
	var deadline = OS.get_ticks_msec() + 30000
	server.connect("data_received", self, "_on_data")
	server.connect("client_disconnected", self, "_on_gone")
	if server.listen(int(OS.get_environment("GD3_PORT"))) != OK:
		print("LISTEN_FAILED")
		quit()
		return
	print("READY")
	while not done and OS.get_ticks_msec() < deadline:
		server.poll()
		OS.delay_usec(500)
	server.stop()
	print("DONE")
	quit()

func _on_data(id):
	var peer = server.get_peer(id)
	var packet = peer.get_packet()
	if peer.was_string_packet():
		server.disconnect_peer(id, 4004, "server3 bye")
		return
	peer.set_write_mode(WebSocketPeer.WRITE_MODE_BINARY)
	peer.put_var(bytes2var(packet))

func _on_gone(_id, _clean):
	done = true
`;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('a live Godot 3.2.3', () => {
  it(`its WebSocketClient sends our server every one of ${CASES.length} Godot 3 values, and reads ours back`, async () => {
    const server = new WebSocketServer({ dialect });
    stops.push(() => server.stop());
    expect(await server.listen(0, '127.0.0.1')).toBe(GodotError.OK);
    const g = godot(CLIENT_GD, { GD3_URL: `ws://127.0.0.1:${server.getLocalPort()}/godot3` });
    const peer = await server.waitForConnection(AbortSignal.timeout(PATIENCE_MS));
    expect(peer).not.toBe(null);
    const next = () => peer!.wait(AbortSignal.timeout(PATIENCE_MS));
    for (const c of CASES) {
      expect(await next()).toBe(GodotError.OK);
      const bytes = peer!.getPacket();
      expect(normalized(bytes), c.name).toBe(fixtures.get(c.name)!.hex);
      expect(
        peer!.putPacket(varToBytes(bytesToVar(bytes, { lossless: true, dialect }), { dialect })),
      ).toBe(GodotError.OK);
    }
    for (const c of CASES) {
      expect(await next()).toBe(GodotError.OK);
      expect(normalized(peer!.getPacket()), `${c.name}, read and sent again by Godot 3`).toBe(
        fixtures.get(c.name)!.hex,
      );
    }
    expect(peer!.sendText('héllo')).toBe(GodotError.OK);
    expect(await next()).toBe(GodotError.OK);
    expect(new TextDecoder().decode(peer!.getPacket())).toBe('echo héllo');
    expect(peer!.wasStringPacket()).toBe(true);
    // It closes with 4003 when asked.
    peer!.sendText('bye');
    expect(await next()).toBe(GodotError.ERR_UNCONFIGURED);
    expect(peer!.getCloseCode()).toBe(4003);
    expect(peer!.getCloseReason()).toBe('godot3 bye');
    await g.waitFor(/^DONE/);
  });

  it('our client sends its WebSocketServer every Godot 3 value, and reads them back', async () => {
    let port = 0;
    let g: Godot3Process | null = null;
    // Godot 3.2 cannot say which port the OS gave it: a free one is picked here, again if taken.
    for (let attempt = 0; attempt < 10 && g === null; attempt++) {
      port = await freePort();
      const candidate = godot(SERVER_GD, { GD3_PORT: String(port) });
      if ((await candidate.waitFor(/^(READY|LISTEN_FAILED)/)).startsWith('READY')) g = candidate;
    }
    expect(g).not.toBe(null);
    const ws = new WebSocketPeer({ dialect });
    stops.push(() => ws.close(-1));
    expect(ws.connectToUrl(`ws://127.0.0.1:${port}`)).toBe(GodotError.OK);
    for (let i = 0; i < PATIENCE_MS / 5 && ws.getReadyState() !== WebSocketPeer.STATE_OPEN; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(ws.getReadyState()).toBe(WebSocketPeer.STATE_OPEN);
    for (const c of CASES) {
      const fixture = fixtures.get(c.name)!;
      expect(ws.putVar(c.js(fixture))).toBe(GodotError.OK);
      expect(await ws.wait(AbortSignal.timeout(PATIENCE_MS))).toBe(GodotError.OK);
      expect(normalized(ws.getPacket()), c.name).toBe(fixture.hex);
    }
    ws.sendText('close');
    expect(await ws.wait(AbortSignal.timeout(PATIENCE_MS))).toBe(GodotError.ERR_UNCONFIGURED);
    expect(ws.getCloseCode()).toBe(4004);
    expect(ws.getCloseReason()).toBe('server3 bye');
    await g!.waitFor(/^DONE/);
  });
});

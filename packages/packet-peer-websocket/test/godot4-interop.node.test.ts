/**
 * Live interop with the real Godot 4.6 (its official web export in headless
 * Chromium, started by scripts/godot/godot4-web.ts): Godot's WebSocketPeer
 * connects to our WebSocketServer on 127.0.0.1 and
 *
 * - put_var()s every Godot 4 value of the conformance fixtures, in bursts of
 *   up to 32 KiB a frame (all of them outgrew its 64 KiB outbound buffer):
 *   each arrives as the fixture's bytes; we decode it, encode it
 *   again and send it back; Godot's get_var() reads it and put_var()s it
 *   again, in the same bursts, and that too is the fixture's bytes;
 * - exchanges text messages (was_string_packet);
 * - meets the buffer limits: messages of 65,535 and 65,536 bytes to it, and
 *   put_packet of 65,534 and 65,535 bytes from it (its defaults);
 * - closes: we close with 4001, Godot reports it; Godot connects again and,
 *   once we take the connection and ask, closes with 4002; we report it.
 */
import { readFileSync } from 'node:fs';
import { GodotError, WebSocketPeer } from '@gdwire/packet-peer-websocket';
import { WebSocketServer } from '@gdwire/packet-peer-websocket/server';
import { bytesToVar, varToBytes } from '@gdwire/variant-codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Godot4Process, startGodot4 } from '../../../scripts/godot/godot4-web.js';
import values from '../../variant-codec/test/fixtures/godot4-values.json';
import {
  GDSCRIPT_HELPERS,
  VALUE_CASES,
  type ValueFixture,
} from '../../variant-codec/test/fixtures/value-cases.js';

const PATIENCE_MS = 60_000;
// Longer than one wait's patience, so that a wait that runs out fails with
// Godot's output and errors rather than with vitest's bare time-out.
const TEST_MS = PATIENCE_MS + 30_000;
const fixtures = new Map((values as ValueFixture[]).map((f) => [f.name, f.hex]));
/**
 * Objects travel as ids or need allowObjects, and a value past 16 KiB (a
 * String of 0x80C2 bytes) would crowd Godot's 64 KiB buffers in a burst: the
 * codec's conformance tests cover those.
 */
const BURST_SAFE = 16 * 1024;
const CASES = VALUE_CASES.filter(
  (c) => !c.objects && !c.extra && (fixtures.get(c.name)?.length ?? 0) / 2 <= BURST_SAFE,
);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** Bytes as gdwire writes them (NodePath padding zeroed, as in the fixtures). */
const normalized = (bytes: Uint8Array) => hex(varToBytes(bytesToVar(bytes, { lossless: true })));

const SCRIPT = `extends SceneTree
${GDSCRIPT_HELPERS}
var ws := WebSocketPeer.new()
var phase := "values"
var echoes := 0
var frames := 0
var to_send := values()
var sent := 0
# Values and echoes leave in bursts of up to half the outbound buffer a
# frame (64 KiB by default, and every value would not fit in it).
const BURST := 32768
# Our encodings of the values, read by Godot, to send again as room allows.
var echo_queue := []
# Sent once the big message has left: until then even a short one would pass the outbound limit.
var report := ""

func values() -> Array:
	return [
${CASES.map((c) => `\t\t${c.gd},`).join('\n')}
	]

func _initialize():
	ws.connect_to_url("ws://127.0.0.1:%s/godot" % OS.get_cmdline_user_args()[0])

func _process(_delta):
	frames += 1
	if frames > 20000:
		print("TIMEOUT in ", phase)
		quit(2)
	ws.poll()
	var state := ws.get_ready_state()
	if phase == "values" and state == WebSocketPeer.STATE_OPEN:
		while sent < to_send.size() and ws.get_current_outbound_buffered_amount() < BURST:
			ws.put_var(to_send[sent])
			sent += 1
		if sent == to_send.size():
			phase = "echo"
	while not echo_queue.is_empty() and ws.get_current_outbound_buffered_amount() < BURST:
		ws.put_var(echo_queue.pop_front())
	if report != "" and ws.get_current_outbound_buffered_amount() == 0:
		ws.send_text(report)
		report = ""
	while ws.get_available_packet_count() > 0:
		var packet := ws.get_packet()
		if ws.was_string_packet():
			var text := packet.get_string_from_utf8()
			if text == "limits":
				report = "put %d %d" % [ws.put_packet(PackedByteArray(range(65534))), ws.put_packet(PackedByteArray(range(65535)))]
			elif text == "bye":
				ws.close(4002, "godot bye")
			else:
				ws.send_text("echo " + text)
		elif phase == "values" or phase == "echo":
			# Our encoding of a value, read by Godot, then sent again by Godot.
			echo_queue.push_back(bytes_to_var(packet))
			echoes += 1
			if echoes == ${CASES.length}:
				phase = "limits"
		else:
			ws.send_text("size %d" % packet.size())
	if state == WebSocketPeer.STATE_CLOSED and phase != "values":
		print("CLOSED ", ws.get_close_code(), " ", ws.get_close_reason())
		if phase == "again":
			quit(0)
			return false
		phase = "again"
		ws.connect_to_url("ws://127.0.0.1:%s/again" % OS.get_cmdline_user_args()[0])
	return false
`;

describe('a live Godot 4.6 WebSocketPeer', { timeout: TEST_MS }, () => {
  let server: WebSocketServer;
  let godot: Godot4Process;
  let peer: WebSocketPeer;

  beforeAll(async () => {
    server = new WebSocketServer();
    expect(await server.listen(0, '127.0.0.1')).toBe(GodotError.OK);
    godot = await startGodot4(SCRIPT, {
      args: [String(server.getLocalPort())],
      // A script class some value cases name.
      includes: {
        'item.gd': readFileSync(
          new URL('../../variant-codec/test/fixtures/gd/item.gd', import.meta.url),
          'utf8',
        ),
      },
    });
    const taken = await server.waitForConnection(AbortSignal.timeout(PATIENCE_MS));
    expect(taken).not.toBe(null);
    peer = taken!;
  });
  afterAll(async () => {
    server.stop();
    await godot?.stop();
  });

  const next = () => peer.wait(AbortSignal.timeout(PATIENCE_MS));

  it('connects to our server, which sees its request', () => {
    expect(peer.getReadyState()).toBe(WebSocketPeer.STATE_OPEN);
    expect(peer.getRequestedUrl()).toBe(`ws://127.0.0.1:${server.getLocalPort()}/godot`);
    expect(peer.getConnectedHost()).toBe('127.0.0.1');
  });

  it(`sends every one of ${CASES.length} Godot 4 values as its fixture bytes, and reads ours back into the same value`, async () => {
    expect(CASES.length).toBeGreaterThan(200);
    const first: string[] = [];
    for (const c of CASES) {
      expect(await next()).toBe(GodotError.OK);
      const bytes = peer.getPacket();
      expect(peer.wasStringPacket()).toBe(false);
      expect(normalized(bytes), c.name).toBe(fixtures.get(c.name));
      first.push(c.name);
      // Our own encoding of what we decoded goes back.
      expect(peer.putPacket(varToBytes(bytesToVar(bytes, { lossless: true })))).toBe(GodotError.OK);
    }
    expect(first).toHaveLength(CASES.length);
    for (const c of CASES) {
      expect(await next()).toBe(GodotError.OK);
      expect(normalized(peer.getPacket()), `${c.name}, read and sent again by Godot`).toBe(
        fixtures.get(c.name),
      );
    }
  });

  it('exchanges text messages, which it and we tell from binary ones', async () => {
    expect(peer.sendText('héllo 🎮')).toBe(GodotError.OK);
    expect(await next()).toBe(GodotError.OK);
    expect(new TextDecoder().decode(peer.getPacket())).toBe('echo héllo 🎮');
    expect(peer.wasStringPacket()).toBe(true);
  });

  it('takes a message of 65,535 bytes but not 65,536; sends 65,534 but not 65,535 (its web export’s limits)', async () => {
    expect(peer.putPacket(new Uint8Array(65535))).toBe(GodotError.OK);
    expect(await next()).toBe(GodotError.OK);
    expect(new TextDecoder().decode(peer.getPacket())).toBe('size 65535');
    peer.outboundBufferSize = 0; // no limit on our side
    expect(peer.putPacket(new Uint8Array(65536))).toBe(GodotError.OK);
    // Godot's web export drops it ("Buffer payload full"), so the next answer is to the next message.
    expect(peer.sendText('limits')).toBe(GodotError.OK);
    expect(await next()).toBe(GodotError.OK);
    expect(peer.getPacket().length).toBe(65534);
    expect(await next()).toBe(GodotError.OK);
    // 65,534 bytes: OK (0); 65,535 bytes: ERR_OUT_OF_MEMORY (6), the web export's \`>=\` test.
    expect(new TextDecoder().decode(peer.getPacket())).toBe('put 0 6');
  });

  it('hears our close code and reason; we hear its own', async () => {
    peer.close(4001, 'server bye');
    expect(await godot.waitFor(/^CLOSED 4001/, PATIENCE_MS)).toBe('CLOSED 4001 server bye');
    const again = await server.waitForConnection(AbortSignal.timeout(PATIENCE_MS));
    expect(again).not.toBe(null);
    // Godot closes when asked, so its connection is still open when taken (the
    // server does not offer one that closed first: that raced, under load).
    expect(again!.sendText('bye')).toBe(GodotError.OK);
    expect(await again!.wait(AbortSignal.timeout(PATIENCE_MS))).toBe(GodotError.ERR_UNCONFIGURED);
    expect(again!.getCloseCode()).toBe(4002);
    expect(again!.getCloseReason()).toBe('godot bye');
    expect(await godot.exited).toBe(0);
  });
});

/**
 * Our client in headless Chromium (the browser's WebSocket, from the built
 * bundle) against our WebSocketServer in Node (built, test/gdwire-server.ts):
 * every Godot 4 value of the conformance fixtures goes out with putVar, the
 * server decodes it and puts it back, and it arrives as the fixture's bytes.
 */
import { GodotError, WebSocketPeer } from '@gdwire/packet-peer-websocket';
import { bytesToVar, varToBytes } from '@gdwire/variant-codec';
import { afterAll, describe, expect, inject, it } from 'vitest';
import values from '../../variant-codec/test/fixtures/godot4-values.json';
import { VALUE_CASES, type ValueFixture } from '../../variant-codec/test/fixtures/value-cases.js';

const PATIENCE_MS = 20_000;
// Objects travel as ids or need allowObjects: the codec's conformance tests cover them.
const names = new Set(VALUE_CASES.filter((c) => !c.objects && !c.extra).map((c) => c.name));
const fixtures = (values as ValueFixture[]).filter((f) => names.has(f.name));
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('WebSocketPeer in Chromium ↔ WebSocketServer in Node', () => {
  const ws = new WebSocketPeer();
  afterAll(() => ws.close(-1));
  const next = () => ws.wait(AbortSignal.timeout(PATIENCE_MS));

  it('connects', async () => {
    expect(ws.connectToUrl(`ws://127.0.0.1:${inject('gdwireServerPort')}/`)).toBe(GodotError.OK);
    for (
      let i = 0;
      i < PATIENCE_MS / 5 && ws.getReadyState() === WebSocketPeer.STATE_CONNECTING;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(ws.getReadyState()).toBe(WebSocketPeer.STATE_OPEN);
  });

  it(`every Godot 4 value (${fixtures.length}) goes there and back as Godot's bytes`, async () => {
    expect(fixtures.length).toBeGreaterThan(200);
    for (const f of fixtures) {
      const value = bytesToVar(fromHex(f.hex), { lossless: true });
      // Bytes as gdwire writes them (NodePath padding zeroed, as the fixtures' other tests do).
      const expected = toHex(varToBytes(value));
      expect(ws.putVar(value), f.name).toBe(GodotError.OK);
      expect(await next(), f.name).toBe(GodotError.OK);
      const packet = ws.getPacket();
      expect(ws.wasStringPacket(), f.name).toBe(false);
      expect(toHex(packet), f.name).toBe(expected);
    }
  });

  it('text goes there and back as text', async () => {
    expect(ws.sendText('héllo 🎮')).toBe(GodotError.OK);
    expect(await next()).toBe(GodotError.OK);
    expect(new TextDecoder().decode(ws.getPacket())).toBe('héllo 🎮');
    expect(ws.wasStringPacket()).toBe(true);
  });
});

/**
 * The WebSocketPeer client against a plain WebSocket echo server on
 * 127.0.0.1 (test/echo-server.ts). The same tests run in Node (the `ws`
 * client) and in headless Chromium (the browser's WebSocket, from the built
 * bundle): where the two can differ, as Godot's native and web peers do, the
 * test says which answer belongs to which.
 */
import { GodotError, WebSocketPeer } from '@gdwire/packet-peer-websocket';
import { Dictionary, Vector2 } from '@gdwire/variant-codec';
import { afterEach, describe, expect, inject, it } from 'vitest';

const inBrowser = typeof window !== 'undefined';
const url = () => `ws://127.0.0.1:${inject('echoServerPort')}/echo`;
const PATIENCE_MS = 20_000;

const open: WebSocketPeer[] = [];
afterEach(() => {
  for (const ws of open.splice(0)) ws.close(-1);
});

/** Waits (bounded) for the peer to reach `state`. */
async function until(ws: WebSocketPeer, state: number): Promise<void> {
  for (let i = 0; i < PATIENCE_MS / 5 && ws.getReadyState() !== state; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(ws.getReadyState()).toBe(state);
}

async function connected(options: ConstructorParameters<typeof WebSocketPeer>[0] = {}) {
  const ws = new WebSocketPeer(options);
  open.push(ws);
  expect(ws.connectToUrl(url())).toBe(GodotError.OK);
  expect(ws.getReadyState()).toBe(WebSocketPeer.STATE_CONNECTING);
  await until(ws, WebSocketPeer.STATE_OPEN);
  return ws;
}

const next = (ws: WebSocketPeer) => ws.wait(AbortSignal.timeout(PATIENCE_MS));

describe('WebSocketPeer client', () => {
  it('starts CLOSED with Godot 4.6 defaults, and refuses to send', () => {
    const ws = new WebSocketPeer();
    expect(ws.getReadyState()).toBe(WebSocketPeer.STATE_CLOSED);
    expect(ws.getCloseCode()).toBe(-1);
    expect(ws.getCloseReason()).toBe('');
    expect(ws.getRequestedUrl()).toBe('');
    expect(ws.getSelectedProtocol()).toBe('');
    expect([ws.inboundBufferSize, ws.outboundBufferSize, ws.maxQueuedPackets]).toEqual([
      65535, 65535, 4096,
    ]);
    expect(ws.heartbeatInterval).toBe(0);
    // Up to the longest a timer keeps (2^31 - 1 ms); past it Node would ping every 1 ms.
    ws.heartbeatInterval = 2147483;
    expect(ws.heartbeatInterval).toBe(2147483);
    for (const seconds of [2147484, 2 ** 31, Number.NaN, -1]) {
      expect(() => {
        ws.heartbeatInterval = seconds;
      }, String(seconds)).toThrow(/heartbeatInterval must be 0 to 2147483 seconds/);
    }
    ws.heartbeatInterval = 0;
    expect(ws.supportedProtocols).toEqual([]);
    expect(ws.handshakeHeaders).toEqual([]);
    expect(ws.getAvailablePacketCount()).toBe(0);
    expect(ws.getCurrentOutboundBufferedAmount()).toBe(0);
    // Godot 4.6: put_packet, send_text and send on an unconnected peer are FAILED.
    expect(ws.putPacket(Uint8Array.of(1))).toBe(GodotError.FAILED);
    expect(ws.sendText('x')).toBe(GodotError.FAILED);
    expect(ws.putVar(1)).toBe(GodotError.FAILED);
    expect(ws.getPacket()).toEqual(new Uint8Array(0));
    expect(ws.getPacketError()).toBe(GodotError.FAILED);
    expect([
      WebSocketPeer.STATE_CONNECTING,
      WebSocketPeer.STATE_OPEN,
      WebSocketPeer.STATE_CLOSING,
      WebSocketPeer.STATE_CLOSED,
    ]).toEqual([0, 1, 2, 3]);
    expect([WebSocketPeer.WRITE_MODE_TEXT, WebSocketPeer.WRITE_MODE_BINARY]).toEqual([0, 1]);
  });

  it('checks URLs as Godot does', () => {
    const ws = new WebSocketPeer();
    open.push(ws);
    expect(ws.connectToUrl('')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(ws.connectToUrl('http://127.0.0.1:1')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(ws.connectToUrl('ftp://x')).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(ws.connectToUrl('ws://')).toBe(GodotError.ERR_INVALID_PARAMETER);
    for (const url of [null, undefined, 42, {}]) {
      expect(ws.connectToUrl(url as unknown as string), String(url)).toBe(
        GodotError.ERR_INVALID_PARAMETER,
      );
    }
    expect(ws.getReadyState()).toBe(WebSocketPeer.STATE_CLOSED);
    // No scheme means ws://; the URL is reported as given.
    expect(ws.connectToUrl(`127.0.0.1:${inject('echoServerPort')}/x#frag`)).toBe(GodotError.OK);
    expect(ws.getRequestedUrl()).toBe(`127.0.0.1:${inject('echoServerPort')}/x#frag`);
    expect(ws.connectToUrl(url())).toBe(GodotError.ERR_ALREADY_IN_USE);
  });

  it('puts and gets Variants as binary messages, text as text messages', async () => {
    const ws = await connected();
    expect(ws.putVar({ hp: 100, pos: new Vector2(1, 2) })).toBe(GodotError.OK);
    expect(await next(ws)).toBe(GodotError.OK);
    const back = ws.getVar() as Dictionary;
    expect(back).toBeInstanceOf(Dictionary);
    expect(back.get('hp')).toBe(100);
    expect(ws.wasStringPacket()).toBe(false);

    expect(ws.sendText('héllo 🎮')).toBe(GodotError.OK);
    expect(await next(ws)).toBe(GodotError.OK);
    expect(new TextDecoder().decode(ws.getPacket())).toBe('héllo 🎮');
    expect(ws.wasStringPacket()).toBe(true);

    expect(ws.send(new TextEncoder().encode('as text'), WebSocketPeer.WRITE_MODE_TEXT)).toBe(
      GodotError.OK,
    );
    expect(ws.send(Uint8Array.of(0xff), WebSocketPeer.WRITE_MODE_TEXT)).toBe(
      GodotError.ERR_INVALID_DATA,
    );
    expect(await next(ws)).toBe(GodotError.OK);
    expect(new TextDecoder().decode(ws.getPacket())).toBe('as text');
    expect(ws.wasStringPacket()).toBe(true);
    expect(ws.getPacket()).toEqual(new Uint8Array(0));
    expect(ws.getPacketError()).toBe(GodotError.ERR_UNAVAILABLE);
  });

  it('sends packets whose bytes are in a resizable or shared buffer', async () => {
    const ws = await connected();
    const Resizable = ArrayBuffer as unknown as new (
      n: number,
      options: { maxByteLength: number },
    ) => ArrayBuffer;
    const buffers: ArrayBufferLike[] = [new Resizable(5, { maxByteLength: 64 })];
    // Browsers have SharedArrayBuffer only in cross-origin isolated pages.
    if (typeof SharedArrayBuffer === 'function') buffers.push(new SharedArrayBuffer(5));
    for (const buffer of buffers) {
      const bytes = new Uint8Array(buffer);
      bytes.set(new TextEncoder().encode('bytes'));
      expect(ws.putPacket(bytes)).toBe(GodotError.OK);
      expect(await next(ws)).toBe(GodotError.OK);
      expect(ws.getPacket()).toEqual(new TextEncoder().encode('bytes'));
      expect(ws.send(bytes, WebSocketPeer.WRITE_MODE_TEXT)).toBe(GodotError.OK);
      expect(await next(ws)).toBe(GodotError.OK);
      expect(new TextDecoder().decode(ws.getPacket())).toBe('bytes');
    }
  });

  it('refuses to send what is not a Uint8Array with ERR_INVALID_PARAMETER', async () => {
    const ws = await connected();
    for (const message of ['text', [1, 2], new ArrayBuffer(2), null]) {
      expect(ws.send(message as unknown as Uint8Array), String(message)).toBe(
        GodotError.ERR_INVALID_PARAMETER,
      );
      expect(ws.putPacket(message as unknown as Uint8Array)).toBe(GodotError.ERR_INVALID_PARAMETER);
    }
    for (const text of [null, undefined, 42, Uint8Array.of(1)]) {
      expect(ws.sendText(text as unknown as string), String(text)).toBe(
        GodotError.ERR_INVALID_PARAMETER,
      );
    }
    expect(ws.putPacket(Uint8Array.of(7))).toBe(GodotError.OK);
    expect(await next(ws)).toBe(GodotError.OK);
    expect(ws.getPacket()).toEqual(Uint8Array.of(7));
  });

  it('keeps a burst of messages, in order', async () => {
    const ws = await connected();
    ws.sendText('burst 200');
    const got: number[] = [];
    for await (const packet of ws.packets(AbortSignal.timeout(PATIENCE_MS))) {
      got.push(packet[0]!);
      if (got.length === 200) break;
    }
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('agrees on a subprotocol it offers', async () => {
    const ws = await connected({ supportedProtocols: ['other', 'gdwire-test'] });
    expect(ws.getSelectedProtocol()).toBe('gdwire-test');
  });

  it('closes with a code and a reason, and hears the ones the server sends', async () => {
    const a = await connected();
    a.close(4000, 'bye');
    expect(a.getReadyState()).toBe(WebSocketPeer.STATE_CLOSING);
    await until(a, WebSocketPeer.STATE_CLOSED);
    // The echo server answers the close frame with the same code.
    expect(a.getCloseCode()).toBe(4000);

    const b = await connected();
    b.sendText('close 4321 server says bye');
    expect(await next(b)).toBe(GodotError.ERR_UNCONFIGURED);
    expect(b.getReadyState()).toBe(WebSocketPeer.STATE_CLOSED);
    expect(b.getCloseCode()).toBe(4321);
    expect(b.getCloseReason()).toBe('server says bye');
    expect(b.putPacket(Uint8Array.of(1))).toBe(GodotError.FAILED);
  });

  it('refuses close codes and reasons the protocol cannot carry', async () => {
    const ws = await connected();
    for (const code of [999, 1005, 1006, 1015, 2000, 5000, 3000.5, Number.NaN, null, '1000', {}]) {
      expect(() => ws.close(code as number), String(code)).toThrow(/close code/);
    }
    expect(() => ws.close(1000, 'x'.repeat(124))).toThrow(/123 bytes/);
    for (const reason of [null, 42, {}]) {
      expect(() => ws.close(1000, reason as unknown as string)).toThrow(/close reason is a String/);
    }
    expect(ws.getReadyState()).toBe(WebSocketPeer.STATE_OPEN);
  });

  it('a connection refused ends CLOSED with close code -1', async () => {
    const ws = new WebSocketPeer();
    open.push(ws);
    // Port 1 on loopback: nobody listens there.
    expect(ws.connectToUrl('ws://127.0.0.1:1')).toBe(GodotError.OK);
    expect(await next(ws)).toBe(GodotError.ERR_UNCONFIGURED);
    expect(ws.getReadyState()).toBe(WebSocketPeer.STATE_CLOSED);
    expect(ws.getCloseCode()).toBe(-1);
  });

  it('close() while CONNECTING is CLOSED at once; a new connect then works', async () => {
    const ws = new WebSocketPeer();
    open.push(ws);
    ws.connectToUrl(url());
    ws.close();
    expect(ws.getReadyState()).toBe(WebSocketPeer.STATE_CLOSED);
    expect(ws.connectToUrl(url())).toBe(GodotError.OK);
    await until(ws, WebSocketPeer.STATE_OPEN);
  });

  it('outbound limit: a message of outboundBufferSize bytes goes, one byte more is ERR_OUT_OF_MEMORY', async () => {
    const ws = await connected({ outboundBufferSize: 4096, inboundBufferSize: 8192 });
    expect(ws.getMaxPacketSize()).toBe(4096);
    expect(ws.putPacket(new Uint8Array(4097))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(ws.putPacket(new Uint8Array(4096).fill(3))).toBe(GodotError.OK);
    expect(await next(ws)).toBe(GodotError.OK);
    expect(ws.getPacket().length).toBe(4096);
  });

  it(
    inBrowser
      ? 'inbound limit: a bigger message is dropped and counted (browsers cannot refuse it, as Godot’s web export)'
      : 'inbound limit: a bigger message closes with 1009 "Message too big", as Godot’s native peer',
    async () => {
      const ws = await connected({ inboundBufferSize: 1000 });
      ws.sendText('big 1000');
      expect(await next(ws)).toBe(GodotError.OK);
      expect(ws.getPacket().length).toBe(1000);
      ws.sendText('big 1001');
      if (inBrowser) {
        ws.sendText('burst 1');
        expect(await next(ws)).toBe(GodotError.OK);
        expect(ws.getPacket()).toEqual(Uint8Array.of(0));
        expect(ws.droppedPackets).toBe(1);
      } else {
        expect(await next(ws)).toBe(GodotError.ERR_UNCONFIGURED);
        expect(ws.getCloseCode()).toBe(1009);
        expect(ws.getCloseReason()).toBe('Message too big');
      }
    },
  );

  it('close() discards the packets not yet taken, as Godot does', async () => {
    const ws = await connected();
    ws.sendText('burst 3');
    expect(await next(ws)).toBe(GodotError.OK);
    ws.close();
    expect(ws.getAvailablePacketCount()).toBe(0);
  });
});

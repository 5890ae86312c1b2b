import { randomFillSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GdwireError, GodotError } from '@gdwire/packet-peer';
import WebSocket from 'ws';
import type { Connector, Link, LinkEvents } from './link.js';

/**
 * Protocol failures `ws` detects in what it receives, as Godot's native peer
 * reports them: the close code it sends, and its reason text.
 */
const FAILURES: Record<string, { code: number; reason: string }> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: { code: 1009, reason: 'Message too big' },
  WS_ERR_INVALID_UTF8: { code: 1007, reason: 'Invalid frame payload data' },
};
const PROTOCOL_ERROR = { code: 1002, reason: 'Protocol error' };

const maskPool = new Uint8Array(4096);
let maskNext = maskPool.length;
/**
 * Random frame masks, never all zero: `ws` sends a zero-masked payload without
 * copying it, and the caller of putPacket may reuse its bytes at once.
 */
export function nonZeroMask(mask: Uint8Array): void {
  if (maskNext === maskPool.length) {
    randomFillSync(maskPool);
    maskNext = 0;
  }
  mask.set(maskPool.subarray(maskNext, maskNext + 4));
  maskNext += 4;
  if (mask.every((b) => b === 0)) mask[0] = 1;
}
const BINARY = { binary: true };
const TEXT = { binary: false };

/**
 * A `ws` WebSocket — opened here as a client, or accepted by a server — as
 * the Link of a WebSocketPeer. Every `ws` event is handled here: none can
 * escape as an unhandled 'error'.
 */
export function wsLink(ws: WebSocket, events: LinkEvents, remote?: IncomingMessage): Link {
  let failure: { code: number; reason: string } | undefined;
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    events.message(new Uint8Array(data.buffer, data.byteOffset, data.length), !isBinary);
  });
  ws.on('pong', () => events.pong());
  ws.on('error', (error: Error & { code?: string }) => {
    if (error.code?.startsWith('WS_ERR_')) failure ??= FAILURES[error.code] ?? PROTOCOL_ERROR;
  });
  ws.on('close', (code: number, reason: Buffer) => {
    // 1006: no close frame came; Godot reports that as -1.
    events.closed(code === 1006 ? -1 : code, reason.toString('utf8'), failure);
  });
  const socket = () =>
    remote?.socket ?? (ws as unknown as { _socket?: import('node:net').Socket })._socket;
  // A client masks every frame into a new buffer (see nonZeroMask); a server
  // writes the caller's bytes as they are, later maybe, and the caller may
  // reuse them at once: copy.
  const masked = remote === undefined;
  return {
    send(data, done) {
      if (typeof data === 'string') ws.send(data, TEXT, done);
      else ws.send(masked ? data : Buffer.from(data), BINARY, done);
    },
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    ping() {
      try {
        ws.ping();
        return true;
      } catch {
        return false;
      }
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    pause() {
      ws.pause();
      return true;
    },
    resume: () => ws.resume(),
    get remoteAddress() {
      return godotAddress(socket()?.remoteAddress ?? '');
    },
    get remotePort() {
      return socket()?.remotePort ?? 0;
    },
    setNoDelay: (enabled) => socket()?.setNoDelay(enabled),
  };
}

/** A client Link on `ws`, with what Godot's native client checks of the server's answer. */
export const connectWithWs: Connector = (url, request, events) => {
  const headers: Record<string, string> = {};
  for (const line of request.headers) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        `a handshake header line needs "Name: value", got ${JSON.stringify(line)}`,
      );
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const tls = request.tls;
  const ws = new WebSocket(url, [...request.protocols], {
    headers,
    maxPayload: request.maxPayload,
    perMessageDeflate: false,
    generateMask: nonZeroMask,
    followRedirects: false,
    ...(tls?.unsafe ? { rejectUnauthorized: false } : {}),
    ...(tls?.trustedChain ? { ca: tls.trustedChain } : {}),
    ...(tls?.commonNameOverride ? { servername: tls.commonNameOverride } : {}),
  });
  const link = wsLink(ws, events);
  ws.on('open', () => {
    // Godot refuses a server that answers an offer of subprotocols with none.
    if (request.protocols.length > 0 && ws.protocol === '') ws.terminate();
    else events.open(ws.protocol);
  });
  ws.on('unexpected-response', (_req, res) => {
    res.resume();
    ws.terminate();
  });
  return link;
};

/**
 * An address as Godot prints it: IPv4 (also IPv4-mapped IPv6) dotted, IPv6 as
 * eight uncompressed lowercase groups.
 */
export function godotAddress(text: string): string {
  if (text.startsWith('::ffff:') && text.includes('.')) return text.slice(7);
  if (!text.includes(':')) return text;
  const [left = '', right] = text.split('::');
  const head = left === '' ? [] : left.split(':');
  const tail = right === undefined || right === '' ? [] : right.split(':');
  const groups = [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail];
  return groups.map((g) => Number.parseInt(g, 16).toString(16)).join(':');
}

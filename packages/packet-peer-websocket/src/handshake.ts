import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer as WsServer } from 'ws';
import { wsLink } from './node-link.js';
import type { Accepted, WebSocketPeer } from './websocket-peer.js';

/** What a server-side handshake answers with: from the accepting peer's (or server's) settings. */
export interface HandshakeSettings {
  readonly protocols: readonly string[];
  readonly headers: readonly string[];
  readonly maxPayload: number;
}

/** A peer's handshake settings: its subprotocols, extra header lines and largest message. */
export function settingsOf(peer: WebSocketPeer): HandshakeSettings {
  return {
    protocols: peer.supportedProtocols,
    headers: peer.handshakeHeaders,
    maxPayload: peer.inboundBufferSize,
  };
}

/** A handshake request, as a server's `verifyHandshake` hook sees it. */
export interface HandshakeRequest {
  /** The path and query asked for, e.g. `/play?room=4`. */
  readonly url: string;
  /** The `Origin` header (browsers send it), or ''. */
  readonly origin: string;
  /** Every request header, names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/**
 * The subprotocol Godot's server picks: the first one the client offers that
 * the server supports; '' when neither side names one; null (refuse) when
 * the client offers only unsupported ones, or none while the server requires one.
 */
export function selectProtocol(
  offered: string | undefined,
  supported: readonly string[],
): string | null {
  if (offered === undefined) return supported.length === 0 ? '' : null;
  for (const name of offered.split(',')) {
    const protocol = name.trim();
    if (supported.includes(protocol)) return protocol;
  }
  return null;
}

/**
 * Completes the server side of a handshake on an upgrade request, with the
 * checks Godot's native peer makes (GET over HTTP/1.1, `Upgrade: websocket`,
 * version 13, a key, a `Connection` header, an agreeable subprotocol) and its
 * answer (the selected protocol, the extra header lines). A refused
 * handshake gets an HTTP error answer and the connection is closed (Godot
 * closes without an answer). `done` gets the result, or null.
 */
export function acceptUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  settings: HandshakeSettings,
  done: (accepted: Accepted | null) => void,
): void {
  const h = request.headers;
  const protocol = selectProtocol(
    typeof h['sec-websocket-protocol'] === 'string' ? h['sec-websocket-protocol'] : undefined,
    settings.protocols,
  );
  const wellFormed =
    request.method === 'GET' &&
    request.httpVersion === '1.1' &&
    h.upgrade?.toLowerCase() === 'websocket' &&
    h['sec-websocket-version'] === '13' &&
    h['sec-websocket-key'] !== undefined &&
    h.connection !== undefined;
  if (!wellFormed || protocol === null) {
    refuse(socket, 400, protocol === null ? 'No agreeable subprotocol' : 'Bad WebSocket handshake');
    return done(null);
  }
  const server = new WsServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: settings.maxPayload,
    handleProtocols: () => protocol || false,
  });
  server.on('headers', (lines: string[]) => lines.push(...settings.headers));
  // ws answers a handshake it finds wrong itself; without a result, done(null) after the socket closes.
  let settled = false;
  socket.once('close', () => {
    if (!settled) {
      settled = true;
      done(null);
    }
  });
  server.handleUpgrade(request, socket, head, (ws) => {
    settled = true;
    done({
      open: (events) => wsLink(ws, events, request),
      protocol,
      requestedUrl: `ws${isTls(socket) ? 's' : ''}://${h.host ?? ''}${request.url ?? '/'}`,
    });
  });
}

/** An HTTP error answer to a handshake, then the connection is closed. */
export function refuse(socket: Duplex, status: number, reason: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () =>
    socket.destroy(),
  );
  // A client that never reads must not keep the connection open.
  setTimeout(() => socket.destroy(), 1000).unref();
}

function isTls(socket: Duplex): boolean {
  return (socket as { encrypted?: boolean }).encrypted === true;
}

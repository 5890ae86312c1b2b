/**
 * @gdwire/packet-peer-websocket for Node: the same `WebSocketPeer` as in
 * browsers, on `ws` (Node 20 has no WebSocket client of its own), plus
 * `acceptStream` for server-side peers. `WebSocketServer` is in
 * `@gdwire/packet-peer-websocket/server`.
 *
 * @example
 * ```ts
 * import { WebSocketPeer } from '@gdwire/packet-peer-websocket';
 * const ws = new WebSocketPeer();
 * ws.connectToUrl('ws://127.0.0.1:9080');
 * ```
 *
 * @packageDocumentation
 * @module @gdwire/packet-peer-websocket
 */
import { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GodotError, type GodotErrorCode } from '@gdwire/packet-peer';
import { acceptUpgrade, refuse, settingsOf } from './handshake.js';
import { connectWithWs } from './node-link.js';
import { beginAccept, finishAccept, WebSocketPeer as Peer } from './websocket-peer.js';

export {
  errorName,
  errorString,
  GdwireError,
  GodotError,
  type GodotErrorCode,
  type GodotErrorName,
} from '@gdwire/packet-peer';
export type { TlsClientOptions } from './link.js';
export type { WebSocketPeerOptions, WebSocketState, WriteMode } from './websocket-peer.js';

/**
 * Reads the HTTP request of streams given to `acceptStream` (it never
 * listens: streams are handed to it), and finds each one's peer.
 */
const requests = new Server();
const accepting = new WeakMap<Duplex, WebSocketPeer>();
requests.on('upgrade', (request, socket: Duplex, head: Buffer) => {
  const peer = accepting.get(socket);
  if (peer === undefined) return refuse(socket, 500, 'No peer');
  accepting.delete(socket);
  acceptUpgrade(request, socket, head, settingsOf(peer), (accepted) =>
    peer[finishAccept](accepted),
  );
});
// A request that is not a WebSocket upgrade ends the handshake.
requests.on('request', (request, response) => {
  const peer = accepting.get(request.socket);
  accepting.delete(request.socket);
  response.writeHead(426, { Connection: 'close' }).end();
  peer?.[finishAccept](null);
});
requests.on('clientError', (_error, socket: Duplex) => {
  const peer = accepting.get(socket);
  accepting.delete(socket);
  refuse(socket, 400, 'Bad request');
  peer?.[finishAccept](null);
});

/**
 * Godot 4.6's `WebSocketPeer` on `ws`. See the package README for the API.
 *
 * @example
 * ```ts
 * const ws = new WebSocketPeer();
 * ws.connectToUrl('ws://127.0.0.1:9080');
 * const reply = (await ws.wait()) === GodotError.OK ? ws.getVar() : null;
 * ```
 */
export class WebSocketPeer extends Peer {
  protected static override connector = connectWithWs;

  /**
   * Godot's `accept_stream`: does the server side of the handshake on an
   * incoming connection (a `net.Socket`, a TLS socket, any Duplex): the
   * peer is CONNECTING, then OPEN, or CLOSED if the handshake fails. Its
   * `supportedProtocols`, `handshakeHeaders` and `inboundBufferSize` decide
   * the answer, as in Godot. Usually `WebSocketServer` does this for you.
   *
   * Errors: ERR_INVALID_PARAMETER (not a stream), ERR_ALREADY_IN_USE (the peer
   * is not CLOSED or CLOSING).
   *
   * @example
   * ```ts
   * net.createServer((socket) => {
   *   const peer = new WebSocketPeer();
   *   peer.acceptStream(socket);
   * }).listen(9080);
   * ```
   */
  override acceptStream(stream: Duplex): GodotErrorCode {
    if (stream === null || typeof stream !== 'object' || typeof stream.on !== 'function') {
      return GodotError.ERR_INVALID_PARAMETER;
    }
    if (!this[beginAccept](() => stream.destroy())) return GodotError.ERR_ALREADY_IN_USE;
    accepting.set(stream, this);
    requests.emit('connection', stream);
    return GodotError.OK;
  }
}
// Bundled beside the base class of the same name, this one would be called
// `WebSocketPeer2`: users see the name they imported.
Object.defineProperty(WebSocketPeer, 'name', { value: 'WebSocketPeer' });

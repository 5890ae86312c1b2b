/**
 * @gdwire/packet-peer-websocket: Godot 4.6's `WebSocketPeer` for JavaScript.
 * This entry is the browser's (and any runtime's with a global WebSocket);
 * Node gets the same API on `ws` through the package's `node` condition, and
 * `@gdwire/packet-peer-websocket/server` has the WebSocketServer.
 *
 * @example
 * ```ts
 * import { WebSocketPeer } from '@gdwire/packet-peer-websocket';
 * const ws = new WebSocketPeer();
 * ws.connectToUrl('ws://127.0.0.1:9080');
 * ```
 *
 * @packageDocumentation
 */
import { connectWithBrowserWebSocket } from './browser-link.js';
import { WebSocketPeer as Peer } from './websocket-peer.js';

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
 * Godot 4.6's `WebSocketPeer` on the browser's WebSocket. See the package
 * README for the API and what a browser cannot do.
 *
 * @example
 * ```ts
 * const ws = new WebSocketPeer();
 * ws.connectToUrl('ws://127.0.0.1:9080');
 * const reply = (await ws.wait()) === GodotError.OK ? ws.getVar() : null;
 * ```
 */
export class WebSocketPeer extends Peer {
  protected static override connector = connectWithBrowserWebSocket;
}
// Bundled beside the base class of the same name, this one would be called
// `WebSocketPeer2`: users see the name they imported.
Object.defineProperty(WebSocketPeer, 'name', { value: 'WebSocketPeer' });

import { isPlainBuffer } from '@gdwire/variant-codec';

/**
 * `bytes`, or a copy of them when they are in a resizable or shared buffer,
 * a view of which browsers' WebSocket and TextDecoder refuse (TypeError).
 */
export function inPlainBuffer(bytes: Uint8Array): Uint8Array {
  return isPlainBuffer(bytes.buffer) ? bytes : bytes.slice();
}

/**
 * What WebSocketPeer needs of one WebSocket connection, whatever carries it:
 * the browser's `WebSocket`, or `ws` in Node (as a client, or accepted by a
 * server). Internal: each entry point gives WebSocketPeer its own.
 */
export interface Link {
  /**
   * Sends one message; `done` runs once it has been handed to the network (or
   * failed). The link may not keep `data` past the call (copy it if it must).
   */
  send(data: Uint8Array | string, done: () => void): void;
  /** Starts the closing handshake. */
  close(code: number, reason: string): void;
  /** Drops the connection without a closing handshake. */
  terminate(): void;
  /** Sends a ping (false where the platform cannot, as in browsers). */
  ping(): boolean;
  /** Bytes handed to the link and not yet sent. */
  readonly bufferedAmount: number;
  /** Stops reading (TCP backpressure): false where the platform cannot (browsers). */
  pause(): boolean;
  resume(): void;
  readonly remoteAddress: string;
  readonly remotePort: number;
  setNoDelay(enabled: boolean): void;
}

/** What a Link reports to its peer. */
export interface LinkEvents {
  open(protocol: string): void;
  /** A whole message; `text` for a text frame (its UTF-8 bytes). */
  message(data: Uint8Array, text: boolean): void;
  pong(): void;
  /**
   * The connection is gone. `code`/`reason` are those of the close frame
   * received, or -1 and '' when none was (as Godot reports an unclean close);
   * `failure` names a protocol failure the link itself detected (code sent).
   */
  closed(code: number, reason: string, failure?: { code: number; reason: string }): void;
}

/** TLS options of a `wss://` client (Godot's `TLSOptions.client()` / `client_unsafe()`). */
export interface TlsClientOptions {
  /** Certificate authorities to trust, PEM, instead of the platform's (Node only). */
  readonly trustedChain?: string;
  /** The name to check the server's certificate against, if not the URL's host (Node only). */
  readonly commonNameOverride?: string;
  /** Accept any certificate (`TLSOptions.client_unsafe()`): for development only (Node only). */
  readonly unsafe?: boolean;
}

/** How a client Link is opened: the entry point's choice of WebSocket implementation. */
export type Connector = (
  url: string,
  request: {
    readonly protocols: readonly string[];
    readonly headers: readonly string[];
    readonly maxPayload: number;
    readonly tls: TlsClientOptions | undefined;
  },
  events: LinkEvents,
) => Link;

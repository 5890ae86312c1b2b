/**
 * @gdwire/packet-peer-websocket/server: a WebSocket server for Node, shaped
 * like Godot's UDPServer (and gdwire's): `listen`, `poll`,
 * `isConnectionAvailable`, `takeConnection`, `stop`. Each connection is a
 * `WebSocketPeer` whose handshake Godot's native peer would accept.
 *
 * @example
 * ```ts
 * import { WebSocketServer } from '@gdwire/packet-peer-websocket/server';
 * const server = new WebSocketServer();
 * await server.listen(9080);
 * for await (const peer of server) peer.putVar('welcome');
 * ```
 *
 * @packageDocumentation
 * @module @gdwire/packet-peer-websocket/server
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { GdwireError, GodotError, type GodotErrorCode, PacketWaiters } from '@gdwire/packet-peer';
// The package's own Node entry point (not bundled in): its peers are the
// ones users import, whichever format they load.
import { WebSocketPeer } from '@gdwire/packet-peer-websocket';
import { acceptUpgrade, type HandshakeRequest, refuse, settingsOf } from './handshake.js';
import { godotAddress } from './node-link.js';
import {
  beginAccept,
  finishAccept,
  MAX_TIMER_MS,
  type WebSocketPeerOptions,
} from './websocket-peer.js';

export type { HandshakeRequest } from './handshake.js';

/** Options of {@link WebSocketServer}; the peer options apply to every connection it accepts. */
export interface WebSocketServerOptions extends WebSocketPeerOptions {
  /** Connections being handshaked or waiting to be taken, at most (default 16); more are refused. */
  readonly maxPendingConnections?: number;
  /**
   * Milliseconds a client has to complete its handshake (default 3000, as
   * Godot's WebSocketMultiplayerPeer); then its connection is closed. A whole
   * number from 1 to 2^31 − 1 (the longest a timer keeps); anything else
   * throws ERR_INVALID_PARAMETER.
   */
  readonly handshakeTimeout?: number;
  /** Accepts (true) or refuses (false: HTTP 403) a handshake, e.g. by its `origin`. */
  readonly verifyHandshake?: (request: HandshakeRequest) => boolean;
  /** Serve `wss://`: the server's key and certificate chain, PEM (Godot's `TLSOptions.server()`). */
  readonly tls?: { readonly key: string | Uint8Array; readonly cert: string | Uint8Array };
}

const DEFAULT_MAX_PENDING = 16;
const DEFAULT_HANDSHAKE_TIMEOUT = 3000;

/**
 * A WebSocket server for Node in the shape of Godot's UDPServer: it accepts
 * connections as they come; `takeConnection()` hands each one out as a
 * `WebSocketPeer` once its handshake is done. `maxPendingConnections` bounds
 * the connections not yet taken (handshakes under way included); a client
 * has `handshakeTimeout` ms to finish its handshake. It can listen on its own
 * port, or share a web app's `node:http` / `node:https` server on a path.
 *
 * @example
 * ```ts
 * const server = new WebSocketServer({ supportedProtocols: ['game-v1'] });
 * await server.listen(9080, '127.0.0.1');
 * setInterval(() => {
 *   server.poll();
 *   while (server.isConnectionAvailable()) server.takeConnection()!.putVar('welcome');
 * }, 16);
 * ```
 */
export class WebSocketServer implements AsyncIterable<WebSocketPeer> {
  readonly #options: WebSocketServerOptions;
  #maxPending: number;
  /** Our own HTTP server, when listening; or the shared one, when attached. */
  #http: Server | HttpsServer | null = null;
  #own = false;
  #path: string | undefined;
  #port = 0;
  #listening = false;
  /** Handshakes under way: their sockets. */
  readonly #handshaking = new Set<Duplex>();
  /** Connections ready to be taken, oldest first. */
  #ready: WebSocketPeer[] = [];
  readonly #waiters = new PacketWaiters();
  readonly #onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    this.#upgrade(request, socket, head);
  readonly #onConnection = (socket: Socket) => this.#connection(socket);

  constructor(options: WebSocketServerOptions = {}) {
    this.#options = options;
    this.#maxPending = DEFAULT_MAX_PENDING;
    if (options.maxPendingConnections !== undefined) {
      this.maxPendingConnections = options.maxPendingConnections;
    }
    // Past MAX_TIMER_MS, or NaN or under 1, every handshake would end after 1 ms.
    const timeout = options.handshakeTimeout;
    if (
      timeout !== undefined &&
      !(Number.isInteger(timeout) && timeout >= 1 && timeout <= MAX_TIMER_MS)
    ) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        `handshakeTimeout must be a whole number of milliseconds from 1 to 2^31 − 1, got ${timeout}`,
      );
    }
  }

  /**
   * Listens on `port` (0: any) and `bindAddress` (`"*"`: every interface).
   *
   * Errors: ERR_ALREADY_IN_USE (listening or attached), ERR_INVALID_PARAMETER
   * (not an IP literal or `"*"`; port outside 0–65535), ERR_UNAVAILABLE (the
   * OS refused, e.g. the port is taken).
   */
  async listen(port: number, bindAddress = '*'): Promise<GodotErrorCode> {
    if (this.#http !== null) return GodotError.ERR_ALREADY_IN_USE;
    if (bindAddress !== '*' && isIP(bindAddress) === 0) return GodotError.ERR_INVALID_PARAMETER;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      return GodotError.ERR_INVALID_PARAMETER;
    const tls = this.#options.tls;
    const http: Server | HttpsServer = tls
      ? createHttpsServer({ key: pem(tls.key), cert: pem(tls.cert) })
      : createHttpServer();
    // Plain HTTP requests are not what this server is for.
    http.on('request', (_request, response) =>
      response.writeHead(426, { Connection: 'close' }).end(),
    );
    http.on('clientError', (_error, socket: Duplex) => refuse(socket, 400, 'Bad request'));
    http.on('connection', this.#onConnection);
    http.on('upgrade', this.#onUpgrade);
    this.#http = http;
    this.#own = true;
    const error = await new Promise<Error | null>((resolve) => {
      http.once('error', resolve);
      http.listen({ port, host: bindAddress === '*' ? undefined : bindAddress }, () =>
        resolve(null),
      );
    });
    if (this.#http !== http) return GodotError.ERR_UNCONFIGURED; // stopped meanwhile
    if (error) {
      this.stop();
      return GodotError.ERR_UNAVAILABLE;
    }
    const address = http.address();
    this.#port = typeof address === 'object' && address !== null ? address.port : 0;
    this.#listening = true;
    return GodotError.OK;
  }

  /**
   * Serves WebSocket connections on an existing `node:http` or `node:https`
   * server — a web app's — for upgrade requests to `path` (any path when
   * omitted); its other requests are left to it. The app's server listens
   * and stops on its own.
   *
   * @example
   * ```ts
   * const app = http.createServer(handler).listen(8080);
   * new WebSocketServer().attach(app, '/ws');
   * ```
   */
  attach(server: Server | HttpsServer, path?: string): GodotErrorCode {
    if (this.#http !== null) return GodotError.ERR_ALREADY_IN_USE;
    this.#http = server;
    this.#own = false;
    this.#path = path;
    server.on('upgrade', this.#onUpgrade);
    const address = server.address();
    this.#port = typeof address === 'object' && address !== null ? address.port : 0;
    this.#listening = true;
    return GodotError.OK;
  }

  /** Kept for Godot code: connections arrive as events. ERR_UNCONFIGURED when not listening. */
  poll(): GodotErrorCode {
    return this.#listening ? GodotError.OK : GodotError.ERR_UNCONFIGURED;
  }

  /** True when a connection waits for `takeConnection()`. */
  isConnectionAvailable(): boolean {
    this.#dropClosed();
    return this.#ready.length > 0;
  }

  /**
   * The oldest connection whose handshake is done, now yours; null when none.
   * A connection that closed before anyone took it is not offered.
   */
  takeConnection(): WebSocketPeer | null {
    this.#dropClosed();
    return this.#ready.shift() ?? null;
  }

  /**
   * Resolves with the next connection, taken (null when the server stops or
   * `signal` aborts).
   */
  async waitForConnection(signal?: AbortSignal): Promise<WebSocketPeer | null> {
    while (this.#listening) {
      const peer = this.takeConnection();
      if (peer !== null) return peer;
      if ((await this.#waiters.wait(signal)) !== GodotError.OK) return null;
    }
    return null;
  }

  /**
   * The connections as they come, taken, until the server stops or `signal` aborts.
   *
   * @example
   * ```ts
   * for await (const peer of server.connections()) handle(peer);
   * ```
   */
  async *connections(signal?: AbortSignal): AsyncGenerator<WebSocketPeer> {
    for (
      let peer = await this.waitForConnection(signal);
      peer;
      peer = await this.waitForConnection(signal)
    ) {
      yield peer;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<WebSocketPeer> {
    return this.connections();
  }

  /** Connections being handshaked or waiting, at most (default 16); more are refused with HTTP 503. */
  get maxPendingConnections(): number {
    return this.#maxPending;
  }

  set maxPendingConnections(n: number) {
    if (!Number.isInteger(n) || n < 0) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        'max pending connections must be a non-negative integer',
      );
    }
    this.#maxPending = n;
  }

  /** The port listened on; 0 when not listening. */
  getLocalPort(): number {
    return this.#listening ? this.#port : 0;
  }

  /** True once `listen()` has succeeded (or `attach()` was called), until `stop()`. */
  isListening(): boolean {
    return this.#listening;
  }

  /**
   * Stops accepting: the port is closed (an attached server is left to its
   * app), handshakes under way and connections not taken are closed (1001
   * "Going away"). Connections already taken stay open: they are yours.
   */
  stop(): void {
    const http = this.#http;
    this.#http = null;
    this.#listening = false;
    this.#port = 0;
    if (http !== null) {
      http.off('upgrade', this.#onUpgrade);
      if (this.#own) {
        http.close();
        http.closeIdleConnections();
      }
    }
    for (const socket of this.#handshaking) socket.destroy();
    this.#handshaking.clear();
    for (const peer of this.#ready.splice(0)) peer.close(1001, 'Going away');
    this.#waiters.wake(GodotError.ERR_UNCONFIGURED);
  }

  /** Every connection to our own port: refused at once when too many are pending, else timed. */
  #connection(socket: Socket): void {
    if (this.#pending() >= this.#maxPending) {
      socket.destroy();
      return;
    }
    this.#handshaking.add(socket);
    const timer = setTimeout(
      () => socket.destroy(),
      this.#options.handshakeTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT,
    );
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      this.#handshaking.delete(socket);
    };
    socket.once('close', done);
    (socket as Socket & { [handshakeDone]?: () => void })[handshakeDone] = done;
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#path !== undefined && (request.url ?? '/').split('?')[0] !== this.#path) {
      return; // another path of the app's server: not ours
    }
    if (!this.#own) {
      // An attached server: count and time the handshake from here.
      if (this.#pending() >= this.#maxPending)
        return refuse(socket, 503, 'Too many pending connections');
      this.#connection(socket as Socket);
    }
    const verify = this.#options.verifyHandshake;
    if (verify) {
      const s = socket as Partial<Socket>;
      const accepted = verify({
        url: request.url ?? '/',
        origin: typeof request.headers.origin === 'string' ? request.headers.origin : '',
        headers: request.headers,
        remoteAddress: godotAddress(s.remoteAddress ?? ''),
        remotePort: s.remotePort ?? 0,
      });
      if (!accepted) return refuse(socket, 403, 'Forbidden');
    }
    const peer = new WebSocketPeer(this.#options);
    peer[beginAccept](() => socket.destroy());
    acceptUpgrade(request, socket, head, settingsOf(peer), (accepted) => {
      (socket as Socket & { [handshakeDone]?: () => void })[handshakeDone]?.();
      if (accepted === null || this.#http === null) {
        peer[finishAccept](null);
        if (accepted !== null) accepted.open(IGNORED_EVENTS).terminate();
        return;
      }
      peer[finishAccept](accepted);
      this.#ready.push(peer);
      this.#waiters.wake(GodotError.OK);
    });
  }

  /** Handshakes under way and connections waiting to be taken. */
  #pending(): number {
    this.#dropClosed();
    return this.#handshaking.size + this.#ready.length;
  }

  /** Connections that closed before anyone took them are not offered. */
  #dropClosed(): void {
    if (this.#ready.some((p) => p.getReadyState() === WebSocketPeer.STATE_CLOSED)) {
      this.#ready = this.#ready.filter((p) => p.getReadyState() !== WebSocketPeer.STATE_CLOSED);
    }
  }
}

/** Marks a socket's handshake as finished for the server that timed it. */
const handshakeDone = Symbol('gdwire.WebSocketServer.handshakeDone');
const IGNORED_EVENTS = { open() {}, message() {}, pong() {}, closed() {} };

function pem(value: string | Uint8Array): string | Buffer {
  return typeof value === 'string' ? value : Buffer.from(value);
}

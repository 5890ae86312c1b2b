import {
  GdwireError,
  GodotError,
  type GodotErrorCode,
  type PacketPeerOptions,
  PacketRing,
  PacketWaiters,
} from '@gdwire/packet-peer';
import { type AddressBytes, formatIpAddress, parseIpAddress } from './ip-address.js';
import {
  applyReceiveBufferSize,
  cachedAddress,
  checkReceiveBufferSize,
  detach,
  internal,
  PacketPeerUDP,
  type ServerLink,
} from './packet-peer-udp.js';
import { addressFor, bindSocket, familyFor, type SocketFamily, UdpSocket } from './socket.js';

/** Options of {@link UDPServer}. */
export interface UDPServerOptions extends PacketPeerOptions {
  /** The OS receive buffer (SO_RCVBUF) of the server socket, in bytes; see PacketPeerUDPOptions. */
  readonly socketReceiveBufferSize?: number;
  /**
   * Hand datagrams to peers as they arrive instead of on `poll()`. Godot's
   * UDPServer only receives in `poll()`; this is the Node-friendly mode.
   * Default false.
   */
  readonly autoPoll?: boolean;
  /**
   * Bytes of datagrams the server holds between `poll()` calls — where
   * Godot leaves them in the OS socket buffer. Each costs its size + 24;
   * beyond that they are dropped (`droppedPackets`). Default 1 MiB; a whole
   * number from 1 to 2^30 (else the constructor throws ERR_INVALID_PARAMETER).
   */
  readonly inboxSize?: number;
}

const DEFAULT_MAX_PENDING = 16;

/**
 * Godot 4.6's `UDPServer` on `node:dgram`: one socket, and a PacketPeerUDP per
 * remote address. New addresses wait as pending connections (at most
 * `maxPendingConnections`, 16 by default; more are dropped) until
 * `takeConnection()`; packets reach the peers in `poll()`, as in Godot, or as
 * they arrive with `autoPoll`.
 *
 * @example
 * ```ts
 * const server = new UDPServer();
 * await server.listen(4242);
 * // Godot's way: poll every frame. (Or, the Node way: `for await (const peer of server)`.)
 * setInterval(() => {
 *   server.poll();
 *   while (server.isConnectionAvailable()) {
 *     const peer = server.takeConnection()!;
 *     console.log('hello from', peer.getPacketIp(), peer.getVar());
 *     peer.putVar('welcome');
 *   }
 * }, 16);
 * ```
 */
export class UDPServer {
  readonly #options: UDPServerOptions;
  #socket: UdpSocket | null = null;
  /** The socket is bound: listen() has succeeded (until stop()). */
  #bound = false;
  #family: SocketFamily = 'dual';
  #port = 0;
  #inbox: PacketRing;
  #dropped = 0;
  #maxPending = DEFAULT_MAX_PENDING;
  /** Accepted peers and pending ones, by "address/port". Maps keep insertion order: pending is FIFO. */
  readonly #peers = new Map<string, PacketPeerUDP>();
  readonly #pending = new Map<string, PacketPeerUDP>();
  readonly #link: ServerLink;
  /** Callers of waitForConnection(): woken by each datagram while they wait, and by stop(). */
  readonly #connectionWaiters = new PacketWaiters();

  constructor(options: UDPServerOptions = {}) {
    checkReceiveBufferSize(options.socketReceiveBufferSize);
    const inbox = options.inboxSize ?? 1024 * 1024;
    // NaN or 0 made a ring that drops every datagram; past 2^30 the ring's size is no int.
    if (!(Number.isInteger(inbox) && inbox >= 1 && inbox <= 2 ** 30)) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        `inboxSize must be a whole number of bytes from 1 to 2^30, got ${inbox}`,
      );
    }
    this.#options = options;
    this.#inbox = new PacketRing(inboxRingSize(inbox));
    const server = this;
    this.#link = {
      get socket() {
        return server.#socket!;
      },
      get family() {
        return server.#family;
      },
      localPort: () => this.getLocalPort(),
      // A server peer's packets all come from its one remote address, so its
      // packet address and port are the key it was filed under.
      release: (peer) => {
        const key = `${peer.getPacketIp()}/${peer.getPacketPort()}`;
        if (this.#peers.get(key) === peer) this.#peers.delete(key);
      },
    };
  }

  /**
   * Starts listening on `port` (0: any) and `bindAddress` (`"*"`: every
   * interface, dual-stack). Like Godot, the socket is opened with SO_REUSEADDR.
   *
   * Errors: ERR_ALREADY_IN_USE (already listening), ERR_INVALID_PARAMETER (not
   * an IP literal or `"*"`; port outside 0–65535, which Godot would silently
   * truncate), ERR_UNAVAILABLE (the OS refused).
   */
  async listen(port: number, bindAddress = '*'): Promise<GodotErrorCode> {
    if (this.#socket) return GodotError.ERR_ALREADY_IN_USE;
    const target = bindAddress === '*' ? null : parseIpAddress(bindAddress);
    if (bindAddress !== '*' && target === null) return GodotError.ERR_INVALID_PARAMETER;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      return GodotError.ERR_INVALID_PARAMETER;
    const family: SocketFamily = target === null ? 'dual' : familyFor(target);
    // The server's socket is bound before its peers can send on it: nothing is held for it.
    const udp = new UdpSocket(family, true, () => {});
    const socket = udp.socket;
    socket.on('message', (message, info) => {
      if (this.#socket !== udp) return; // stopped, still sending what was left
      const source = cachedAddress(info.address);
      if (source === null) return;
      const payload = new Uint8Array(message.buffer, message.byteOffset, message.length);
      if (this.#options.autoPoll) this.#dispatch(payload, source, info.port);
      else if (this.#inbox.put(payload, source, info.port) !== GodotError.OK) this.#dropped++;
      if (this.#connectionWaiters.waiting) this.#connectionWaiters.wake(GodotError.OK);
    });
    socket.on('error', () => {
      // Receive errors on an unconnected socket carry nothing a server can act on.
    });
    this.#socket = udp;
    this.#family = family;
    const error = await bindSocket(
      socket,
      port,
      target === null ? '::' : addressFor(family, target)!,
    );
    if (this.#socket !== udp) return GodotError.ERR_UNCONFIGURED; // stopped while binding
    if (error) {
      this.stop();
      return GodotError.ERR_UNAVAILABLE;
    }
    this.#port = socket.address().port;
    this.#bound = true;
    applyReceiveBufferSize(socket, this.#options.socketReceiveBufferSize);
    return GodotError.OK;
  }

  /**
   * Hands the datagrams received since the last call to their peers, making a
   * pending connection for each new address (while fewer than
   * `maxPendingConnections` are pending). ERR_UNCONFIGURED when not listening.
   */
  poll(): GodotErrorCode {
    if (!this.#bound) return GodotError.ERR_UNCONFIGURED;
    for (let packet = this.#inbox.get(); packet !== undefined; packet = this.#inbox.get()) {
      this.#dispatch(packet, this.#inbox.lastAddress, this.#inbox.lastPort);
    }
    return GodotError.OK;
  }

  /** True when a pending connection waits for `takeConnection()`. Does not poll. */
  isConnectionAvailable(): boolean {
    return this.#bound && this.#pending.size > 0;
  }

  /** The oldest pending connection, now accepted (its queue holds at least one packet); null when none. */
  takeConnection(): PacketPeerUDP | null {
    const first = this.#pending.entries().next();
    if (first.done) return null;
    const [key, peer] = first.value;
    this.#pending.delete(key);
    this.#peers.set(key, peer);
    return peer;
  }

  /**
   * Resolves with the next new client, taken — the Node way to wait for one
   * instead of polling `isConnectionAvailable()`. While it waits it polls the
   * server as datagrams arrive (as a `poll()` loop would, so the other peers
   * get theirs too). Resolves null when the server is not listening, stops,
   * or `signal` aborts.
   *
   * @example
   * ```ts
   * const peer = await server.waitForConnection(AbortSignal.timeout(5000));
   * if (peer) console.log('hello from', peer.getPacketIp(), peer.getVar());
   * ```
   */
  async waitForConnection(signal?: AbortSignal): Promise<PacketPeerUDP | null> {
    // A listen() still binding counts: its datagrams will wake this.
    while (this.#socket !== null) {
      if (this.#bound) {
        this.poll();
        const peer = this.takeConnection();
        if (peer !== null) return peer;
      }
      if ((await this.#connectionWaiters.wait(signal)) !== GodotError.OK) return null;
    }
    return null;
  }

  /**
   * The new clients as they come, taken, until the server stops or `signal`
   * aborts (see {@link UDPServer.waitForConnection}). `for await (const peer
   * of server)` does the same.
   *
   * @example
   * ```ts
   * for await (const peer of server.connections()) {
   *   peer.putVar({ welcome: peer.getVar() });
   * }
   * ```
   */
  async *connections(signal?: AbortSignal): AsyncGenerator<PacketPeerUDP> {
    for (
      let peer = await this.waitForConnection(signal);
      peer;
      peer = await this.waitForConnection(signal)
    ) {
      yield peer;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<PacketPeerUDP> {
    return this.connections();
  }

  /**
   * How many connections may wait to be taken (default 16; 0 refuses new
   * ones). Lowering it drops the newest pending connections beyond the limit —
   * Godot intends this, but its loop has an inverted test. Negative values
   * throw ERR_INVALID_PARAMETER and change nothing (Godot prints an error).
   */
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
    const keys = [...this.#pending.keys()];
    for (const key of keys.slice(n)) {
      this.#pending.get(key)?.[detach]();
      this.#pending.delete(key);
    }
  }

  /** The port listened on; 0 when not listening. */
  getLocalPort(): number {
    return this.#bound ? this.#port : 0;
  }

  /** True once `listen()` has succeeded, until `stop()`; false while a `listen()` is still binding. */
  isListening(): boolean {
    return this.#bound;
  }

  /** Datagrams dropped: the server's inbox or a peer's queue was full, or too many connections were pending. */
  get droppedPackets(): number {
    return this.#dropped + this.#inbox.dropped;
  }

  /** Closes the socket. Accepted peers become closed peers; pending ones are discarded. Remote peers are not told. */
  stop(): void {
    // Closed once Node has sent what the peers gave it.
    this.#socket?.close();
    this.#socket = null;
    this.#bound = false;
    this.#port = 0;
    this.#inbox.clear();
    for (const peer of [...this.#peers.values(), ...this.#pending.values()]) peer[detach]();
    this.#peers.clear();
    this.#pending.clear();
    this.#connectionWaiters.wake(GodotError.ERR_UNCONFIGURED);
  }

  #dispatch(payload: Uint8Array, address: AddressBytes, port: number): void {
    const key = `${formatIpAddress(address)}/${port}`;
    const known = this.#peers.get(key) ?? this.#pending.get(key);
    if (known) {
      const before = known.droppedPackets;
      known[internal](payload, address, port);
      if (known.droppedPackets !== before) this.#dropped++;
      return;
    }
    if (this.#pending.size >= this.#maxPending) {
      this.#dropped++;
      return;
    }
    const peer = PacketPeerUDP[internal](this.#link, address, port, this.#options);
    peer[internal](payload, address, port);
    this.#pending.set(key, peer);
  }
}

function inboxRingSize(bytes: number): number {
  let size = 1;
  while (size < bytes) size *= 2;
  return size;
}

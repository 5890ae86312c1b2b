import type * as dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import {
  GdwireError,
  GodotError,
  type GodotErrorCode,
  PacketPeer,
  type PacketPeerOptions,
  PacketRing,
  PacketWaiters,
  ringSizeFor,
} from '@gdwire/packet-peer';
import {
  type AddressBytes,
  formatIpAddress,
  isIpv4Mapped,
  parseIpAddress,
  sameAddress,
} from './ip-address.js';
import {
  addressFor,
  bindSocket,
  connectSocket,
  copyForSend,
  familyFor,
  MAX_DATAGRAM,
  type SocketFamily,
  sendDone,
  UdpSocket,
  wildcardFor,
} from './socket.js';

/** Godot's default `recv_buf_size`, and the ring of peers never bound (2^16 bytes). */
const DEFAULT_RECV_BUF_SIZE = 65536;
const DEFAULT_RING_SIZE = 65536;
const BROADCAST = parseIpAddress('255.255.255.255')!;
/**
 * Datagrams `putPacket` may hold while `setDestAddress` resolves a host name
 * or `connectToHost` waits for the OS (Godot's calls are done when they
 * return, so its sends never wait); past this, ERR_BUSY.
 */
const MAX_HELD = 256;

/** A send made while the OS connect of connectToHost call `call` was under way, to that call's peer. */
interface ConnectHeld {
  readonly call: number;
  readonly bytes: Uint8Array;
  readonly address: AddressBytes;
  readonly port: number;
}

/** A `setDestAddress` of a host name that is still resolving, and the sends made meanwhile. */
interface Resolving {
  readonly port: number;
  readonly held: Uint8Array[];
}

/** What a UDPServer gives the peers it creates: its socket, and a way to let them go. */
export interface ServerLink {
  readonly socket: UdpSocket;
  readonly family: SocketFamily;
  localPort(): number;
  release(peer: PacketPeerUDP): void;
}

/** Package-internal access for UDPServer (not exported from the package). */
export const internal = Symbol('gdwire.PacketPeerUDP.internal');
export const detach = Symbol('gdwire.PacketPeerUDP.detach');

/** Options of {@link PacketPeerUDP}. */
export interface PacketPeerUDPOptions extends PacketPeerOptions {
  /**
   * The OS receive buffer (SO_RCVBUF) in bytes, which holds datagrams until
   * Node reads them — not Godot's `recv_buf_size`, which sizes the packet ring.
   * Raise it for bursts (Linux caps it at twice `net.core.rmem_max`).
   * Default: the OS's. A whole number from 1 to 2^31 − 1 (else the
   * constructor throws ERR_INVALID_PARAMETER).
   */
  readonly socketReceiveBufferSize?: number;
  /**
   * How `setDestAddress` turns a host name into an IP address. Default: the
   * OS resolver (`node:dns` `lookup`), whose first answer wins, as in Godot.
   */
  readonly resolveHost?: (host: string) => Promise<string>;
}

const resolveWithOs = async (host: string): Promise<string> => (await lookup(host)).address;

/**
 * Godot 4.6's `PacketPeerUDP` on `node:dgram`: every method, default and
 * Error code of Godot, in camelCase.
 *
 * Node is event-driven and Godot is polled: datagrams go into Godot's ring
 * buffer as they arrive (bounded by `recvBufSize`, with Godot's accounting;
 * `droppedPackets` counts what did not fit), and the query methods stay
 * synchronous. `bind`, `connectToHost`, `setDestAddress` and `wait` need the
 * OS or DNS and return a Promise of the Error. `putPacket` / `putVar` queue
 * the datagram and return at once; errors the OS reports later are counted in
 * `sendErrors` and kept in `lastSendError`. No OS error is ever thrown or
 * left as an unhandled `'error'` event.
 *
 * @example
 * ```ts
 * const peer = new PacketPeerUDP();
 * await peer.bind(4242);                       // "*": dual-stack, any interface
 * await peer.setDestAddress('127.0.0.1', 4243);
 * peer.putVar({ hello: 'godot' });
 * if ((await peer.wait(AbortSignal.timeout(1000))) === GodotError.OK) {
 *   console.log(peer.getVar(), 'from', peer.getPacketIp(), peer.getPacketPort());
 * }
 * ```
 */
export class PacketPeerUDP extends PacketPeer implements AsyncIterable<Uint8Array> {
  #socket: UdpSocket | null = null;
  /** The send callback for #socket (one per socket, not a closure per datagram). */
  #onSent: (error: Error | null) => void = NO_SOCKET;
  #family: SocketFamily = 'dual';
  #ring = new PacketRing(DEFAULT_RING_SIZE);
  #dropsBefore = 0;
  #packetAddress: AddressBytes | null = null;
  #packetPort = 0;
  #peerAddress: AddressBytes | null = null;
  #peerPort = 0;
  #connected = false;
  /** Node's socket is connected (Godot's `connected` flag is set at once; the OS connect follows). */
  #osConnected = false;
  /** connectToHost calls, so that only the latest one's outcome counts. */
  #connects = 0;
  /** The connectToHost call whose OS connect is under way, 0 when none: sends wait for it. */
  #holdFor = 0;
  /** Sends waiting for the OS connect of the call they were made after. */
  #connectHeld: ConnectHeld[] = [];
  /** The OS connects run one after another (Node refuses a connect while one is under way). */
  #connecting: Promise<unknown> = SETTLED;
  #resolving: Resolving | null = null;
  /** Every name still resolving, with what was sent to it: close() drops what they hold. */
  readonly #unresolved = new Set<Resolving>();
  /** Destination changes (setDestAddress, connectToHost), so that a name resolved late cannot undo a later one. */
  #destinations = 0;
  #broadcast = false;
  #server: ServerLink | null = null;
  #receiveError = false;
  #sendErrors = 0;
  #lastSendError: GdwireError | null = null;
  readonly #waiters = new PacketWaiters();
  readonly #socketReceiveBufferSize: number | undefined;
  readonly #resolveHost: (host: string) => Promise<string>;
  // The last destination formatted for Node (destination addresses are never changed in place).
  #targetOf: AddressBytes | null = null;
  #targetFamily: SocketFamily | null = null;
  #targetText: string | null = null;
  /** The send callback for a UDPServer's socket, when this is one of its peers. */
  #onServerSent: (error: Error | null) => void = NO_SOCKET;

  constructor(options: PacketPeerUDPOptions = {}) {
    super(options);
    checkReceiveBufferSize(options.socketReceiveBufferSize);
    this.#socketReceiveBufferSize = options.socketReceiveBufferSize;
    this.#resolveHost = options.resolveHost ?? resolveWithOs;
  }

  /** A peer created by a UDPServer for one remote address (see UDPServer). */
  static [internal](
    server: ServerLink,
    address: AddressBytes,
    port: number,
    options: PacketPeerUDPOptions,
  ): PacketPeerUDP {
    const peer = new this(options);
    peer.#server = server;
    peer.#onServerSent = peer.#callbackFor(server.socket);
    peer.#connected = true;
    peer.#peerAddress = address;
    peer.#peerPort = port;
    peer.#packetAddress = address;
    peer.#packetPort = port;
    return peer;
  }

  /** Queues a datagram, as the socket's receive handler and UDPServer.poll() do. */
  [internal](payload: Uint8Array, address: AddressBytes, port: number): void {
    this.#ring.put(payload, address, port);
    if (this.#waiters.waiting) this.#waiters.wake(GodotError.OK);
  }

  /** Turns a server peer into a plain closed peer (UDPServer.stop()). */
  [detach](): void {
    this.#server = null;
    this.#resetQueue();
    this.#connected = false;
    this.#waiters.wake(GodotError.ERR_UNCONFIGURED);
  }

  /**
   * Binds to `port` (0: any) on `bindAddress` (`"*"`: every interface,
   * dual-stack; an IPv4 address: an IPv4 socket; an IPv6 address: an IPv6-only
   * socket). `recvBufSize` sizes the receive ring as in Godot (the next power
   * of two above it; each packet costs its size + 24 bytes).
   *
   * Errors, in Godot's order: ERR_ALREADY_IN_USE (a socket is open, also one
   * opened by `putPacket` / `connectToHost`), ERR_INVALID_PARAMETER (not an IP
   * literal or `"*"`; port outside 0–65535), ERR_CANT_CREATE, ERR_UNAVAILABLE
   * (the OS refused: port in use, address not local, …).
   */
  async bind(
    port: number,
    bindAddress = '*',
    recvBufSize = DEFAULT_RECV_BUF_SIZE,
  ): Promise<GodotErrorCode> {
    if (this.#server || this.#socket) return GodotError.ERR_ALREADY_IN_USE;
    const target = bindAddress === '*' ? null : parseIpAddress(bindAddress);
    if (bindAddress !== '*' && target === null) return GodotError.ERR_INVALID_PARAMETER;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      return GodotError.ERR_INVALID_PARAMETER;
    if (!Number.isInteger(recvBufSize) || recvBufSize < 0 || recvBufSize > 0x7fffffff) {
      return GodotError.ERR_INVALID_PARAMETER;
    }
    const family: SocketFamily = target === null ? 'dual' : familyFor(target);
    this.#replaceRing(ringSizeFor(recvBufSize));
    let socket = this.#open(family);
    let error = await bindSocket(
      socket.socket,
      port,
      target === null ? '::' : addressFor(family, target)!,
    );
    if (error?.code === 'EAFNOSUPPORT' && family === 'dual' && this.#socket === socket) {
      // Like Godot, "*" falls back to IPv4 where IPv6 sockets cannot be made.
      this.#closeSocket();
      socket = this.#open('ipv4');
      error = await bindSocket(socket.socket, port, '0.0.0.0');
    }
    // Closed while binding (and maybe opened again since, by a send): not this call's socket.
    if (this.#socket !== socket) return GodotError.ERR_UNCONFIGURED;
    if (error) {
      this.close();
      return GodotError.ERR_UNAVAILABLE;
    }
    return GodotError.OK;
  }

  /** Closes the socket and empties the queue. The destination, last packet source and broadcast flag are kept, as in Godot. */
  close(): void {
    if (this.#server) {
      const server = this.#server;
      this.#server = null;
      server.release(this);
    }
    this.#closeSocket();
    this.#resetQueue();
    this.#connected = false;
    this.#waiters.wake(GodotError.ERR_UNCONFIGURED);
  }

  /**
   * Connects to `host`:`port`, after which only that address's datagrams are
   * received and sends need no destination. Opens a socket if none is open
   * (the OS picks the port). `host` must be an IP literal (no DNS).
   *
   * As in Godot, the call takes effect at once: `isSocketConnected()` is true
   * and `putPacket` sends to `host` straight away, while the Promise waits for
   * the OS. So Godot code that does not wait for the result works as it is.
   *
   * Errors: ERR_LOCKED (a UDPServer peer), ERR_INVALID_PARAMETER (not an IP
   * literal; port outside 1–65535), FAILED (the address cannot be reached
   * from this socket's family, or the OS refused; the peer is then closed, as
   * in Godot).
   */
  async connectToHost(host: string, port: number): Promise<GodotErrorCode> {
    if (this.#server) return GodotError.ERR_LOCKED;
    const address = parseIpAddress(host);
    if (address === null) return GodotError.ERR_INVALID_PARAMETER;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return GodotError.ERR_INVALID_PARAMETER;
    const socket = this.#socket ?? this.#open(familyFor(address));
    const target = addressFor(this.#family, address);
    if (target === null) {
      this.close();
      return GodotError.FAILED;
    }
    this.#connected = true;
    this.#peerAddress = address;
    this.#peerPort = port;
    // A name still resolving must not replace this address; what was held for it is dropped when it resolves.
    this.#destinations++;
    this.#resolving = null;
    // Godot flushes the queue here but keeps its count (phantom packets); we clear both.
    this.#ring.clear();
    this.#receiveError = false;
    const call = ++this.#connects;
    this.#holdFor = call;
    const connected = this.#connecting.then(() => {
      if (this.#socket !== socket || call !== this.#connects) return null; // closed or superseded
      if (this.#osConnected) {
        socket.socket.disconnect();
        this.#osConnected = false;
      }
      // Sends made after a connect this one superseded go where they were sent, before it connects.
      this.#sendConnectHeld((held) => held.call < call, socket);
      return connectSocket(socket.socket, port, target, (error) => {
        if (this.#socket !== socket) return;
        if (error === null) this.#osConnected = true;
        this.#releaseConnectHeld(call, error === null ? socket : null);
      });
    });
    this.#connecting = connected;
    const error = await connected;
    if (this.#socket !== socket) return GodotError.ERR_UNCONFIGURED; // closed meanwhile
    if (error) {
      if (call === this.#connects) this.close();
      return GodotError.FAILED;
    }
    return GodotError.OK;
  }

  /**
   * Sets where `putPacket` / `putVar` send. IP literals take effect at once.
   * Other names are resolved with DNS (`node:dns`, the OS resolver's first
   * answer, or the `resolveHost` option); until the answer comes, sends are held (up to 256, then
   * ERR_BUSY) and go out in order once it does, or are counted in
   * `sendErrors` if it never does. On a connected peer nothing changes and
   * OK is returned, as in Godot (which prints an error).
   *
   * Errors: ERR_CANT_RESOLVE (no such name, `""`, `"*"`),
   * ERR_INVALID_PARAMETER (port outside 1–65535, which Godot would truncate;
   * a host that is not a String).
   */
  async setDestAddress(host: string, port: number): Promise<GodotErrorCode> {
    // Anything but a String would go to the OS resolver as its text ("null").
    if (typeof host !== 'string') return GodotError.ERR_INVALID_PARAMETER;
    if (host === '' || host === '*') return GodotError.ERR_CANT_RESOLVE;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return GodotError.ERR_INVALID_PARAMETER;
    const call = ++this.#destinations;
    const literal = parseIpAddress(host);
    if (literal !== null) {
      this.#resolving = null;
      if (!this.#connected) {
        this.#peerAddress = literal;
        this.#peerPort = port;
      }
      return GodotError.OK;
    }
    // Godot changes nothing on a connected peer; it has resolved the name by then, so
    // whether the peer was connected is decided now, when the call is made.
    const connected = this.#connected;
    const resolving: Resolving = { port, held: [] };
    this.#resolving = connected ? null : resolving;
    this.#unresolved.add(resolving);
    let address: AddressBytes | null = null;
    try {
      address = parseIpAddress(await this.#resolveHost(host));
    } catch {
      // ERR_CANT_RESOLVE below
    }
    if (this.#resolving === resolving) this.#resolving = null;
    this.#unresolved.delete(resolving);
    if (address === null) {
      this.#dropHeld(resolving.held.length, `${host} could not be resolved`);
      return GodotError.ERR_CANT_RESOLVE;
    }
    if (call === this.#destinations && !connected && !this.#connected) {
      this.#peerAddress = address;
      this.#peerPort = port;
    }
    // What was sent while the name resolved goes where it was meant to go,
    // unless the peer connected meanwhile (a connected socket sends only to its peer).
    if (this.#connected) {
      this.#dropHeld(resolving.held.length, `the peer connected while ${host} resolved`);
    } else {
      let failed = 0;
      for (const bytes of resolving.held) {
        const counted = this.#sendErrors;
        // A send the OS refused is counted already; one refused here (FAILED) is not.
        if (this.#send(bytes, address, port) !== GodotError.OK && this.#sendErrors === counted)
          failed++;
      }
      this.#dropHeld(failed, `${host} resolved to an address this socket cannot send to`);
    }
    return GodotError.OK;
  }

  /**
   * Resolves OK as soon as a packet is queued (at once if one already is), or
   * ERR_UNCONFIGURED when the peer is or becomes closed. Unlike Godot's, it
   * can be ended: an aborted `signal` (e.g. `AbortSignal.timeout(ms)`)
   * resolves ERR_TIMEOUT. On a UDPServer peer, packets arrive through
   * `server.poll()` (or the server's `autoPoll`).
   */
  wait(signal?: AbortSignal): Promise<GodotErrorCode> {
    if (!this.isBound()) return Promise.resolve(GodotError.ERR_UNCONFIGURED);
    if (this.#ring.count > 0) return Promise.resolve(GodotError.OK);
    return this.#waiters.wait(signal);
  }

  /**
   * The packets as they come, until the peer is closed or `signal` aborts.
   *
   * @example
   * ```ts
   * for await (const packet of peer) console.log(packet.length, 'bytes from', peer.getPacketIp());
   * ```
   */
  async *packets(signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    while ((await this.wait(signal)) === GodotError.OK) {
      const packet = this.getPacket();
      if (this.getPacketError() === GodotError.OK) yield packet;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this.packets();
  }

  /** True while a socket is open — also one opened by `putPacket`, `connectToHost` or `joinMulticastGroup`, and for UDPServer peers while the server listens. */
  isBound(): boolean {
    return this.#server !== null || this.#socket !== null;
  }

  /** True after a successful `connectToHost`, and for every UDPServer peer. */
  isSocketConnected(): boolean {
    return this.#connected;
  }

  /**
   * The socket's local port; 0 when no socket is open (Godot also prints an
   * error). A socket opened by `putPacket` or `connectToHost` is bound by the
   * OS a moment later (after the current turn of the event loop): until
   * then this is 0 too.
   */
  getLocalPort(): number {
    if (this.#server) return this.#server.localPort();
    if (!this.#socket?.bound) return 0;
    try {
      return this.#socket.socket.address().port;
    } catch {
      return 0;
    }
  }

  /** Source address of the last packet taken, as Godot prints it (`"127.0.0.1"`, `"0:0:0:0:0:0:0:1"`); `""` before any. */
  getPacketIp(): string {
    return this.#packetAddress ? formatIpAddress(this.#packetAddress) : '';
  }

  /** Source port of the last packet taken; 0 before any. */
  getPacketPort(): number {
    return this.#packetPort;
  }

  /** Allows sending to broadcast addresses (off by default). No effect on UDPServer peers, as in Godot. */
  setBroadcastEnabled(enabled: boolean): void {
    if (this.#server) return;
    this.#broadcast = enabled;
    this.#applyBroadcast();
  }

  /**
   * Joins a multicast group on the interface `getLocalInterfaces()` calls
   * `interfaceName` (`"lo"`, `"eth0"`, …, Godot's `IP.get_local_interfaces()`
   * names). IPv4 groups use that interface's first IPv4 address; IPv6 groups
   * its index (an unknown name means the OS default).
   *
   * The peer must be bound first (`await peer.bind(port)`): Godot would open
   * a socket that can never receive, and a socket still binding would be
   * bound twice, so both are refused.
   *
   * Errors: ERR_LOCKED (UDPServer peer), ERR_UNCONFIGURED (no socket: bind
   * first), ERR_BUSY (the socket is still being bound: await `bind()`),
   * ERR_INVALID_PARAMETER (not an IP literal; group family not usable on this
   * socket; for IPv4, no such interface or it has no IPv4 address), FAILED
   * (the OS refused).
   */
  joinMulticastGroup(multicastAddress: string, interfaceName: string): GodotErrorCode {
    return this.#membership(multicastAddress, interfaceName, true);
  }

  /** Leaves a group joined with `joinMulticastGroup`, with the same errors. */
  leaveMulticastGroup(multicastAddress: string, interfaceName: string): GodotErrorCode {
    return this.#membership(multicastAddress, interfaceName, false);
  }

  /** Packets dropped because the receive queue was full (since this peer was made). */
  get droppedPackets(): number {
    return this.#dropsBefore + this.#ring.dropped;
  }

  /** Sends the OS reported as failed after `putPacket` / `putVar` had returned. */
  get sendErrors(): number {
    return this.#sendErrors;
  }

  /** The last of those send failures (code FAILED, the OS error in the message), or null. */
  get lastSendError(): GdwireError | null {
    return this.#lastSendError;
  }

  /** Bytes queued in the OS for sending and not yet sent: send backpressure. */
  getSendQueueSize(): number {
    const socket = this.#server?.socket ?? this.#socket;
    try {
      return socket?.socket.getSendQueueSize() ?? 0;
    } catch {
      return 0;
    }
  }

  /** Packets waiting; -1 when no socket is open or the socket reported a receive error (once), as in Godot. */
  getAvailablePacketCount(): number {
    if (this.#server) return this.#ring.count;
    if (!this.#socket) return -1;
    if (this.#receiveError) {
      this.#receiveError = false;
      return -1;
    }
    return this.#ring.count;
  }

  /** The largest datagram this peer can send: 65507 bytes (Godot returns a placeholder 512). */
  getMaxPacketSize(): number {
    return MAX_DATAGRAM;
  }

  protected takePacket(): Uint8Array | GodotErrorCode {
    if (!this.#server && !this.#socket) return GodotError.FAILED;
    if (this.#receiveError) {
      this.#receiveError = false;
      return GodotError.FAILED;
    }
    const packet = this.#ring.get();
    if (packet === undefined) return GodotError.ERR_UNAVAILABLE;
    // Source addresses are shared, never changed: keep the reference.
    this.#packetAddress = this.#ring.lastAddress;
    this.#packetPort = this.#ring.lastPort;
    return packet;
  }

  protected sendPacket(bytes: Uint8Array): GodotErrorCode {
    if (this.#holdFor !== 0) {
      // connectToHost is waiting for the OS: hold a copy until the socket is connected.
      if (this.#connectHeld.length >= MAX_HELD) return GodotError.ERR_BUSY;
      if (bytes.length > MAX_DATAGRAM) return GodotError.FAILED;
      this.#connectHeld.push({
        call: this.#holdFor,
        bytes: bytes.slice(),
        address: this.#peerAddress!,
        port: this.#peerPort,
      });
      return GodotError.OK;
    }
    if (this.#resolving !== null) {
      // setDestAddress is resolving a name: hold a copy until it is known.
      if (this.#resolving.held.length >= MAX_HELD) return GodotError.ERR_BUSY;
      if (bytes.length > MAX_DATAGRAM) return GodotError.FAILED;
      this.#resolving.held.push(bytes.slice());
      return GodotError.OK;
    }
    const address = this.#peerAddress;
    if (address === null) return GodotError.ERR_UNCONFIGURED;
    return this.#send(bytes, address, this.#peerPort);
  }

  #send(bytes: Uint8Array, address: AddressBytes, port: number): GodotErrorCode {
    if (bytes.length > MAX_DATAGRAM) return GodotError.FAILED;
    // Node reports EACCES for an unallowed broadcast only after the fact; Godot returns FAILED.
    if (!this.#broadcast && isBroadcast(address)) return GodotError.FAILED;
    const server = this.#server;
    const socket = server?.socket ?? this.#socket ?? this.#openForSending(familyFor(address));
    const family = server?.family ?? this.#family;
    // A connected peer sends without an address once Node's socket is connected
    // (Node refuses one then); until then, to the address it is connecting to.
    const target = this.#osConnected && !server ? undefined : this.#target(family, address);
    if (target === null) return GodotError.FAILED;
    const copy = copyForSend(bytes);
    // Each send keeps its callback: without one, Node drops errors it learns
    // of after the call, and the callback says when the copy is free again.
    try {
      socket.send(copy, port, target, server ? this.#onServerSent : this.#onSent);
    } catch (error) {
      sendDone(); // a send that throws never calls back
      this.#sendFailed(error as Error);
      return GodotError.FAILED;
    }
    return GodotError.OK;
  }

  /**
   * The OS connect of `call` is done: its held sends go out on `socket`, now
   * connected to where they were sent (or, with no socket, the connect failed,
   * and they are counted as failed). Runs inside Node's connect callback, before
   * anything else can send.
   */
  #releaseConnectHeld(call: number, socket: UdpSocket | null): void {
    if (call === this.#holdFor) this.#holdFor = 0;
    if (socket !== null) this.#sendConnectHeld((held) => held.call === call, socket, true);
    else {
      const failed = this.#connectHeld.filter((held) => held.call <= call).length;
      this.#connectHeld = this.#connectHeld.filter((held) => held.call > call);
      this.#dropHeld(failed, 'its connectToHost failed');
    }
  }

  /** Sends the held datagrams `which` selects, on a connected socket or to their own addresses. */
  #sendConnectHeld(which: (held: ConnectHeld) => boolean, socket: UdpSocket, connected = false) {
    let failed = 0;
    const rest: ConnectHeld[] = [];
    for (const held of this.#connectHeld) {
      if (!which(held)) {
        rest.push(held);
        continue;
      }
      const target = connected ? undefined : addressFor(this.#family, held.address);
      if (target === null) {
        failed++;
        continue;
      }
      try {
        socket.send(copyForSend(held.bytes), held.port, target, this.#onSent);
      } catch (error) {
        sendDone();
        this.#sendFailed(error as Error);
      }
    }
    this.#connectHeld = rest;
    this.#dropHeld(failed, 'its address cannot be reached from this socket');
  }

  /** The destination as Node wants it, formatted once per destination and socket family. */
  #target(family: SocketFamily, address: AddressBytes): string | null {
    if (this.#targetOf !== address || this.#targetFamily !== family) {
      this.#targetOf = address;
      this.#targetFamily = family;
      this.#targetText = addressFor(family, address);
    }
    return this.#targetText;
  }

  #open(family: SocketFamily): UdpSocket {
    const udp = new UdpSocket(family, false, (count) =>
      this.#dropHeld(count, 'its socket could not be bound'),
    );
    const socket = udp.socket;
    socket.on('message', (message, info) => {
      if (this.#socket !== udp) return; // a closed socket still sending what was left

      const source = cachedAddress(info.address);
      if (source === null) return;
      // A connected peer hears only its peer: while the OS connect is under way
      // the socket still hears everyone, and datagrams that reached it before
      // the connect are still read after it (Godot reads those as its peer's).
      if (this.#connected && !this.#fromPeer(source, info.port)) return;
      // Node gives each datagram its own exact-size buffer: the ring keeps it as a Uint8Array view.
      this[internal](
        new Uint8Array(message.buffer, message.byteOffset, message.length),
        source,
        info.port,
      );
    });
    // Every OS error is handled here; none may escape as an unhandled 'error' event.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') this.#receiveError = true;
    });
    socket.on('listening', () => this.#onListening());
    this.#socket = udp;
    this.#onSent = this.#callbackFor(udp);
    this.#family = family;
    this.#osConnected = false;
    return udp;
  }

  /** The callback of this peer's sends on `udp`: frees the copy, counts a failure. */
  #callbackFor(udp: UdpSocket): (error: Error | null) => void {
    return (error) => {
      udp.sent();
      sendDone();
      if (error) this.#sendFailed(error);
    };
  }

  #fromPeer(source: AddressBytes, port: number): boolean {
    return (
      port === this.#peerPort &&
      this.#peerAddress !== null &&
      sameAddress(source, this.#peerAddress)
    );
  }

  /** Godot opens a socket on the first send; the OS picks the port, so replies can come back. */
  #openForSending(family: SocketFamily): UdpSocket {
    const udp = this.#open(family);
    udp.socket.bind({ port: 0, address: wildcardFor(family) });
    return udp;
  }

  #membership(group: string, interfaceName: string, join: boolean): GodotErrorCode {
    if (this.#server) return GodotError.ERR_LOCKED;
    const address = parseIpAddress(group);
    if (address === null) return GodotError.ERR_INVALID_PARAMETER;
    const socket = this.#socket;
    if (socket === null) return GodotError.ERR_UNCONFIGURED;
    // Node would bind the socket itself to join, and its own bind would then fail.
    if (!socket.bound) return GodotError.ERR_BUSY;
    const v4 = isIpv4Mapped(address);
    if ((v4 && this.#family === 'ipv6') || (!v4 && this.#family === 'ipv4'))
      return GodotError.ERR_INVALID_PARAMETER;
    const entries = networkInterfaces()[interfaceName];
    let iface: string | undefined;
    if (v4) {
      iface = entries?.find((e) => e.family === 'IPv4')?.address;
      if (iface === undefined) return GodotError.ERR_INVALID_PARAMETER;
    } else if (entries !== undefined) {
      iface = `::%${interfaceName}`;
    }
    try {
      if (join) socket.socket.addMembership(formatIpAddress(address), iface);
      else socket.socket.dropMembership(formatIpAddress(address), iface);
    } catch {
      return GodotError.FAILED;
    }
    return GodotError.OK;
  }

  /** Once the OS socket is bound: apply the broadcast flag and the OS buffer size. */
  #onListening(): void {
    this.#applyBroadcast();
    applyReceiveBufferSize(this.#socket?.socket ?? null, this.#socketReceiveBufferSize);
  }

  #applyBroadcast(): void {
    if (!this.#socket?.bound) return;
    try {
      this.#socket.socket.setBroadcast(this.#broadcast);
    } catch {
      // IPv6-only sockets cannot broadcast; Godot ignores that too.
    }
  }

  #sendFailed(error: Error): void {
    this.#sendErrors++;
    const code = (error as NodeJS.ErrnoException).code ?? error.message;
    this.#lastSendError = new GdwireError(GodotError.FAILED, `sending a datagram failed: ${code}`);
  }

  #closeSocket(): void {
    // Closed once Node has sent what it was given: Godot's datagrams have left when put_packet returns.
    this.#socket?.close();
    this.#socket = null;
    this.#onSent = NO_SOCKET;
    this.#osConnected = false;
    this.#receiveError = false;
    this.#connecting = SETTLED;
    this.#holdFor = 0;
    this.#dropHeld(this.#connectHeld.length, 'the peer was closed before it was connected');
    this.#connectHeld = [];
    // Godot's sends had left before close(); these were waiting for a name: they cannot now.
    // The name itself still becomes the destination (Godot keeps it through close()),
    // and sends made after this wait for it.
    for (const resolving of this.#unresolved) {
      this.#dropHeld(resolving.held.length, 'the peer was closed while its destination resolved');
      resolving.held.length = 0;
    }
  }

  /** Counts `count` datagrams that returned OK from putPacket and were never sent. */
  #dropHeld(count: number, why: string): void {
    if (count === 0) return;
    this.#sendErrors += count;
    this.#lastSendError = new GdwireError(
      GodotError.FAILED,
      `${count} datagram${count === 1 ? '' : 's'} not sent: ${why}`,
    );
  }

  /** Godot resets the ring to 2^16 bytes and its count to 0; we also drop its contents (no stale packets). */
  #resetQueue(): void {
    // Emptied in place when it already has that size: closing a peer then
    // allocates nothing (a UDPServer closes its peers by the thousand).
    if (this.#ring.size === DEFAULT_RING_SIZE) this.#ring.clear();
    else this.#replaceRing(DEFAULT_RING_SIZE);
  }

  #replaceRing(size: number): void {
    this.#dropsBefore += this.#ring.dropped;
    this.#ring = new PacketRing(size);
  }
}

/** What `#connecting` is while no connect is under way. */
const SETTLED: Promise<unknown> = Promise.resolve();

/** The send callback while no socket is open (never called). */
function NO_SOCKET(): void {}

/**
 * Throws ERR_INVALID_PARAMETER unless `size` is undefined or a whole number
 * from 1 to 2^31 - 1: the OS call that takes it fails quietly otherwise, and
 * the option would be ignored without a word.
 */
export function checkReceiveBufferSize(size: number | undefined): void {
  if (size !== undefined && !(Number.isInteger(size) && size >= 1 && size <= 0x7fffffff)) {
    throw new GdwireError(
      GodotError.ERR_INVALID_PARAMETER,
      `socketReceiveBufferSize must be a whole number of bytes from 1 to 2^31 - 1, got ${size}`,
    );
  }
}

/** Sets SO_RCVBUF when asked; the OS may cap it, which is not an error. */
export function applyReceiveBufferSize(
  socket: dgram.Socket | null,
  size: number | undefined,
): void {
  if (!socket || size === undefined) return;
  try {
    socket.setRecvBufferSize(size);
  } catch {
    // refused or capped by the OS
  }
}

/**
 * Source addresses as 16 bytes, remembered by their text: a peer hears the
 * same few senders over and over, so each is parsed once. Bounded: the cache
 * starts over past 4096 entries.
 */
const addressCache = new Map<string, AddressBytes | null>();
let lastText = '';
let lastBytes: AddressBytes | null = null;
export function cachedAddress(text: string): AddressBytes | null {
  // Most datagrams come from the sender of the one before.
  if (text === lastText) return lastBytes;
  let bytes = addressCache.get(text);
  if (bytes === undefined) {
    if (addressCache.size >= 4096) addressCache.clear();
    bytes = parseIpAddress(text);
    addressCache.set(text, bytes);
  }
  lastText = text;
  lastBytes = bytes;
  return bytes;
}

/** The last address checked and its answer: a peer sends to one address over and over. */
let broadcastChecked: AddressBytes | null = null;
let broadcastAnswer = false;
function isBroadcast(address: AddressBytes): boolean {
  if (address !== broadcastChecked) {
    broadcastChecked = address;
    broadcastAnswer = true;
    for (let i = 0; i < 16; i++) if (address[i] !== BROADCAST[i]) broadcastAnswer = false;
  }
  return broadcastAnswer;
}

import * as dgram from 'node:dgram';
import { type AddressBytes, formatIpAddress, isIpv4Mapped } from './ip-address.js';

/**
 * The three socket kinds Godot opens (spec §7): `"*"` is a dual-stack IPv6
 * socket (IPV6_V6ONLY off), an IPv4 address an IPv4 socket, an IPv6 address an
 * IPv6-only socket.
 */
export type SocketFamily = 'ipv4' | 'ipv6' | 'dual';

export function createUdpSocket(family: SocketFamily, reuseAddr: boolean): dgram.Socket {
  return dgram.createSocket({
    type: family === 'ipv4' ? 'udp4' : 'udp6',
    ipv6Only: family === 'ipv6',
    reuseAddr,
  });
}

/** The family of socket Godot opens to reach `address` without an explicit bind. */
export function familyFor(address: AddressBytes): SocketFamily {
  return isIpv4Mapped(address) ? 'ipv4' : 'ipv6';
}

/**
 * How `address` is written for a socket of `family`, or null when that socket
 * cannot reach it (an IPv6 destination on an IPv4 socket, or IPv4 on an
 * IPv6-only one). Dual-stack sockets reach IPv4 as `::ffff:a.b.c.d`, as Godot does.
 */
export function addressFor(family: SocketFamily, address: AddressBytes): string | null {
  const v4 = isIpv4Mapped(address);
  if (family === 'ipv4') return v4 ? formatIpAddress(address) : null;
  if (family === 'ipv6') return v4 ? null : formatIpAddress(address);
  return v4 ? `::ffff:${formatIpAddress(address)}` : formatIpAddress(address);
}

/** The wildcard address of a family, for binding. */
export function wildcardFor(family: SocketFamily): string {
  return family === 'ipv4' ? '0.0.0.0' : '::';
}

/** What bind and connect resolve with when the socket is closed before they finish (Node then says nothing). */
export const CLOSED = Object.assign(new Error('the socket was closed'), { code: 'ECLOSED' });

/** Binds and waits for the outcome: null on success, the OS error (or CLOSED) otherwise. */
export function bindSocket(
  socket: dgram.Socket,
  port: number,
  address: string,
): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const done = (error: NodeJS.ErrnoException | null) => {
      socket.off('error', done);
      socket.off('listening', onListening);
      socket.off('close', onClose);
      resolve(error);
    };
    const onListening = () => done(null);
    const onClose = () => done(CLOSED);
    socket.once('error', done);
    socket.once('listening', onListening);
    socket.once('close', onClose);
    try {
      socket.bind({ port, address, exclusive: true });
    } catch (error) {
      done(error as NodeJS.ErrnoException);
    }
  });
}

/**
 * Connects and waits for the outcome: null on success, the error (or CLOSED)
 * otherwise. `onDone` hears it first, inside Node's callback: before any
 * other code runs, so a caller's notion of "connected" matches Node's.
 */
export function connectSocket(
  socket: dgram.Socket,
  port: number,
  address: string,
  onDone: (error: Error | null) => void,
): Promise<Error | null> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (error: Error | null) => {
      if (settled) return;
      settled = true;
      socket.off('close', onClose);
      onDone(error);
      resolve(error);
    };
    const onClose = () => done(CLOSED);
    socket.once('close', onClose);
    try {
      socket.connect(port, address, (error?: Error) => done(error ?? null));
    } catch (error) {
      done(error as Error);
    }
  });
}

/**
 * A node:dgram socket and the sends Node has not answered yet. Node sends a
 * datagram a moment after `send()` returns (after its address lookup, or once
 * the socket is bound), and drops it without a word if the socket is closed
 * before that. Godot's send has left by the time it returns, so a datagram
 * sent before `close()` must still leave: `close()` here closes the socket
 * once every send is answered (meanwhile the socket no longer keeps the
 * process alive). Sends Node drops because the socket could not be bound are
 * reported to `onDropped`.
 */
export class UdpSocket {
  readonly socket: dgram.Socket;
  /** The OS has bound the socket ('listening' has fired). */
  bound = false;
  #inFlight = 0;
  /** Sends made before the socket was bound: Node holds them until it is. */
  #held = 0;
  #closing = false;

  constructor(family: SocketFamily, reuseAddr: boolean, onDropped: (count: number) => void) {
    this.socket = createUdpSocket(family, reuseAddr);
    // Registered first, so it runs before Node sends the datagrams it held.
    this.socket.on('listening', () => {
      this.bound = true;
      this.#held = 0;
    });
    // Before the socket is bound, an error is its bind failing: Node then drops what it held.
    this.socket.on('error', () => {
      if (this.bound || this.#held === 0) return;
      const dropped = this.#held;
      this.#held = 0;
      for (let i = 0; i < dropped; i++) sendDone();
      this.#inFlight -= dropped;
      onDropped(dropped);
      this.#closeIfDone();
    });
  }

  /**
   * Hands a copy from {@link copyForSend} to Node. `onSent` must call
   * {@link UdpSocket.sent} (and {@link sendDone}) when Node answers. Throws
   * what Node throws, having undone the counts.
   */
  send(
    copy: Uint8Array,
    port: number,
    address: string | undefined,
    onSent: (error: Error | null) => void,
  ): void {
    this.#inFlight++;
    if (!this.bound) this.#held++;
    try {
      if (address === undefined) this.socket.send(copy, onSent);
      else this.socket.send(copy, port, address, onSent);
    } catch (error) {
      this.#inFlight--;
      if (!this.bound) this.#held--;
      throw error;
    }
  }

  /** Node answered one send. */
  sent(): void {
    this.#inFlight--;
    this.#closeIfDone();
  }

  /** Closes the socket now, or once every send has been answered. */
  close(): void {
    this.#closing = true;
    if (this.#inFlight > 0) this.socket.unref();
    this.#closeIfDone();
  }

  #closeIfDone(): void {
    if (this.#closing && this.#inFlight === 0) closeSocket(this.socket);
  }
}

/** Closes a socket, ignoring "already closed". */
export function closeSocket(socket: dgram.Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}

/**
 * The largest UDP payload: 65507 bytes. IPv6's header allows 65527, but Linux
 * loses such datagrams even on loopback, so both families share IPv4's limit.
 */
export const MAX_DATAGRAM = 65507;

/** Datagram copies are cut from shared slabs of this size; larger ones get their own. */
const SEND_SLAB = 64 * 1024;
/**
 * Slabs kept for reuse: a burst of sends larger than one slab (256 datagrams
 * of 1200 bytes is almost five) fills the next ones, and every slab is free
 * again once no copy is in flight. Past this many, a burst's further slabs
 * are left to the garbage collector (at most 1 MiB is kept).
 */
const KEPT_SLABS = 16;
const sendSlabs: Uint8Array[] = [];
let slabIndex = 0;
let sendSlab: Uint8Array | null = null;
let sendOffset = 0;
/** Copies handed to Node whose send callback has not run yet. */
let sendsInFlight = 0;

/**
 * A copy of a datagram to hand to Node, which may keep the bytes until it
 * sends them while Godot's caller may reuse its buffer at once. Copies come
 * from shared slabs, as Node's Buffer pool does, without `Buffer.from`'s
 * generic checks. Every copy must be answered by one {@link sendDone} once
 * Node's send callback has run (or the send threw): when no copy is in
 * flight the slabs are written again from the first, so a steady stream of
 * sends, bursts too, allocates nothing. While copies are in flight, a full
 * slab is followed by the next, never reused.
 */
export function copyForSend(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  sendsInFlight++;
  if (n > SEND_SLAB / 4) return bytes.slice();
  if (sendsInFlight === 1 || sendSlab === null) {
    slabIndex = 0;
    sendSlab = sendSlabs[0] ?? nextSlab();
    sendOffset = 0;
  } else if (SEND_SLAB - sendOffset < n) {
    slabIndex++;
    sendSlab = sendSlabs[slabIndex] ?? nextSlab();
    sendOffset = 0;
  }
  const copy = sendSlab.subarray(sendOffset, sendOffset + n);
  copy.set(bytes);
  sendOffset = (sendOffset + n + 7) & ~7;
  return copy;
}

/** A new slab for slabIndex, kept while fewer than KEPT_SLABS are. */
function nextSlab(): Uint8Array {
  const slab = new Uint8Array(SEND_SLAB);
  if (sendSlabs.length < KEPT_SLABS) sendSlabs.push(slab);
  return slab;
}

/** Node is done with one copy from {@link copyForSend}. */
export function sendDone(): void {
  sendsInFlight--;
}

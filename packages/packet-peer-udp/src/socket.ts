import dgram from 'node:dgram';
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

/** Binds and waits for the outcome: null on success, the OS error otherwise. */
export function bindSocket(
  socket: dgram.Socket,
  port: number,
  address: string,
): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => {
      socket.off('listening', onListening);
      resolve(error);
    };
    const onListening = () => {
      socket.off('error', onError);
      resolve(null);
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
    try {
      socket.bind({ port, address, exclusive: true });
    } catch (error) {
      socket.off('error', onError);
      socket.off('listening', onListening);
      resolve(error as NodeJS.ErrnoException);
    }
  });
}

/**
 * Connects and waits for the outcome: null on success, the error otherwise.
 * `onDone` hears it first, inside Node's callback: before any other code
 * runs, so a caller's notion of "connected" matches Node's.
 */
export function connectSocket(
  socket: dgram.Socket,
  port: number,
  address: string,
  onDone: (error: Error | null) => void,
): Promise<Error | null> {
  return new Promise((resolve) => {
    const done = (error: Error | null) => {
      onDone(error);
      resolve(error);
    };
    try {
      socket.connect(port, address, (error?: Error) => done(error ?? null));
    } catch (error) {
      done(error as Error);
    }
  });
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

/** Datagram copies are cut from a shared slab of this size; larger ones get their own. */
const SEND_SLAB = 64 * 1024;
let sendSlab = new Uint8Array(SEND_SLAB);
let sendOffset = 0;
/** Copies handed to Node whose send callback has not run yet. */
let sendsInFlight = 0;

/**
 * A copy of a datagram to hand to Node, which may keep the bytes until it
 * sends them while Godot's caller may reuse its buffer at once. Copies come
 * from a shared slab, as Node's Buffer pool does, without `Buffer.from`'s
 * generic checks. Every copy must be answered by one {@link sendDone} once
 * Node's send callback has run (or the send threw): when no copy is in
 * flight the slab is written again from its start, so a steady stream of
 * sends allocates nothing. While copies are in flight, a full slab is
 * replaced, never reused.
 */
export function copyForSend(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  sendsInFlight++;
  if (n > SEND_SLAB / 4) return bytes.slice();
  if (sendsInFlight === 1) sendOffset = 0;
  else if (SEND_SLAB - sendOffset < n) {
    sendSlab = new Uint8Array(SEND_SLAB);
    sendOffset = 0;
  }
  const copy = sendSlab.subarray(sendOffset, sendOffset + n);
  copy.set(bytes);
  sendOffset = (sendOffset + n + 7) & ~7;
  return copy;
}

/** Node is done with one copy from {@link copyForSend}. */
export function sendDone(): void {
  sendsInFlight--;
}

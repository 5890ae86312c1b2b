import { GodotError, type GodotErrorCode } from '@gdwire/variant-codec';
import { PacketPeer, type PacketPeerOptions } from './packet-peer.js';
import { PACKET_RECORD_OVERHEAD, PacketRing, ringSizeFor } from './packet-ring.js';

/** Options of {@link createPacketPeerPair}. */
export interface PacketPeerPairOptions extends PacketPeerOptions {
  /**
   * Requested receive queue size of each peer, like PacketPeerUDP's
   * `recv_buf_size`: the ring is the next power of two above it, and each
   * packet costs its size + 24 bytes. Default 65536 (a 131072-byte ring).
   */
  readonly recvBufSize?: number;
}

/**
 * One end of an in-memory connection made by {@link createPacketPeerPair}.
 * A packet put on one end is queued, synchronously, in the other end's ring.
 */
export class InMemoryPacketPeer extends PacketPeer {
  readonly #ring: PacketRing;
  #remote: InMemoryPacketPeer | null = null;

  constructor(options: PacketPeerPairOptions = {}) {
    super(options);
    this.#ring = new PacketRing(ringSizeFor(options.recvBufSize ?? 65536));
  }

  /** Links two peers; used by {@link createPacketPeerPair}. */
  static link(a: InMemoryPacketPeer, b: InMemoryPacketPeer): void {
    a.#remote = b;
    b.#remote = a;
  }

  getAvailablePacketCount(): number {
    return this.#ring.count;
  }

  /** The largest packet the other end's ring can ever hold. */
  getMaxPacketSize(): number {
    const remote = this.#remote;
    return remote === null ? 0 : Math.max(0, remote.#ring.capacity - PACKET_RECORD_OVERHEAD);
  }

  /** Packets this peer's queue dropped because they did not fit. */
  get droppedPackets(): number {
    return this.#ring.dropped;
  }

  /** Whether the connection is still open. */
  isConnected(): boolean {
    return this.#remote !== null;
  }

  /** Closes both ends; queued packets stay readable, sends fail with ERR_UNCONFIGURED. */
  close(): void {
    const remote = this.#remote;
    this.#remote = null;
    if (remote) remote.#remote = null;
  }

  protected takePacket(): Uint8Array | GodotErrorCode {
    return this.#ring.get() ?? GodotError.ERR_UNAVAILABLE;
  }

  /** Queues at the other end; ERR_OUT_OF_MEMORY when its ring is full (the packet is dropped there). */
  protected sendPacket(bytes: Uint8Array): GodotErrorCode {
    if (this.#remote === null) return GodotError.ERR_UNCONFIGURED;
    // The ring keeps what it is given, and the sender may reuse its buffer.
    return this.#remote.#ring.put(bytes.slice());
  }
}

/**
 * Two connected in-memory PacketPeers, for tests, workers and in-process
 * games: what one puts, the other gets, with Godot's ring accounting.
 *
 * @example
 * ```ts
 * const [server, client] = createPacketPeerPair({ recvBufSize: 4096 });
 * client.putVar({ cmd: 'join', name: 'Ana' });
 * server.getVar(); // Dictionary { cmd: 'join', name: 'Ana' }
 * ```
 */
export function createPacketPeerPair(
  options: PacketPeerPairOptions = {},
): [InMemoryPacketPeer, InMemoryPacketPeer] {
  const a = new InMemoryPacketPeer(options);
  const b = new InMemoryPacketPeer(options);
  InMemoryPacketPeer.link(a, b);
  return [a, b];
}

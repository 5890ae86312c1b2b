import { GodotError, type GodotErrorCode } from '@gdwire/variant-codec';

/** Bytes of a queued packet's record header: 16-byte IPv6-form address, u32 port, u32 length. */
export const PACKET_RECORD_OVERHEAD = 24;

/**
 * Godot's `nearest_shift` (index of the highest set bit among bits 0..30,
 * plus one; 0 for 0): the ring for a requested size n has 2^nearest_shift(n)
 * bytes, the smallest power of two strictly greater than n.
 */
export function ringSizeFor(requested: number): number {
  if (!Number.isInteger(requested) || requested < 0 || requested > 0x7fffffff) {
    throw new RangeError(`ring size must be an integer from 0 to 2^31-1, got ${requested}`);
  }
  let shift = 0;
  for (let bit = 30; bit >= 0; bit--) {
    if (requested & (1 << bit)) {
      shift = bit + 1;
      break;
    }
  }
  return 2 ** shift;
}

const NO_ADDRESS = new Uint8Array(16);

/**
 * The receive queue of Godot's PacketPeerUDP (spec §5.2), with Godot's exact
 * accounting: a ring of a power-of-two size S of which S − 1 bytes are
 * usable, each queued packet charged its length + 24 bytes (Godot's record
 * header: 16-byte address, port, length). So the same `recv_buf_size` holds
 * the same packets as in Godot.
 *
 * Godot copies each datagram into its byte ring; here the payloads are kept
 * as they are, in a circular queue, and charged the same bytes — the same
 * answers without two copies per packet. `put` therefore keeps the array it
 * is given: pass a copy if you will reuse yours.
 *
 * When a packet does not fit, it is dropped (the queued ones are kept),
 * `put` returns ERR_OUT_OF_MEMORY and `dropped` goes up. Every operation is
 * O(1) and allocates nothing.
 *
 * @example
 * ```ts
 * const ring = new PacketRing(ringSizeFor(1000)); // 1024 bytes, 1023 usable
 * ring.put(Uint8Array.of(1, 2, 3));                // OK: 27 bytes used
 * ring.get();                                      // Uint8Array [1, 2, 3]
 * ```
 */
export class PacketRing {
  readonly #size: number;
  #used = 0;
  #dropped = 0;
  // A circular queue of records in three parallel arrays, grown by doubling.
  #payloads: (Uint8Array | undefined)[] = new Array(16);
  #addresses: (Uint8Array | undefined)[] = new Array(16);
  #ports: number[] = new Array(16).fill(0);
  #head = 0;
  #count = 0;
  /** Source address (16 bytes, IPv6 form) of the packet `get` returned last. Read it, do not change it. */
  lastAddress: Uint8Array = NO_ADDRESS;
  /** Source port of the packet `get` returned last. */
  lastPort = 0;

  /** @param size the ring's size in bytes, a power of two (see {@link ringSizeFor}). */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0) {
      throw new RangeError(`ring size must be a power of two, got ${size}`);
    }
    this.#size = size;
  }

  /** The ring's size in bytes (S). */
  get size(): number {
    return this.#size;
  }

  /** Usable bytes: S − 1. */
  get capacity(): number {
    return this.#size - 1;
  }

  /** Bytes charged to queued packets (length + 24 each). */
  get used(): number {
    return this.#used;
  }

  /** Bytes still free for packets. */
  get free(): number {
    return this.capacity - this.#used;
  }

  /** Number of queued packets. */
  get count(): number {
    return this.#count;
  }

  /** Packets dropped because they did not fit. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Queues a packet with its source (a 16-byte IPv6-form address, kept by
   * reference). Returns OK, or ERR_OUT_OF_MEMORY when `payload.length + 24`
   * bytes are not free (the packet is dropped).
   */
  put(payload: Uint8Array, address?: Uint8Array, port = 0): GodotErrorCode {
    const charge = payload.length + PACKET_RECORD_OVERHEAD;
    if (charge > this.free) {
      this.#dropped++;
      return GodotError.ERR_OUT_OF_MEMORY;
    }
    if (this.#count === this.#payloads.length) this.#grow();
    const at = (this.#head + this.#count) & (this.#payloads.length - 1);
    this.#payloads[at] = payload;
    this.#addresses[at] = address;
    this.#ports[at] = port >>> 0;
    this.#count++;
    this.#used += charge;
    return GodotError.OK;
  }

  /** Takes the oldest packet (sets `lastAddress` / `lastPort`), or undefined when empty. */
  get(): Uint8Array | undefined {
    if (this.#count === 0) return undefined;
    const at = this.#head;
    const payload = this.#payloads[at]!;
    this.lastAddress = this.#addresses[at] ?? NO_ADDRESS;
    this.lastPort = this.#ports[at]!;
    this.#payloads[at] = this.#addresses[at] = undefined;
    this.#head = (at + 1) & (this.#payloads.length - 1);
    this.#count--;
    this.#used -= payload.length + PACKET_RECORD_OVERHEAD;
    return payload;
  }

  /** Length of the oldest packet's payload, or -1 when empty. */
  peekLength(): number {
    return this.#count === 0 ? -1 : this.#payloads[this.#head]!.length;
  }

  /** Forgets every queued packet (the drop counter is kept). */
  clear(): void {
    if (this.#count > 0) {
      this.#payloads.fill(undefined);
      this.#addresses.fill(undefined);
    }
    this.#head = this.#count = this.#used = 0;
  }

  /** Doubles the queue's slots, keeping the records in order. */
  #grow(): void {
    const n = this.#payloads.length;
    const order = (i: number) => (this.#head + i) & (n - 1);
    this.#payloads = Array.from({ length: n * 2 }, (_, i) =>
      i < n ? this.#payloads[order(i)] : undefined,
    );
    this.#addresses = Array.from({ length: n * 2 }, (_, i) =>
      i < n ? this.#addresses[order(i)] : undefined,
    );
    this.#ports = Array.from({ length: n * 2 }, (_, i) => (i < n ? this.#ports[order(i)]! : 0));
    this.#head = 0;
  }
}

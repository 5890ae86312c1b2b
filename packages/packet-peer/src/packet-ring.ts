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

/**
 * The receive queue of Godot's PacketPeerUDP (spec §5.2): one byte ring of a
 * power-of-two size S holding records of `payload + 24` bytes (source address
 * in 16-byte IPv6 form, port, length, payload), wrapping around its end. One
 * byte is kept free, so S − 1 bytes are usable, exactly as in Godot: the same
 * `recv_buf_size` holds the same packets.
 *
 * When a packet does not fit, it is dropped (the queued ones are kept),
 * `put` returns ERR_OUT_OF_MEMORY and `dropped` goes up. Every operation is
 * O(packet size); nothing is allocated but the payload handed out by `get`.
 *
 * @example
 * ```ts
 * const ring = new PacketRing(ringSizeFor(1000)); // 1024 bytes, 1023 usable
 * ring.put(Uint8Array.of(1, 2, 3));                // OK: 27 bytes used
 * ring.get();                                      // Uint8Array [1, 2, 3]
 * ```
 */
export class PacketRing {
  readonly #buffer: Uint8Array;
  readonly #mask: number;
  #read = 0;
  #write = 0;
  #count = 0;
  #dropped = 0;
  /** Source address (16 bytes, IPv6 form) of the packet `get` returned last; reused. */
  readonly lastAddress = new Uint8Array(16);
  /** Source port of the packet `get` returned last. */
  lastPort = 0;

  /** @param size the ring's size in bytes, a power of two (see {@link ringSizeFor}). */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0) {
      throw new RangeError(`ring size must be a power of two, got ${size}`);
    }
    this.#buffer = new Uint8Array(size);
    this.#mask = size - 1;
  }

  /** The ring's size in bytes (S). */
  get size(): number {
    return this.#buffer.length;
  }

  /** Usable bytes: S − 1. */
  get capacity(): number {
    return this.#buffer.length - 1;
  }

  /** Bytes taken by queued records. */
  get used(): number {
    return (this.#write - this.#read) & this.#mask;
  }

  /** Bytes still free for records. */
  get free(): number {
    return this.capacity - this.used;
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
   * Queues a packet with its source. Returns OK, or ERR_OUT_OF_MEMORY when
   * `payload.length + 24` bytes are not free (the packet is dropped).
   */
  put(payload: Uint8Array, address?: Uint8Array, port = 0): GodotErrorCode {
    if (payload.length + PACKET_RECORD_OVERHEAD > this.free) {
      this.#dropped++;
      return GodotError.ERR_OUT_OF_MEMORY;
    }
    const header = this.#scratch;
    header.fill(0, 0, 16);
    if (address) header.set(address.subarray(0, 16));
    this.#scratchView.setUint32(16, port >>> 0, true);
    this.#scratchView.setUint32(20, payload.length, true);
    this.#copyIn(header);
    this.#copyIn(payload);
    this.#count++;
    return GodotError.OK;
  }

  /** Takes the oldest packet (sets `lastAddress` / `lastPort`), or undefined when empty. */
  get(): Uint8Array | undefined {
    if (this.#count === 0) return undefined;
    this.#copyOut(this.#scratch);
    this.lastAddress.set(this.#scratch.subarray(0, 16));
    this.lastPort = this.#scratchView.getUint32(16, true);
    const payload = new Uint8Array(this.#scratchView.getUint32(20, true));
    this.#copyOut(payload);
    this.#count--;
    return payload;
  }

  /** Length of the oldest packet's payload, or -1 when empty. */
  peekLength(): number {
    if (this.#count === 0) return -1;
    const at = (this.#read + 20) & this.#mask;
    let length = 0;
    for (let i = 3; i >= 0; i--) length = length * 256 + this.#buffer[(at + i) & this.#mask]!;
    return length;
  }

  /** Forgets every queued packet (the drop counter is kept). */
  clear(): void {
    this.#read = this.#write = this.#count = 0;
  }

  readonly #scratch = new Uint8Array(PACKET_RECORD_OVERHEAD);
  readonly #scratchView = new DataView(this.#scratch.buffer);

  #copyIn(data: Uint8Array): void {
    const size = this.#buffer.length;
    const first = Math.min(data.length, size - this.#write);
    this.#buffer.set(data.subarray(0, first), this.#write);
    this.#buffer.set(data.subarray(first), 0);
    this.#write = (this.#write + data.length) & this.#mask;
  }

  #copyOut(target: Uint8Array): void {
    const size = this.#buffer.length;
    const first = Math.min(target.length, size - this.#read);
    target.set(this.#buffer.subarray(this.#read, this.#read + first));
    target.set(this.#buffer.subarray(0, target.length - first), first);
    this.#read = (this.#read + target.length) & this.#mask;
  }
}

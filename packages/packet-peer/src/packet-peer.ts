import {
  bytesToVar,
  type Dialect,
  GdwireError,
  GodotError,
  type GodotErrorCode,
  isByteArray,
  type Variant,
  VariantEncoder,
  type VariantInput,
} from '@gdwire/variant-codec';

/** Default `encode_buffer_max_size`: 8 MiB. */
export const DEFAULT_ENCODE_BUFFER_MAX_SIZE = 8 * 1024 * 1024;
const MIN_ENCODE_BUFFER = 1024;
const MAX_ENCODE_BUFFER = 256 * 1024 * 1024;

/** Options every PacketPeer takes. */
export interface PacketPeerOptions {
  /** Variant dialect for `putVar` / `getVar`: `'godot3'` to talk to Godot 3. Default `'godot4'`. */
  readonly dialect?: Dialect;
  /** Initial `encodeBufferMaxSize` (1 KiB–256 MiB, rounded up to a power of two). Default 8 MiB. */
  readonly encodeBufferMaxSize?: number;
}

/**
 * Godot's `PacketPeer`, transport-agnostic: the shared logic of every peer
 * (`putVar` / `getVar`, the encode buffer limit, the packet error), over
 * three primitives a transport provides — take a packet, send a packet, and
 * count packets.
 *
 * Method names are Godot's in camelCase. Deviation, for visibility: Godot's
 * `get_var` returns null on failure and never touches `get_packet_error`;
 * here `getVar` also sets `getPacketError()`, and `lastError` carries the
 * full {@link GdwireError} (message, byte offset) while `lastPacket` keeps
 * the bytes of the packet taken, so nothing is lost.
 *
 * @example
 * ```ts
 * const [a, b] = createPacketPeerPair();
 * a.putVar({ hp: 100 });
 * b.getVar(); // Dictionary { hp: 100 }
 * ```
 */
export abstract class PacketPeer {
  readonly #dialect: Dialect;
  #encodeBufferMaxSize = DEFAULT_ENCODE_BUFFER_MAX_SIZE;
  #encoder: VariantEncoder;
  #packetError: GodotErrorCode = GodotError.OK;
  #lastError: GdwireError | null = null;
  #lastPacket: Uint8Array | null = null;

  protected constructor(options: PacketPeerOptions = {}) {
    this.#dialect = options.dialect ?? 'godot4';
    this.#encoder = new VariantEncoder({
      dialect: this.#dialect,
      maxSize: this.#encodeBufferMaxSize,
    });
    if (options.encodeBufferMaxSize !== undefined)
      this.encodeBufferMaxSize = options.encodeBufferMaxSize;
  }

  /** Number of packets waiting; -1 when the transport cannot tell (e.g. a closed UDP socket). */
  abstract getAvailablePacketCount(): number;

  /** Largest packet this peer can send or receive. */
  abstract getMaxPacketSize(): number;

  /** Takes the next packet, or returns the Error that prevented it (ERR_UNAVAILABLE when none). */
  protected abstract takePacket(): Uint8Array | GodotErrorCode;

  /** Sends one packet (never empty); returns OK or the transport's Error. */
  protected abstract sendPacket(bytes: Uint8Array): GodotErrorCode;

  /** The Variant dialect `putVar` / `getVar` speak. */
  get dialect(): Dialect {
    return this.#dialect;
  }

  /**
   * Godot's `encode_buffer_max_size`: the largest Variant `putVar` will send.
   * Setting it rounds up to a power of two; values outside 1 KiB–256 MiB
   * leave it unchanged and throw ERR_INVALID_PARAMETER with Godot's message
   * (Godot prints the error and carries on).
   */
  get encodeBufferMaxSize(): number {
    return this.#encodeBufferMaxSize;
  }

  set encodeBufferMaxSize(size: number) {
    if (!(size >= MIN_ENCODE_BUFFER)) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        'Max encode buffer must be at least 1024 bytes',
      );
    }
    if (size > MAX_ENCODE_BUFFER) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        'Max encode buffer cannot exceed 256 MiB',
      );
    }
    this.#encodeBufferMaxSize = 2 ** Math.ceil(Math.log2(Math.ceil(size)));
    // Godot drops its encode buffer when the limit changes.
    this.#encoder = new VariantEncoder({
      dialect: this.#dialect,
      maxSize: this.#encodeBufferMaxSize,
    });
  }

  /**
   * Takes the next packet's bytes; an empty array on failure, with the reason
   * in `getPacketError()` (ERR_UNAVAILABLE when nothing is queued).
   */
  getPacket(): Uint8Array {
    const packet = this.takePacket();
    if (typeof packet === 'number') {
      this.#fail(packet, new GdwireError(packet, 'no packet could be taken'), null);
      return new Uint8Array(0);
    }
    this.#succeed(packet);
    return packet;
  }

  /**
   * The Error of the last `getPacket()` or `getVar()` (Godot: of the last
   * script-level `get_packet()` only).
   */
  getPacketError(): GodotErrorCode {
    return this.#packetError;
  }

  /** The full error of the last failed `getPacket()` / `getVar()`, or null after a success. */
  get lastError(): GdwireError | null {
    return this.#lastError;
  }

  /** The bytes of the packet the last `getPacket()` / `getVar()` took, even when decoding failed. */
  get lastPacket(): Uint8Array | null {
    return this.#lastPacket;
  }

  /**
   * Takes the next packet and decodes it as one Variant (trailing bytes
   * ignored, as in Godot). Returns null on failure; the packet is consumed
   * even when its bytes are not a valid Variant, as in Godot, and the reason
   * is in `getPacketError()` / `lastError`, the bytes in `lastPacket`.
   * Full objects are refused (ERR_UNAUTHORIZED) unless `allowObjects`.
   */
  getVar(allowObjects = false): Variant {
    const packet = this.takePacket();
    if (typeof packet === 'number') {
      this.#fail(packet, new GdwireError(packet, 'no packet could be taken'), null);
      return null;
    }
    try {
      const value = bytesToVar(packet, { allowObjects, dialect: this.#dialect });
      this.#succeed(packet);
      return value;
    } catch (e) {
      if (!GdwireError.is(e)) throw e;
      this.#fail(e.code, e, packet);
      return null;
    }
  }

  /**
   * Sends one packet. An empty packet is OK and sends nothing, as in Godot;
   * anything but a Uint8Array is ERR_INVALID_PARAMETER.
   */
  putPacket(bytes: Uint8Array): GodotErrorCode {
    if (!isByteArray(bytes)) return GodotError.ERR_INVALID_PARAMETER;
    if (bytes.length === 0) return GodotError.OK;
    return this.sendPacket(bytes);
  }

  /**
   * Encodes `value` as one packet holding exactly its Variant bytes.
   * ERR_OUT_OF_MEMORY (nothing sent) when the encoding is larger than
   * `encodeBufferMaxSize`; an encode error (too deep, no Godot type, a full
   * object without `fullObjects`) is returned as its Error code.
   */
  putVar(value: VariantInput, fullObjects = false): GodotErrorCode {
    let bytes: Uint8Array;
    try {
      bytes = this.#encoder.encode(value, { dialect: this.#dialect, fullObjects });
    } catch (e) {
      if (!GdwireError.is(e)) throw e;
      return e.code;
    }
    return this.sendPacket(bytes);
  }

  #succeed(packet: Uint8Array): void {
    this.#packetError = GodotError.OK;
    this.#lastError = null;
    this.#lastPacket = packet;
  }

  #fail(code: GodotErrorCode, error: GdwireError, packet: Uint8Array | null): void {
    this.#packetError = code;
    this.#lastError = error;
    this.#lastPacket = packet;
  }
}

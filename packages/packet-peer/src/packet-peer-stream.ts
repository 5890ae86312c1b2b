import { GdwireError, GodotError, type GodotErrorCode, isByteArray } from '@gdwire/variant-codec';
import { PacketPeer, type PacketPeerOptions } from './packet-peer.js';

/**
 * Where a PacketPeerStream writes its frames: anything with a `write` —
 * a `node:net` Socket, a WebSocket's `send` wrapped as `write`, a WHATWG
 * `WritableStreamDefaultWriter`.
 */
export interface StreamPeer {
  write(bytes: Uint8Array): unknown;
}

/**
 * A Node-style duplex byte stream (a `node:net` Socket, a TLS socket, a
 * Duplex): described by shape, so this package needs no Node types.
 */
export interface DuplexLike extends StreamPeer {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** Options of {@link PacketPeerStream}. */
export interface PacketPeerStreamOptions extends PacketPeerOptions {
  /** Largest frame payload that can be buffered on input (rounded like Godot's). Default 65532. */
  readonly inputBufferMaxSize?: number;
  /** Largest packet `putPacket` accepts (rounded like Godot's). Default 65532. */
  readonly outputBufferMaxSize?: number;
}

/** Godot's buffer sizes: `next_power_of_2(n + 4)` bytes, so `n` becomes `next_power_of_2(n + 4) - 4`. */
function bufferSizeFor(requested: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, requested + 4)));
}

/** ERR_INVALID_PARAMETER naming `what` unless `size` is a whole number (Godot's sizes are ints). */
function notWholeSize(size: number, what: string): GdwireError | null {
  return Number.isInteger(size)
    ? null
    : new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        `${what} must be a whole number, got ${size}`,
      );
}

/**
 * An input buffer for `size`, or why there is none: the constructor throws
 * that error, `setInputBufferMaxSize` returns its code.
 */
function inputBufferFor(size: number): Uint8Array | GdwireError {
  const notWhole = notWholeSize(size, 'inputBufferMaxSize');
  if (notWhole !== null) return notWhole;
  if (size < 0) {
    // Godot refuses a negative size too.
    return new GdwireError(
      GodotError.ERR_INVALID_PARAMETER,
      `inputBufferMaxSize must be 0 or more, got ${size}`,
    );
  }
  try {
    return new Uint8Array(bufferSizeFor(size));
  } catch {
    // RangeError: past the largest typed array, or out of memory.
    return new GdwireError(
      GodotError.ERR_OUT_OF_MEMORY,
      `an input buffer for ${size} bytes cannot be allocated`,
    );
  }
}

const DEFAULT_MAX = 65532; // network/limits/packet_peer_stream/max_buffer_po2 = 16

/**
 * A WHATWG readable and writable stream of bytes, as a WebTransport stream or
 * a `TransformStream` has, described by the parts gdwire uses: a browser's or
 * Node's streams fit it, and the types need neither the DOM nor Node's.
 */
export interface WebStreamPair {
  readonly readable: {
    getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array | undefined }> };
  };
  readonly writable: { getWriter(): { write(chunk: Uint8Array): Promise<void> } };
}

/**
 * Godot's `PacketPeerStream`: packets framed over a byte stream as a u32
 * little-endian length then the payload (spec §4.1), the framing of Godot's
 * `PacketPeerStream` over `StreamPeerTCP`.
 *
 * Feed it the bytes your stream receives with {@link receiveData}; it
 * writes frames to the {@link StreamPeer} you give it. Partial frames across
 * chunks, several frames in one chunk and one byte at a time all work, and
 * bytes are copied once into an input ring of Godot's size.
 *
 * Backpressure: when the input buffer is full, `receiveData` keeps the rest
 * of the chunk aside and returns false; pause your source until the
 * `onDrain` callback runs. A frame longer than the input buffer can never
 * complete: as in Godot, `getPacket` then answers ERR_UNAVAILABLE, and
 * `inputStalled` says so.
 *
 * @example
 * ```ts
 * const peer = new PacketPeerStream();
 * peer.setStreamPeer(socket);                          // a node:net Socket
 * socket.on('data', (chunk) => { if (!peer.receiveData(chunk)) socket.pause(); });
 * peer.onDrain = () => socket.resume();
 * peer.putVar({ hello: 'godot' });
 * ```
 */
export class PacketPeerStream extends PacketPeer {
  #peer: StreamPeer | null = null;
  #input: Uint8Array;
  #read = 0; // start of buffered data in #input
  #length = 0; // buffered bytes
  #outputMax = 0; // set in the constructor, through the setter that checks it
  readonly #pending: Uint8Array[] = [];
  /** Called when bytes kept aside by `receiveData` have all been taken in. */
  onDrain: (() => void) | null = null;

  constructor(options: PacketPeerStreamOptions = {}) {
    super(options);
    const input = inputBufferFor(options.inputBufferMaxSize ?? DEFAULT_MAX);
    if (input instanceof GdwireError) throw input;
    this.#input = input;
    this.outputBufferMaxSize = options.outputBufferMaxSize ?? DEFAULT_MAX;
  }

  /**
   * A PacketPeerStream over a Node duplex stream such as a `node:net` Socket:
   * frames are written to it, received data is taken in, and the socket is
   * paused while the input buffer is full.
   *
   * @example
   * ```ts
   * const socket = net.connect(4242, '127.0.0.1');
   * const peer = PacketPeerStream.fromDuplex(socket);
   * peer.putVar({ hello: 'godot' });
   * ```
   */
  static fromDuplex(stream: DuplexLike, options?: PacketPeerStreamOptions): PacketPeerStream {
    const peer = new this(options);
    peer.setStreamPeer(stream);
    stream.on('data', (chunk) => {
      if (!peer.receiveData(chunk)) stream.pause();
    });
    peer.onDrain = () => stream.resume();
    return peer;
  }

  /**
   * A PacketPeerStream over a WHATWG stream pair (`{ readable, writable }`,
   * as a WebTransport stream or a `TransformStream` gives): reading runs in
   * the background and waits while the input buffer is full.
   * Resolves `closed` when the readable side ends.
   *
   * @example
   * ```ts
   * const { peer, closed } = PacketPeerStream.fromWebStreams(bidirectionalStream);
   * peer.putVar([1, 2, 3]);
   * ```
   */
  static fromWebStreams(
    pair: WebStreamPair,
    options?: PacketPeerStreamOptions,
  ): { peer: PacketPeerStream; closed: Promise<void> } {
    const peer = new this(options);
    const writer = pair.writable.getWriter();
    peer.setStreamPeer({ write: (bytes) => writer.write(bytes).catch(() => {}) });
    const reader = pair.readable.getReader();
    const closed = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || value === undefined) return;
        if (!peer.receiveData(value)) {
          await new Promise<void>((resolve) => {
            peer.onDrain = resolve;
          });
        }
      }
    })();
    return { peer, closed };
  }

  /** Sets (or, with null, removes) the stream frames are written to. Without one, puts and gets fail with ERR_UNCONFIGURED. */
  setStreamPeer(peer: StreamPeer | null): void {
    if (peer !== null && typeof (peer as Partial<StreamPeer> | undefined)?.write !== 'function') {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        'a stream peer has a write(bytes) method',
      );
    }
    this.#peer = peer;
  }

  getStreamPeer(): StreamPeer | null {
    return this.#peer;
  }

  /** Godot's `input_buffer_max_size`. */
  get inputBufferMaxSize(): number {
    return this.#input.length - 4;
  }

  /**
   * Resizes the input buffer. Unchanged: ERR_BUSY while data is buffered, as
   * Godot refuses then; ERR_INVALID_PARAMETER for a negative size (Godot
   * refuses it too) or one that is not a whole number; ERR_OUT_OF_MEMORY when
   * the buffer cannot be allocated.
   */
  setInputBufferMaxSize(size: number): GodotErrorCode {
    if (this.#length > 0 || this.#pending.length > 0) return GodotError.ERR_BUSY;
    const input = inputBufferFor(size);
    if (input instanceof GdwireError) return input.code;
    this.#input = input;
    this.#read = 0;
    return GodotError.OK;
  }

  /** Godot's `output_buffer_max_size`: the largest packet `putPacket` accepts. */
  get outputBufferMaxSize(): number {
    return this.#outputMax;
  }

  /** A negative size is 0, as in Godot; one that is not a whole number throws ERR_INVALID_PARAMETER. */
  set outputBufferMaxSize(size: number) {
    const notWhole = notWholeSize(size, 'outputBufferMaxSize');
    if (notWhole !== null) throw notWhole;
    this.#outputMax = size < 0 ? 0 : bufferSizeFor(size) - 4;
  }

  /** True when the next frame claims more bytes than the input buffer can ever hold. */
  get inputStalled(): boolean {
    const length = this.#peekLength();
    return length !== -1 && length + 4 > this.#input.length;
  }

  /**
   * Takes bytes received from the stream. Returns false when some had to be
   * kept aside because the input buffer is full (pause the source until
   * `onDrain`); they are not lost. Anything but a Uint8Array throws
   * ERR_INVALID_PARAMETER.
   */
  receiveData(chunk: Uint8Array): boolean {
    if (!isByteArray(chunk)) {
      throw new GdwireError(GodotError.ERR_INVALID_PARAMETER, 'receiveData takes a Uint8Array');
    }
    if (this.#pending.length > 0) {
      this.#pending.push(chunk.slice());
      return false;
    }
    const taken = this.#append(chunk);
    if (taken < chunk.length) {
      this.#pending.push(chunk.slice(taken));
      return false;
    }
    return true;
  }

  getAvailablePacketCount(): number {
    let count = 0;
    let offset = 0;
    for (;;) {
      const length = this.#peekLength(offset);
      if (length === -1 || this.#length - offset < length + 4) return count;
      count++;
      offset += length + 4;
    }
  }

  /** Godot's `get_max_packet_size`: the output buffer's size. */
  getMaxPacketSize(): number {
    return this.#outputMax + 4;
  }

  protected takePacket(): Uint8Array | GodotErrorCode {
    if (this.#peer === null) return GodotError.ERR_UNCONFIGURED;
    const length = this.#peekLength();
    if (length === -1 || this.#length < length + 4) return GodotError.ERR_UNAVAILABLE;
    this.#consume(4);
    const packet = this.#copy(0, length);
    this.#consume(length);
    this.#refill();
    return packet;
  }

  protected sendPacket(bytes: Uint8Array): GodotErrorCode {
    if (this.#peer === null) return GodotError.ERR_UNCONFIGURED;
    if (bytes.length > this.#outputMax) return GodotError.ERR_INVALID_PARAMETER;
    const frame = new Uint8Array(bytes.length + 4);
    new DataView(frame.buffer).setUint32(0, bytes.length, true);
    frame.set(bytes, 4);
    this.#peer.write(frame);
    return GodotError.OK;
  }

  /** Copies as much of `chunk` as fits into the ring; returns how much. */
  #append(chunk: Uint8Array): number {
    const size = this.#input.length;
    const n = Math.min(chunk.length, size - this.#length);
    const write = (this.#read + this.#length) % size;
    const first = Math.min(n, size - write);
    this.#input.set(chunk.subarray(0, first), write);
    this.#input.set(chunk.subarray(first, n), 0);
    this.#length += n;
    return n;
  }

  #refill(): void {
    while (this.#pending.length > 0) {
      const chunk = this.#pending[0]!;
      const taken = this.#append(chunk);
      if (taken < chunk.length) {
        this.#pending[0] = chunk.subarray(taken);
        return;
      }
      this.#pending.shift();
    }
    this.onDrain?.();
  }

  /** The u32 length at `offset` into the buffered bytes, or -1 when fewer than 4 bytes are there. */
  #peekLength(offset = 0): number {
    if (this.#length - offset < 4) return -1;
    const b = this.#copy(offset, 4);
    return new DataView(b.buffer).getUint32(0, true);
  }

  #copy(offset: number, n: number): Uint8Array {
    const size = this.#input.length;
    const start = (this.#read + offset) % size;
    const out = new Uint8Array(n);
    const first = Math.min(n, size - start);
    out.set(this.#input.subarray(start, start + first));
    out.set(this.#input.subarray(0, n - first), first);
    return out;
  }

  #consume(n: number): void {
    this.#read = (this.#read + n) % this.#input.length;
    this.#length -= n;
  }
}

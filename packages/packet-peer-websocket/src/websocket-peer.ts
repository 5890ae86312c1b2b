import {
  GdwireError,
  GodotError,
  type GodotErrorCode,
  PacketPeer,
  type PacketPeerOptions,
  PacketWaiters,
  ringSizeFor,
} from '@gdwire/packet-peer';
import { isByteArray } from '@gdwire/variant-codec';
import {
  type Connector,
  inPlainBuffer,
  type Link,
  type LinkEvents,
  type TlsClientOptions,
} from './link.js';
import { parseWebSocketUrl } from './url.js';

/** `WebSocketPeer.State`: as Godot numbers it. */
export type WebSocketState = 0 | 1 | 2 | 3;
/** `WebSocketPeer.WriteMode`: 0 text, 1 binary, as in Godot. */
export type WriteMode = 0 | 1;

const STATE_CONNECTING = 0;
const STATE_OPEN = 1;
const STATE_CLOSING = 2;
const STATE_CLOSED = 3;
const WRITE_MODE_TEXT = 0;

/** Godot 4.6's defaults. */
const DEFAULT_BUFFER_SIZE = 65535;
const DEFAULT_MAX_QUEUED_PACKETS = 4096;

/** Options of {@link WebSocketPeer}: the PacketPeer ones, and Godot's properties, set at once. */
export interface WebSocketPeerOptions extends PacketPeerOptions {
  readonly supportedProtocols?: readonly string[];
  readonly handshakeHeaders?: readonly string[];
  readonly inboundBufferSize?: number;
  readonly outboundBufferSize?: number;
  readonly maxQueuedPackets?: number;
  readonly heartbeatInterval?: number;
}

/**
 * Package-internal: how a server-side handshake starts and ends on a peer.
 * Registered symbols: the server entry point works on the peers of the
 * package's Node entry point, a separate bundle.
 */
export const beginAccept: unique symbol = Symbol.for('gdwire.WebSocketPeer.beginAccept') as never;
export const finishAccept: unique symbol = Symbol.for('gdwire.WebSocketPeer.finishAccept') as never;

/** A server-side handshake that succeeded: how to open its Link, and what the peer reports. */
export interface Accepted {
  readonly open: (events: LinkEvents) => Link;
  readonly protocol: string;
  readonly requestedUrl: string;
}

/** Events nobody listens to: for a connection accepted after its peer was closed. */
const IGNORED: LinkEvents = { open() {}, message() {}, pong() {}, closed() {} };

/** The longest delay a timer keeps: Node runs a longer one (or NaN) after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest heartbeat a timer can keep, in whole seconds. */
const MAX_HEARTBEAT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** Close codes a peer may send (RFC 6455 §7.4): the defined ones, and 3000–4999. */
function isSendableCloseCode(code: number): boolean {
  return (
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1003) ||
      (code >= 1007 && code <= 1014) ||
      (code >= 3000 && code <= 4999))
  );
}

/**
 * Godot 4.6's `WebSocketPeer`, a {@link PacketPeer}: every binary message is
 * one packet, so `putVar` sends a Variant as one binary message and `getVar`
 * reads one, exactly as Godot's `put_var` / `get_var` do. Text messages are
 * packets too (`wasStringPacket()` tells them apart).
 *
 * Godot is polled, JavaScript is event-driven: messages are queued as they
 * arrive (within `inboundBufferSize` bytes and `maxQueuedPackets` messages)
 * and the ready state changes as the connection does; `poll()` is kept for
 * code written the Godot way and does nothing that events have not done.
 * `wait()`, `packets()` and `for await` are the Node-style way to read.
 *
 * @example
 * ```ts
 * import { WebSocketPeer } from '@gdwire/packet-peer-websocket';
 * const ws = new WebSocketPeer();
 * ws.connectToUrl('ws://127.0.0.1:9080');
 * for await (const packet of ws) console.log(ws.getVar(), packet.length);
 * ```
 */
export class WebSocketPeer extends PacketPeer implements AsyncIterable<Uint8Array> {
  static readonly STATE_CONNECTING = STATE_CONNECTING;
  static readonly STATE_OPEN = STATE_OPEN;
  static readonly STATE_CLOSING = STATE_CLOSING;
  static readonly STATE_CLOSED = STATE_CLOSED;
  static readonly WRITE_MODE_TEXT = WRITE_MODE_TEXT;
  static readonly WRITE_MODE_BINARY = 1;

  /** The WebSocket implementation clients open: set by each entry point. */
  protected static connector: Connector | null = null;

  /** Subprotocols offered by a client, or accepted by a server peer (Godot's `supported_protocols`). */
  supportedProtocols: string[];
  /** Extra handshake header lines, such as `"X-Game: 1"` (Godot's `handshake_headers`; not in browsers). */
  handshakeHeaders: string[];
  #inboundBufferSize = DEFAULT_BUFFER_SIZE;
  #outboundBufferSize = DEFAULT_BUFFER_SIZE;
  #maxQueuedPackets = DEFAULT_MAX_QUEUED_PACKETS;
  #heartbeatInterval = 0;

  #state: WebSocketState = STATE_CLOSED;
  #link: Link | null = null;
  #closeCode = -1;
  #closeReason = '';
  #requestedUrl = '';
  #selectedProtocol = '';
  // Received messages, oldest first, with their kind; the bytes and count are
  // held within Godot's limits (see #queueMessage).
  #messages: Uint8Array[] = [];
  #texts: boolean[] = [];
  #head = 0;
  #queuedBytes = 0;
  /** The byte capacity of the receive queue: Godot's 2^nearest_shift(inbound_buffer_size) − 1. */
  #queueCapacity = 0;
  #paused = false;
  #wasString = false;
  #dropped = 0;
  /** Messages handed to the link that it has not yet sent. */
  #sending = 0;
  readonly #onSent = (): void => {
    this.#sending--;
  };
  readonly #waiters = new PacketWaiters();
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  #heartbeatWaiting = false;
  /** Counts connections: events of an earlier one (closed or dropped since) are ignored. */
  #generation = 0;
  /** Drops the connection of a server-side handshake still under way. */
  #cancelAccept: (() => void) | null = null;

  constructor(options: WebSocketPeerOptions = {}) {
    super(options);
    this.supportedProtocols = [...(options.supportedProtocols ?? [])];
    this.handshakeHeaders = [...(options.handshakeHeaders ?? [])];
    if (options.inboundBufferSize !== undefined) this.inboundBufferSize = options.inboundBufferSize;
    if (options.outboundBufferSize !== undefined)
      this.outboundBufferSize = options.outboundBufferSize;
    if (options.maxQueuedPackets !== undefined) this.maxQueuedPackets = options.maxQueuedPackets;
    if (options.heartbeatInterval !== undefined) this.heartbeatInterval = options.heartbeatInterval;
  }

  /**
   * The largest message received, in bytes (default 65535); a larger one
   * closes the connection with 1009 "Message too big", as in Godot. The
   * receive queue holds 2^nearest_shift(n) − 1 bytes of messages.
   */
  get inboundBufferSize(): number {
    return this.#inboundBufferSize;
  }
  set inboundBufferSize(size: number) {
    this.#inboundBufferSize = checkedSize(size, 'inboundBufferSize');
  }

  /** Bytes that may wait to be sent (default 65535; 0: no limit): past it, ERR_OUT_OF_MEMORY. */
  get outboundBufferSize(): number {
    return this.#outboundBufferSize;
  }
  set outboundBufferSize(size: number) {
    this.#outboundBufferSize = checkedSize(size, 'outboundBufferSize');
  }

  /** Messages that may wait, each way (default 4096): sends past it are ERR_OUT_OF_MEMORY. */
  get maxQueuedPackets(): number {
    return this.#maxQueuedPackets;
  }
  set maxQueuedPackets(count: number) {
    this.#maxQueuedPackets = checkedSize(count, 'maxQueuedPackets');
  }

  /**
   * Seconds between pings (default 0: none). A peer that has not answered
   * one ping when the next is due is dropped (close code -1), as in Godot.
   * Browsers cannot send pings: there it has no effect. At most 2147483
   * (about 24 days, the longest a timer keeps); more is ERR_INVALID_PARAMETER.
   */
  get heartbeatInterval(): number {
    return this.#heartbeatInterval;
  }
  set heartbeatInterval(seconds: number) {
    if (!(seconds >= 0 && seconds <= MAX_HEARTBEAT_SECONDS)) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        `heartbeatInterval must be 0 to ${MAX_HEARTBEAT_SECONDS} seconds, got ${seconds}`,
      );
    }
    this.#heartbeatInterval = seconds;
    if (this.#state === STATE_OPEN) this.#startHeartbeat();
  }

  /**
   * Connects to a `ws://` or `wss://` URL (no scheme means `ws://`). Returns
   * at once, like Godot: the state is CONNECTING, then OPEN, or CLOSED (close
   * code -1) if the connection or handshake fails.
   *
   * Errors: ERR_INVALID_PARAMETER (empty URL, another scheme, no host, not a String),
   * ERR_ALREADY_IN_USE (not CLOSED or CLOSING), ERR_UNAVAILABLE (no WebSocket
   * implementation here).
   *
   * @example
   * ```ts
   * const ws = new WebSocketPeer({ supportedProtocols: ['game-v1'] });
   * ws.connectToUrl('ws://127.0.0.1:9080/play');
   * ```
   */
  connectToUrl(url: string, tlsOptions?: TlsClientOptions): GodotErrorCode {
    if (this.#state !== STATE_CLOSED && this.#state !== STATE_CLOSING) {
      return GodotError.ERR_ALREADY_IN_USE;
    }
    let href: string;
    try {
      href = parseWebSocketUrl(url).href;
    } catch (e) {
      if (GdwireError.is(e)) return e.code;
      throw e;
    }
    const connector = (this.constructor as typeof WebSocketPeer).connector;
    if (connector === null) return GodotError.ERR_UNAVAILABLE;
    this.#reset();
    this.#requestedUrl = url;
    this.#state = STATE_CONNECTING;
    try {
      this.#link = connector(
        href,
        {
          protocols: this.supportedProtocols,
          headers: this.handshakeHeaders,
          maxPayload: this.#inboundBufferSize,
          tls: tlsOptions,
        },
        this.#events(),
      );
    } catch {
      this.#state = STATE_CLOSED;
      return GodotError.FAILED;
    }
    return GodotError.OK;
  }

  /**
   * Godot's `accept_stream`: turns an incoming stream into a server-side peer.
   * Only the Node entry point can (see its `WebSocketPeer`); elsewhere
   * ERR_UNAVAILABLE, as Godot's web export answers.
   */
  acceptStream(_stream: unknown): GodotErrorCode {
    return GodotError.ERR_UNAVAILABLE;
  }

  /** Kept for Godot code: events already did what Godot's poll does. */
  poll(): void {}

  /** CONNECTING (0), OPEN (1), CLOSING (2) or CLOSED (3). */
  getReadyState(): WebSocketState {
    return this.#state;
  }

  /**
   * Sends `message` as one binary message, or as one text message with
   * `WRITE_MODE_TEXT` (its bytes must be UTF-8).
   *
   * Errors: FAILED (not OPEN), ERR_OUT_OF_MEMORY (`maxQueuedPackets` messages
   * or `outboundBufferSize` bytes would be waiting), ERR_INVALID_DATA (a text
   * message that is not UTF-8), ERR_INVALID_PARAMETER (`message` is not a
   * Uint8Array).
   */
  send(message: Uint8Array, writeMode: WriteMode = 1): GodotErrorCode {
    if (!isByteArray(message)) return GodotError.ERR_INVALID_PARAMETER;
    if (writeMode === WRITE_MODE_TEXT) {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(inPlainBuffer(message));
      } catch {
        return GodotError.ERR_INVALID_DATA;
      }
      return this.#send(text, message.length);
    }
    return this.#send(message, message.length);
  }

  /** Sends `text` as one text message (Godot's `send_text`); the errors of {@link send}, and ERR_INVALID_PARAMETER for anything but a String. */
  sendText(text: string): GodotErrorCode {
    if (typeof text !== 'string') return GodotError.ERR_INVALID_PARAMETER;
    return this.#send(text, utf8Length(text));
  }

  /** True when the packet taken last came as a text message. */
  wasStringPacket(): boolean {
    return this.#wasString;
  }

  /**
   * Closes the connection: an OPEN peer sends a close frame with `code` and
   * `reason` and is CLOSING until the other side answers; a CONNECTING one
   * is CLOSED at once; a negative code drops the connection without a word.
   * Received packets not yet taken are discarded, as in Godot.
   *
   * Throws ERR_INVALID_PARAMETER for a code a peer may not send (1004–1006,
   * 1015, under 1000 but not negative, 1016–2999, over 4999, not a whole
   * number) or a reason over 123 bytes of UTF-8, which the protocol cannot
   * carry, or not a String.
   */
  close(code = 1000, reason = ''): void {
    // Anything but a negative number is checked (NaN and non-numbers too: they reached the socket).
    if (!(code < 0) && !isSendableCloseCode(code)) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        `${code} is not a close code a peer may send`,
      );
    }
    if (typeof reason !== 'string') {
      throw new GdwireError(GodotError.ERR_INVALID_PARAMETER, 'a close reason is a String');
    }
    if (utf8Length(reason) > 123) {
      throw new GdwireError(
        GodotError.ERR_INVALID_PARAMETER,
        'a close reason holds at most 123 bytes of UTF-8',
      );
    }
    const link = this.#link;
    if (code < 0 || this.#state === STATE_CONNECTING) {
      link?.terminate();
      this.#cancel();
      this.#gone();
    } else if (this.#state === STATE_OPEN && link !== null) {
      this.#state = STATE_CLOSING;
      link.close(code, reason);
    }
    this.#stopHeartbeat();
    this.#clearMessages();
  }

  /** The code of the close frame received; -1 when the connection did not close cleanly. Read it once CLOSED. */
  getCloseCode(): number {
    return this.#closeCode;
  }

  /** The reason of the close frame received ('' if none). */
  getCloseReason(): string {
    return this.#closeReason;
  }

  /** The other side's IP address, as Godot prints addresses; '' in browsers and when not connected. */
  getConnectedHost(): string {
    return this.#link?.remoteAddress ?? '';
  }

  /** The other side's port; 0 in browsers and when not connected. */
  getConnectedPort(): number {
    return this.#link?.remotePort ?? 0;
  }

  /** The URL given to `connectToUrl` (a server-side peer: the URL it was asked for). */
  getRequestedUrl(): string {
    return this.#requestedUrl;
  }

  /** The subprotocol both sides agreed on, '' if none. */
  getSelectedProtocol(): string {
    return this.#selectedProtocol;
  }

  /** Bytes waiting to be sent; 0 when not OPEN. */
  getCurrentOutboundBufferedAmount(): number {
    return this.#state === STATE_OPEN ? (this.#link?.bufferedAmount ?? 0) : 0;
  }

  /** Turns Nagle's algorithm off (true) or on for the TCP connection; no effect in browsers. */
  setNoDelay(enabled: boolean): void {
    this.#link?.setNoDelay(enabled);
  }

  /** Messages received and not taken. Unlike Godot's native peer, they stay readable after the other side closes. */
  getAvailablePacketCount(): number {
    return this.#messages.length - this.#head;
  }

  /** The largest message `putPacket` can send: `outboundBufferSize` (no limit: 2^31 − 1). */
  getMaxPacketSize(): number {
    return this.#outboundBufferSize > 0 ? this.#outboundBufferSize : 0x7fffffff;
  }

  /**
   * Messages dropped: too large, or the receive queue was full. Only where
   * reading cannot be paused or a large message refused: browsers.
   */
  get droppedPackets(): number {
    return this.#dropped;
  }

  /**
   * Resolves OK as soon as a packet is queued (at once if one is), and
   * ERR_UNCONFIGURED when the connection is or becomes closed; ERR_TIMEOUT
   * when `signal` aborts.
   */
  wait(signal?: AbortSignal): Promise<GodotErrorCode> {
    if (this.getAvailablePacketCount() > 0) return Promise.resolve(GodotError.OK);
    if (this.#state === STATE_CLOSED) return Promise.resolve(GodotError.ERR_UNCONFIGURED);
    return this.#waiters.wait(signal);
  }

  /**
   * The packets as they come, until the connection closes or `signal` aborts.
   *
   * @example
   * ```ts
   * for await (const packet of ws.packets()) console.log(ws.wasStringPacket(), packet);
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

  protected takePacket(): Uint8Array | GodotErrorCode {
    if (this.#head === this.#messages.length) {
      return this.#state === STATE_OPEN ? GodotError.ERR_UNAVAILABLE : GodotError.FAILED;
    }
    const packet = this.#messages[this.#head]!;
    this.#wasString = this.#texts[this.#head]!;
    this.#head++;
    this.#queuedBytes -= packet.length;
    if (this.#head === this.#messages.length) this.#clearMessages();
    else if (this.#head > 1024 && this.#head * 2 > this.#messages.length) this.#compact();
    if (this.#paused && this.#hasRoom()) {
      this.#paused = false;
      this.#link?.resume();
    }
    return packet;
  }

  protected sendPacket(bytes: Uint8Array): GodotErrorCode {
    return this.#send(bytes, bytes.length);
  }

  /**
   * Package-internal: a server-side handshake begins on this peer, which is
   * CONNECTING until `finishAccept`. `cancel` drops the connection if
   * the peer is closed first. False when the peer is busy with another.
   */
  [beginAccept](cancel: () => void): boolean {
    if (this.#state !== STATE_CLOSED && this.#state !== STATE_CLOSING) return false;
    this.#reset();
    this.#state = STATE_CONNECTING;
    this.#cancelAccept = cancel;
    return true;
  }

  /** Package-internal: the handshake succeeded (the peer is OPEN on its connection) or failed (null: CLOSED). */
  [finishAccept](accepted: Accepted | null): void {
    const wanted = this.#cancelAccept !== null;
    this.#cancelAccept = null;
    if (accepted === null) {
      if (wanted) this.#gone();
      return;
    }
    if (!wanted) {
      accepted.open(IGNORED).terminate(); // closed while the handshake ran
      return;
    }
    this.#requestedUrl = accepted.requestedUrl;
    this.#link = accepted.open(this.#events());
    this.#opened(accepted.protocol);
  }

  #send(data: Uint8Array | string, size: number): GodotErrorCode {
    const link = this.#link;
    if (this.#state !== STATE_OPEN || link === null) return GodotError.FAILED;
    if (this.#sending >= this.#maxQueuedPackets) return GodotError.ERR_OUT_OF_MEMORY;
    if (this.#outboundBufferSize > 0 && link.bufferedAmount + size > this.#outboundBufferSize) {
      return GodotError.ERR_OUT_OF_MEMORY;
    }
    this.#sending++;
    link.send(data, this.#onSent);
    return GodotError.OK;
  }

  #events(): LinkEvents {
    const generation = this.#generation;
    const current = () => generation === this.#generation;
    return {
      open: (protocol) => current() && this.#opened(protocol),
      message: (data, text) => current() && this.#queueMessage(data, text),
      pong: () => {
        if (current()) this.#heartbeatWaiting = false;
      },
      closed: (code, reason, failure) => {
        if (!current()) return;
        if (failure) {
          this.#closeCode = failure.code;
          this.#closeReason = failure.reason;
        } else if (code >= 0) {
          this.#closeCode = code;
          // Godot reads the reason as a C string: it stops at a NUL (Godot 3 sends one at the end).
          const nul = reason.indexOf('\0');
          this.#closeReason = nul === -1 ? reason : reason.slice(0, nul);
        }
        this.#gone();
      },
    };
  }

  #opened(protocol: string): void {
    if (this.#state !== STATE_CONNECTING) return;
    this.#state = STATE_OPEN;
    this.#selectedProtocol = protocol;
    this.#queueCapacity = ringSizeFor(Math.min(this.#inboundBufferSize, 0x7fffffff)) - 1;
    this.#startHeartbeat();
  }

  /**
   * Queues a message within Godot's limits: the bytes of the queue (Godot's
   * payload ring) and `maxQueuedPackets` messages. Godot's native peer stops
   * reading the socket while the queue is full; so does this one where the
   * link can pause (Node), so the other side is slowed, not cut (what one
   * read from the socket already held, at most 64 KiB, is still queued). Where it
   * cannot (browsers), the message is dropped and counted, as in Godot's web
   * export.
   */
  #queueMessage(data: Uint8Array, text: boolean): void {
    if (this.#state !== STATE_OPEN) return; // closing: Godot discards what still comes
    const link = this.#link;
    // Larger than inboundBufferSize: `ws` has closed with 1009 before this; a
    // browser cannot refuse it, and Godot's web export cannot read it: dropped.
    if (data.length > this.#inboundBufferSize) {
      this.#dropped++;
      return;
    }
    if (!this.#hasRoomFor(data.length)) {
      if (link === null || !link.pause()) {
        this.#dropped++;
        return;
      }
      // Reading is paused from now on; this message, already read, is kept.
      this.#paused = true;
    }
    this.#messages.push(data);
    this.#texts.push(text);
    this.#queuedBytes += data.length;
    if (!this.#paused && !this.#hasRoom() && link?.pause()) this.#paused = true;
    if (this.#waiters.waiting) this.#waiters.wake(GodotError.OK);
  }

  #hasRoomFor(size: number): boolean {
    return (
      this.getAvailablePacketCount() < this.#maxQueuedPackets &&
      this.#queuedBytes + size <= this.#queueCapacity
    );
  }

  /** Room for another message, however small. */
  #hasRoom(): boolean {
    return (
      this.getAvailablePacketCount() < this.#maxQueuedPackets &&
      this.#queuedBytes < this.#queueCapacity
    );
  }

  #clearMessages(): void {
    this.#messages = [];
    this.#texts = [];
    this.#head = 0;
    this.#queuedBytes = 0;
    if (this.#paused) {
      this.#paused = false;
      this.#link?.resume();
    }
  }

  #compact(): void {
    this.#messages = this.#messages.slice(this.#head);
    this.#texts = this.#texts.slice(this.#head);
    this.#head = 0;
  }

  /** The connection is gone: CLOSED, and anyone waiting hears it. */
  #gone(): void {
    this.#generation++;
    this.#state = STATE_CLOSED;
    this.#link = null;
    this.#sending = 0;
    this.#paused = false;
    this.#stopHeartbeat();
    this.#waiters.wake(GodotError.ERR_UNCONFIGURED);
  }

  /** Forgets the previous connection (Godot's `_clear`). */
  #reset(): void {
    this.#generation++;
    this.#link?.terminate();
    this.#link = null;
    this.#cancel();
    this.#state = STATE_CLOSED;
    this.#closeCode = -1;
    this.#closeReason = '';
    this.#requestedUrl = '';
    this.#selectedProtocol = '';
    this.#wasString = false;
    this.#sending = 0;
    this.#clearMessages();
  }

  #cancel(): void {
    const cancel = this.#cancelAccept;
    this.#cancelAccept = null;
    cancel?.();
  }

  #startHeartbeat(): void {
    this.#stopHeartbeat();
    if (this.#heartbeatInterval <= 0) return;
    const timer = setInterval(() => {
      if (this.#state !== STATE_OPEN || this.#link === null) return this.#stopHeartbeat();
      if (this.#heartbeatWaiting) {
        // No pong since the last ping: Godot drops the connection (an unclean close).
        this.#link.terminate();
        this.#gone();
        return;
      }
      this.#heartbeatWaiting = this.#link.ping();
      if (!this.#heartbeatWaiting) this.#stopHeartbeat(); // the platform cannot ping
    }, this.#heartbeatInterval * 1000);
    // Node: the connection, not its heartbeat, keeps the process alive.
    (timer as { unref?: () => void }).unref?.();
    this.#heartbeat = timer;
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    this.#heartbeatWaiting = false;
  }
}

function checkedSize(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
    throw new GdwireError(
      GodotError.ERR_INVALID_PARAMETER,
      `${name} must be an integer from 0 to 2^31 − 1, got ${value}`,
    );
  }
  return value;
}

/** Bytes of `text` in UTF-8 (lone surrogates count as U+FFFD, as TextEncoder writes them). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

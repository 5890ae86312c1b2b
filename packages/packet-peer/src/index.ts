/**
 * @gdwire/packet-peer: Godot's transport-agnostic PacketPeer for JavaScript —
 * `putVar` / `getVar`, the encode buffer limit, Godot's receive ring buffer,
 * an in-memory pair and `PacketPeerStream` framing. Browser-safe.
 *
 * @example
 * ```ts
 * import { createPacketPeerPair } from '@gdwire/packet-peer';
 * const [a, b] = createPacketPeerPair();
 * a.putVar({ hp: 100 });
 * b.getVar(); // Dictionary { hp: 100 }
 * ```
 *
 * @packageDocumentation
 * @module @gdwire/packet-peer
 */
export {
  errorName,
  errorString,
  GdwireError,
  GodotError,
  type GodotErrorCode,
  type GodotErrorName,
} from '@gdwire/variant-codec';
export {
  DEFAULT_ENCODE_BUFFER_MAX_SIZE,
  PacketPeer,
  type PacketPeerOptions,
} from './packet-peer.js';
export {
  createPacketPeerPair,
  InMemoryPacketPeer,
  type PacketPeerPairOptions,
} from './packet-peer-pair.js';
export {
  PacketPeerStream,
  type PacketPeerStreamOptions,
  type StreamPeer,
  type WebStreamPair,
} from './packet-peer-stream.js';
export { PACKET_RECORD_OVERHEAD, PacketRing, ringSizeFor } from './packet-ring.js';
export { type AbortSignalLike, PacketWaiters } from './packet-waiters.js';

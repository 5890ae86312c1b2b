/**
 * @gdwire/packet-peer: Godot's transport-agnostic PacketPeer for JavaScript.
 *
 * This first release carries Godot's Error table, which every PacketPeer
 * method reports in, so transports can be written against one source of
 * truth. The PacketPeer base, its ring buffer and PacketPeerStream follow
 * (see the package README for status).
 *
 * @example
 * ```ts
 * import { GodotError, errorString } from '@gdwire/packet-peer';
 * errorString(GodotError.ERR_UNAVAILABLE); // 'Unavailable'
 * ```
 *
 * @packageDocumentation
 */
export {
  errorName,
  errorString,
  GdwireError,
  GodotError,
  type GodotErrorCode,
  type GodotErrorName,
} from '@gdwire/variant-codec';

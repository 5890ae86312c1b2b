/**
 * @gdwire/packet-peer-udp: Godot's PacketPeerUDP and UDPServer on node:dgram.
 *
 * This first release carries Godot's Error table, which every PacketPeerUDP
 * and UDPServer method reports in. The peers themselves follow (see the
 * package README for status).
 *
 * @example
 * ```ts
 * import { GodotError, errorName } from '@gdwire/packet-peer-udp';
 * errorName(GodotError.ERR_ALREADY_IN_USE); // 'ERR_ALREADY_IN_USE'
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
} from '@gdwire/packet-peer';

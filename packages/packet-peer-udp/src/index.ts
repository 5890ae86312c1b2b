/**
 * @gdwire/packet-peer-udp: Godot 4.6's PacketPeerUDP and UDPServer on
 * `node:dgram`, with Godot's methods, defaults and Error codes.
 *
 * @example
 * ```ts
 * import { GodotError, PacketPeerUDP } from '@gdwire/packet-peer-udp';
 * const peer = new PacketPeerUDP();
 * await peer.bind(4242);
 * ```
 *
 * @packageDocumentation
 * @module @gdwire/packet-peer-udp
 */
export {
  errorName,
  errorString,
  GdwireError,
  GodotError,
  type GodotErrorCode,
  type GodotErrorName,
} from '@gdwire/packet-peer';
export { formatIpAddress, parseIpAddress } from './ip-address.js';
export { getLocalInterfaces, type LocalInterface } from './local-interfaces.js';
export { PacketPeerUDP, type PacketPeerUDPOptions } from './packet-peer-udp.js';
export { UDPServer, type UDPServerOptions } from './udp-server.js';

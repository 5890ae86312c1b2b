// Type-checked (never run) by scripts/consumer/check.mjs under several
// tsconfig settings: the public types as a strict TypeScript user meets them.
import { createPacketPeerPair, PacketPeerStream } from '@gdwire/packet-peer';
import type { PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';
import { WebSocketPeer } from '@gdwire/packet-peer-websocket';
import { WebSocketServer } from '@gdwire/packet-peer-websocket/server';
import {
  bytesToVar,
  Dictionary,
  GodotError,
  type GodotErrorCode,
  type Variant,
  Vector2,
  varToBytes,
} from '@gdwire/variant-codec';

// GodotError is a value and a type, as an enum is.
const code: GodotError = GodotError.OK;
const same: GodotErrorCode = code;

const decoded: Variant = bytesToVar(varToBytes({ pos: new Vector2(1, 2) }));
const pos = decoded instanceof Dictionary ? decoded.get('pos') : null;

async function firstClient(server: UDPServer): Promise<PacketPeerUDP | null> {
  return server.waitForConnection(AbortSignal.timeout(1000));
}

const [left, right] = createPacketPeerPair();
left.putVar({ hello: 'pair' });
const stream = new PacketPeerStream();
const client = new WebSocketPeer();
const server = new WebSocketServer();

export { client, firstClient, pos, right, same, server, stream };

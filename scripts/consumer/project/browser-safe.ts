// The browser-safe packages, type-checked with no DOM and no Node types (lib
// es2022 alone): a worker's or an engine's project may have neither.
import { createPacketPeerPair, PacketPeerStream } from '@gdwire/packet-peer';
import { bytesToVar, Dictionary, GodotError, Vector2, varToBytes } from '@gdwire/variant-codec';

const back = bytesToVar(varToBytes({ hp: 100, pos: new Vector2(1, 2) }));
const hp = back instanceof Dictionary ? back.get('hp') : GodotError.ERR_INVALID_DATA;
const [left, right] = createPacketPeerPair();
left.putVar(hp);
const stream = new PacketPeerStream();

export { right, stream };

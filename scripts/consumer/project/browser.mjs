// Bundled for a browser page from the installed tarballs (esbuild, platform
// browser) and run in headless Chromium by check.mjs: the browser-safe
// packages as a web app gets them. The result goes to globalThis.result.
import { createPacketPeerPair } from '@gdwire/packet-peer';
import { WebSocketPeer } from '@gdwire/packet-peer-websocket';
import { bytesToVar, Dictionary, Vector2, varToBytes } from '@gdwire/variant-codec';

const bytes = varToBytes({ hp: 100, pos: new Vector2(1, 2) });
const back = bytesToVar(bytes);
const [a, b] = createPacketPeerPair();
a.putVar(back);
const ws = new WebSocketPeer();
globalThis.result = [
  Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join(''),
  back instanceof Dictionary,
  JSON.stringify(b.getVar()),
  ws.getReadyState() === WebSocketPeer.STATE_CLOSED,
  typeof process === 'undefined',
].join(' ');

import { packageBuild } from '../../tsup.config.base.js';

// index: the browser client (native WebSocket); node: the same client on `ws`;
// server: WebSocketServer (Node only). `ws` and node: built-ins stay external.
export default {
  ...packageBuild('neutral', ['src/index.ts', 'src/node.ts', 'src/server.ts']),
  external: ['@gdwire/packet-peer-websocket'],
};

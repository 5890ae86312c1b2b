/**
 * A gdwire WebSocketServer on 127.0.0.1, from the built package as users get
 * it (Node resolves the package's own name to its dist), for the browser
 * tests: it decodes each binary message as a Variant and puts it back with
 * putVar, echoes text as text, and sends its port to the parent.
 */
import { GodotError } from '@gdwire/packet-peer-websocket';
import { WebSocketServer } from '@gdwire/packet-peer-websocket/server';
import { bytesToVar } from '@gdwire/variant-codec';

const server = new WebSocketServer({ inboundBufferSize: 1 << 20, outboundBufferSize: 1 << 20 });
const error = await server.listen(0, '127.0.0.1');
if (error !== GodotError.OK) throw new Error(`listen failed: ${error}`);
process.send?.({ port: server.getLocalPort() });
process.on('message', () => {
  server.stop();
  process.exit(0);
});

for await (const peer of server) {
  (async () => {
    for await (const packet of peer.packets()) {
      if (peer.wasStringPacket()) peer.sendText(new TextDecoder().decode(packet));
      else peer.putVar(bytesToVar(packet, { lossless: true }));
    }
  })();
}

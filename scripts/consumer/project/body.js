// The body shared by use.mjs and use.cjs (each loads the packages its own way
// and passes them in): what a user's first program does with each package.
async function main({ codec, otherCodec, peer, udp, ws, wsServer }) {
  const { bytesToVar, varToBytes, Dictionary, Vector2, GodotError } = codec;
  // The other build of the codec (ESM beside CommonJS): a second copy, whose
  // values this copy must still recognise, encode and compare.
  const theirs = otherCodec.bytesToVar(varToBytes({ pos: new Vector2(1, 2) }));
  console.log(
    codec.Vector2 !== otherCodec.Vector2,
    theirs instanceof Dictionary,
    theirs.get('pos') instanceof Vector2,
    codec.variantEquals(theirs, bytesToVar(otherCodec.varToBytes(theirs))),
  );
  const bytes = varToBytes({ hp: 100, pos: new Vector2(1, 2) });
  const back = bytesToVar(bytes);
  console.log(
    Buffer.from(bytes).toString('hex'),
    back instanceof Dictionary,
    back.constructor.name,
    JSON.stringify(back),
  );
  console.log(require('node:util').inspect(back));

  const [a, b] = peer.createPacketPeerPair();
  a.putVar('over the pair');
  console.log(b.getVar(), new peer.PacketPeerStream().constructor.name);

  const server = new udp.UDPServer();
  await server.listen(0, '127.0.0.1');
  const client = new udp.PacketPeerUDP();
  await client.connectToHost('127.0.0.1', server.getLocalPort());
  client.putVar({ hello: 'udp' });
  const remote = await server.waitForConnection(AbortSignal.timeout(5000));
  remote.putVar('welcome');
  console.log(
    remote.constructor.name,
    remote.getVar().get('hello'),
    await client.wait(AbortSignal.timeout(5000)),
    client.getVar(),
  );
  client.close();
  server.stop();

  const wss = new wsServer.WebSocketServer();
  await wss.listen(0, '127.0.0.1');
  const wsClient = new ws.WebSocketPeer();
  wsClient.connectToUrl(`ws://127.0.0.1:${wss.getLocalPort()}`);
  const wsPeer = await wss.waitForConnection(AbortSignal.timeout(5000));
  wsPeer.putVar([1, 'two', new Vector2(3, 4)]);
  console.log(
    wsPeer.constructor.name,
    (await wsClient.wait(AbortSignal.timeout(5000))) === GodotError.OK,
    JSON.stringify(wsClient.getVar()),
  );
  wsClient.close();
  wss.stop();
}
module.exports = { main };

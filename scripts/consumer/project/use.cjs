const { main } = require('./body.js');

main({
  codec: require('@gdwire/variant-codec'),
  peer: require('@gdwire/packet-peer'),
  udp: require('@gdwire/packet-peer-udp'),
  ws: require('@gdwire/packet-peer-websocket'),
  wsServer: require('@gdwire/packet-peer-websocket/server'),
}).catch((error) => {
  console.error(error);
  process.exit(1);
});

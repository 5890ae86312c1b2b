const { main } = require('./body.js');

import('@gdwire/variant-codec')
  .then((otherCodec) =>
    main({
      codec: require('@gdwire/variant-codec'),
      otherCodec,
      peer: require('@gdwire/packet-peer'),
      udp: require('@gdwire/packet-peer-udp'),
      ws: require('@gdwire/packet-peer-websocket'),
      wsServer: require('@gdwire/packet-peer-websocket/server'),
    }),
  )
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

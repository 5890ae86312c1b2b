import * as peer from '@gdwire/packet-peer';
import * as udp from '@gdwire/packet-peer-udp';
import * as ws from '@gdwire/packet-peer-websocket';
import * as wsServer from '@gdwire/packet-peer-websocket/server';
import * as codec from '@gdwire/variant-codec';
import body from './body.js';

await body.main({ codec, peer, udp, ws, wsServer });

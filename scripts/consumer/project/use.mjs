import { createRequire } from 'node:module';
import * as peer from '@gdwire/packet-peer';
import * as udp from '@gdwire/packet-peer-udp';
import * as ws from '@gdwire/packet-peer-websocket';
import * as wsServer from '@gdwire/packet-peer-websocket/server';
import * as codec from '@gdwire/variant-codec';
import body from './body.js';

const otherCodec = createRequire(import.meta.url)('@gdwire/variant-codec');
await body.main({ codec, otherCodec, peer, udp, ws, wsServer });

/**
 * Global setup of the WebSocket client tests (Node and Chromium alike): a
 * plain `ws` server on 127.0.0.1, independent of the code under test, that
 * echoes every message as it came (binary or text) and obeys a few text
 * commands: `close <code> <reason>`, `burst <n>` (n binary messages of one
 * byte each, counting up), `big <bytes>` (one binary message of that size).
 * It accepts the subprotocol `gdwire-test` when offered. Its port is
 * `inject('echoServerPort')`.
 */
import type { TestProject } from 'vitest/node';
import { WebSocketServer } from 'ws';

declare module 'vitest' {
  export interface ProvidedContext {
    echoServerPort: number;
  }
}

export default async function setup(project: TestProject) {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    maxPayload: 1 << 24,
    handleProtocols: (protocols) => (protocols.has('gdwire-test') ? 'gdwire-test' : false),
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      const [command, arg = '', ...rest] = text.split(' ');
      if (command === 'close') ws.close(Number(arg), rest.join(' '));
      else if (command === 'burst') {
        for (let i = 0; i < Number(arg); i++) ws.send(Uint8Array.of(i & 0xff));
      } else if (command === 'big') ws.send(new Uint8Array(Number(arg)).fill(7));
      else ws.send(data, { binary: isBinary });
    });
  });
  project.provide('echoServerPort', (server.address() as { port: number }).port);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

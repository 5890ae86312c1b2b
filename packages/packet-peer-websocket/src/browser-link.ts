import { type Connector, inPlainBuffer, type Link } from './link.js';

/**
 * The browser's WebSocket as a client Link (also any runtime with a global
 * WebSocket, such as Deno). What a browser cannot do, Godot's web export
 * cannot either: custom handshake headers, pings, pausing, the peer's address.
 */
export const connectWithBrowserWebSocket: Connector = (url, request, events) => {
  const Socket = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
  if (Socket === undefined) throw new Error('no global WebSocket here');
  const ws = new Socket(url, [...request.protocols]);
  ws.binaryType = 'arraybuffer';
  const encoder = new TextEncoder();
  ws.onopen = () => events.open(ws.protocol);
  ws.onmessage = (event: MessageEvent) => {
    const data = event.data as ArrayBuffer | string;
    if (typeof data === 'string') events.message(encoder.encode(data), true);
    else events.message(new Uint8Array(data), false);
  };
  // A close event always follows an error event; the close says how it ended.
  ws.onerror = () => {};
  ws.onclose = (event: CloseEvent) => {
    // Godot reports -1 for a connection that did not close cleanly (the browser's 1006).
    events.closed(event.code === 1006 ? -1 : event.code, event.reason);
  };
  const link: Link = {
    send(data, done) {
      const sendable = typeof data === 'string' ? data : inPlainBuffer(data);
      ws.send(sendable as string | Uint8Array<ArrayBuffer>);
      done(); // the browser has taken the message; bufferedAmount tracks the rest
    },
    close(code, reason) {
      try {
        ws.close(code, reason);
      } catch {
        // Browsers refuse codes other than 1000 and 3000–4999 from scripts.
        ws.close(1000, reason);
      }
    },
    terminate: () => ws.close(),
    ping: () => false,
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    pause: () => false,
    resume: () => {},
    remoteAddress: '',
    remotePort: 0,
    setNoDelay: () => {},
  };
  return link;
};

/** The Variant inspector page: bytes → tree and highlighted hex, Godot syntax → bytes. */

import { WebSocketPeer } from '@gdwire/packet-peer-websocket';
import {
  type Dialect,
  errorString,
  GdwireError,
  strToVar,
  varToBytes,
} from '@gdwire/variant-codec';
import { type InspectedNode, inspect, parseBytes } from './walk.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const bytesInput = $<HTMLTextAreaElement>('bytes');
const literalInput = $<HTMLTextAreaElement>('literal');
const dialect = $<HTMLSelectElement>('dialect');
const allowObjects = $<HTMLInputElement>('allow-objects');
const status = $<HTMLParagraphElement>('status');
const tree = $<HTMLDivElement>('tree');
const hex = $<HTMLDivElement>('hex');
let cells: HTMLSpanElement[] = [];

function options() {
  return { dialect: dialect.value as Dialect, allowObjects: allowObjects.checked };
}

function showHex(bytes: Uint8Array): void {
  hex.replaceChildren();
  cells = Array.from(bytes, (b, i) => {
    const span = document.createElement('span');
    span.textContent = b.toString(16).padStart(2, '0');
    span.title = `byte ${i}`;
    hex.append(span);
    return span;
  });
}

function highlight(start: number, end: number, className = 'on'): void {
  cells.forEach((c, i) => {
    c.classList.toggle(className, i >= start && i < end);
  });
}

function renderNode(n: InspectedNode): HTMLLIElement {
  const li = document.createElement('li');
  const row = document.createElement('div');
  row.className = 'node';
  row.dataset.start = String(n.start);
  row.dataset.end = String(n.end);
  row.innerHTML = `<span class="label"></span> <span class="type"></span> <span class="text"></span> <span class="range"></span>`;
  row.querySelector('.label')!.textContent = n.label === 'value' ? '' : `${n.label}:`;
  row.querySelector('.type')!.textContent = n.type;
  const container = n.type === 'Dictionary' || n.type === 'Array';
  row.querySelector('.text')!.textContent = container ? '' : n.text;
  row.querySelector('.range')!.textContent = `[${n.start}…${n.end})`;
  const activate = () => {
    for (const el of tree.querySelectorAll('.node.active')) el.classList.remove('active');
    row.classList.add('active');
    highlight(n.start, n.end);
  };
  row.addEventListener('mouseenter', activate);
  row.addEventListener('click', activate);
  li.append(row);
  if (n.children.length) {
    const ul = document.createElement('ul');
    for (const child of n.children) ul.append(renderNode(child));
    li.append(ul);
  }
  return li;
}

function inspectBytes(bytes: Uint8Array): void {
  showHex(bytes);
  tree.replaceChildren();
  try {
    const root = inspect(bytes, options());
    const ul = document.createElement('ul');
    ul.append(renderNode(root));
    tree.append(ul);
    status.className = '';
    status.textContent = `${root.type}, ${root.end} of ${bytes.length} bytes`;
  } catch (e) {
    if (!GdwireError.is(e)) throw e;
    status.className = 'error';
    status.textContent = `${e.codeName} (${e.code}, ${errorString(e.code)}) at byte ${e.offset ?? 0}: ${e.message}`;
    highlight(e.offset ?? 0, (e.offset ?? 0) + 4, 'bad');
  }
}

bytesInput.addEventListener('input', () => {
  const bytes = parseBytes(bytesInput.value);
  if (bytes === null) {
    status.className = 'error';
    status.textContent = 'Not hex or base64.';
    return;
  }
  inspectBytes(bytes);
});

literalInput.addEventListener('input', () => {
  try {
    const bytes = varToBytes(strToVar(literalInput.value), { dialect: dialect.value as Dialect });
    bytesInput.value = Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
      .join('')
      .replace(/(.{8})/g, '$1 ')
      .trim();
    inspectBytes(bytes);
  } catch (e) {
    if (!GdwireError.is(e)) throw e;
    status.className = 'error';
    status.textContent = `${e.codeName}: ${e.message}`;
  }
});

for (const control of [dialect, allowObjects])
  control.addEventListener('change', () => bytesInput.dispatchEvent(new Event('input')));

document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', async (e) => {
  e.preventDefault();
  const file = e.dataTransfer?.files[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  bytesInput.value = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  inspectBytes(bytes);
});

// ── Live: each message of a WebSocket, as it arrives ───────────────────────
const wsUrl = $<HTMLInputElement>('ws-url');
const wsConnect = $<HTMLButtonElement>('ws-connect');
const wsClose = $<HTMLButtonElement>('ws-close');
const wsState = $<HTMLSpanElement>('ws-state');
const messages = $<HTMLOListElement>('messages');
let live: WebSocketPeer | null = null;

function showMessage(item: HTMLLIElement, packet: Uint8Array): void {
  for (const el of messages.querySelectorAll('li.active')) el.classList.remove('active');
  item.classList.add('active');
  bytesInput.value = Array.from(packet, (b) => b.toString(16).padStart(2, '0')).join('');
  inspectBytes(packet);
}

async function watch(ws: WebSocketPeer): Promise<void> {
  wsState.textContent = 'connecting…';
  while (ws.getReadyState() === WebSocketPeer.STATE_CONNECTING) {
    await new Promise((r) => setTimeout(r, 20));
  }
  if (ws.getReadyState() === WebSocketPeer.STATE_OPEN) wsState.textContent = 'open';
  for await (const packet of ws) {
    const item = document.createElement('li');
    item.textContent = ws.wasStringPacket()
      ? `text ${JSON.stringify(new TextDecoder().decode(packet))}`
      : `binary, ${packet.length} bytes`;
    if (!ws.wasStringPacket()) {
      item.addEventListener('click', () => showMessage(item, packet));
      showMessage(item, packet);
    }
    messages.append(item);
  }
  wsState.textContent = `closed (code ${ws.getCloseCode()}${ws.getCloseReason() ? `, "${ws.getCloseReason()}"` : ''})`;
  wsConnect.disabled = false;
  wsClose.disabled = true;
}

wsConnect.addEventListener('click', () => {
  live?.close(-1);
  const ws = new WebSocketPeer({ dialect: dialect.value as Dialect, inboundBufferSize: 1 << 24 });
  const code = ws.connectToUrl(wsUrl.value.trim());
  if (code !== 0) {
    wsState.textContent = `${errorString(code)} (${code})`;
    return;
  }
  live = ws;
  messages.replaceChildren();
  wsConnect.disabled = true;
  wsClose.disabled = false;
  void watch(ws);
});

wsClose.addEventListener('click', () => live?.close());

/**
 * The project's site as `pnpm site` builds it (scripts/docs/build-site.mjs):
 * the Variant inspector at its root and the API reference under api/, served
 * as static files and opened in Debian's Chromium.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../../scripts/testing/chromium.js';
import { godot } from './godot-fixtures.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const site = join(root, 'site');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

let server: Server;
let browser: Browser;
let page: Page;
let origin: string;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/docs/build-site.mjs'], { cwd: root, stdio: 'pipe' });
  // A plain static file server: the site needs nothing else.
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url!, 'http://x').pathname));
    let file = join(site, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      });
      response.end(readFileSync(file));
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(CHROMIUM);
  page = await browser.newPage();
  await page.route('**/*', (route) =>
    route.request().url().startsWith(origin) ? route.continue() : route.abort(),
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  // No server when beforeAll failed before starting it: close() would never call back.
  if (server) await new Promise((resolve) => server.close(resolve));
});

describe('the site (pnpm site)', () => {
  it('opens on the inspector, which decodes Godot’s bytes', async () => {
    await page.goto(`${origin}/`);
    const f = godot('dictionary/game-message');
    await page.fill('#bytes', f.hex);
    await page.waitForSelector('#tree .node');
    const first = await page.$eval('#tree .node', (e) => e.textContent?.trim() ?? '');
    expect(first).toMatch(/^Dictionary/);
  });

  it('links to an API reference of every public package, with their classes documented', async () => {
    await page.goto(`${origin}/`);
    await page.click('text=API reference');
    await page.waitForURL(/\/api\/index\.html$/);
    const text = await page.textContent('body');
    for (const name of [
      '@gdwire/variant-codec',
      '@gdwire/packet-peer',
      '@gdwire/packet-peer-udp',
      '@gdwire/packet-peer-websocket',
      '@gdwire/packet-peer-websocket/server',
    ]) {
      expect(text).toContain(name);
    }
    await page.goto(`${origin}/api/classes/_gdwire_packet-peer-udp.UDPServer.html`);
    const udpServer = await page.textContent('body');
    expect(udpServer).toContain('waitForConnection');
    expect(udpServer).toContain("Godot 4.6's");
  });
});

/**
 * The Variant inspector end to end: Vite serves the page, Debian's Chromium
 * (driven by Playwright, never a downloaded browser) loads it, the test types
 * bytes and Godot syntax, reads the tree and saves a screenshot.
 */
import { fileURLToPath } from 'node:url';
import { GodotError } from '@gdwire/packet-peer-websocket';
import { WebSocketServer } from '@gdwire/packet-peer-websocket/server';
import { bytesToVar } from '@gdwire/variant-codec';
import { type Browser, chromium, type Page } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../../scripts/testing/chromium.js';
import { godot } from './godot-fixtures.js';

let server: ViteDevServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await createServer({
    configFile: fileURLToPath(new URL('../inspector/vite.config.ts', import.meta.url)),
    server: { port: 0, host: '127.0.0.1' },
  });
  await server.listen();
  browser = await chromium.launch(CHROMIUM);
  page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  // Only the local page: refuse anything else the browser might ask for.
  const origin = server.resolvedUrls!.local[0]!;
  await page.route('**/*', (route) =>
    route.request().url().startsWith(origin) ? route.continue() : route.abort(),
  );
  await page.goto(origin);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Variant inspector', () => {
  it("shows Godot's bytes as a tree with types, values and byte ranges, and saves a screenshot", async () => {
    const f = godot('dictionary/game-message');
    await page.fill('#bytes', f.hex);
    await page.waitForSelector('#tree .node');
    const rows = await page.$$eval('#tree .node', (els) =>
      els.map((e) => e.textContent?.trim() ?? ''),
    );
    expect(rows[0]).toMatch(/^Dictionary\s+\[0…52\)$/);
    expect(rows.some((r) => r.includes('"hp":') && r.includes('int') && r.includes('100'))).toBe(
      true,
    );
    expect(rows.some((r) => r.includes('Vector2') && r.includes('Vector2(1, 2)'))).toBe(true);
    expect(await page.textContent('#status')).toBe('Dictionary, 52 of 52 bytes');
    // Hovering a node highlights exactly its bytes.
    const pos = page.locator('#tree .node', { hasText: 'Vector2(1, 2)' }).first();
    await pos.hover();
    const range = await pos
      .getAttribute('data-start')
      .then(async (s) => [Number(s), Number(await pos.getAttribute('data-end'))]);
    expect(await page.locator('#hex span.on').count()).toBe(range[1]! - range[0]!);
    await page.screenshot({
      path: fileURLToPath(new URL('../inspector/screenshot.png', import.meta.url)),
    });
  });

  it('shows a decode error with its Godot code and offset', async () => {
    await page.fill('#bytes', '1c000000 ffffff7f');
    await page.waitForSelector('#status.error');
    expect(await page.textContent('#status')).toMatch(
      /^ERR_INVALID_DATA \(30, Invalid data\) at byte 8/,
    );
  });

  it('turns Godot syntax into bytes', async () => {
    const f = godot('dictionary/game-message');
    await page.fill('#literal', f.str);
    await page.waitForFunction(
      () => (document.querySelector('#bytes') as HTMLTextAreaElement).value.length > 0,
    );
    const bytes = await page.inputValue('#bytes');
    expect(bytes.replace(/\s+/g, '')).toBe(f.hex);
  });

  it("shows a WebSocket's messages as they arrive, each as a tree", async () => {
    const game = new WebSocketServer();
    expect(await game.listen(0, '127.0.0.1')).toBe(GodotError.OK);
    try {
      await page.fill('#ws-url', `ws://127.0.0.1:${game.getLocalPort()}`);
      await page.click('#ws-connect');
      const peer = await game.waitForConnection(AbortSignal.timeout(20_000));
      expect(peer).not.toBe(null);
      await page.waitForFunction(() => document.querySelector('#ws-state')?.textContent === 'open');
      // Godot 4.6's own bytes of a game message, as a Godot game would put_var them.
      const f = godot('dictionary/game-message');
      expect(peer!.putVar(bytesToVar(Buffer.from(f.hex, 'hex')))).toBe(GodotError.OK);
      expect(peer!.sendText('hello')).toBe(GodotError.OK);
      await page.waitForFunction(() => document.querySelectorAll('#messages li').length === 2);
      expect(await page.$$eval('#messages li', (els) => els.map((e) => e.textContent))).toEqual([
        'binary, 52 bytes',
        'text "hello"',
      ]);
      expect(await page.textContent('#status')).toBe('Dictionary, 52 of 52 bytes');
      expect((await page.inputValue('#bytes')).replace(/\s+/g, '')).toBe(f.hex);
      peer!.close(4000, 'game over');
      await page.waitForFunction(() =>
        document.querySelector('#ws-state')?.textContent?.startsWith('closed'),
      );
      expect(await page.textContent('#ws-state')).toBe('closed (code 4000, "game over")');
    } finally {
      game.stop();
    }
  });
});

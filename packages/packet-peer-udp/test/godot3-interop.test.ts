/**
 * Live interop with a real Godot 3.2.3 (Debian's godot3-server) on loopback:
 * raw packets through a Godot echo server, Variants both ways for every
 * Godot 3 type, our UDPServer serving Godot clients, and our connectToHost
 * against a Godot server. Every wait is bounded; Godot stops itself at a deadline.
 */

import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GodotError, type PacketPeerUDP, UDPServer } from '@gdwire/packet-peer-udp';
import { typeOfVariant, type Variant, variantEquals } from '@gdwire/variant-codec';
import { afterEach, describe, expect, it } from 'vitest';
import { type Godot3Process, startGodot3 } from '../../../scripts/godot/godot3.js';
import {
  GODOT3_HELPERS,
  GODOT3_VALUE_CASES,
} from '../../variant-codec/test/fixtures/godot3-value-cases.js';
import godot3Fixtures from '../../variant-codec/test/fixtures/godot3-values.json';
import type { ValueFixture } from '../../variant-codec/test/fixtures/value-cases.js';
import { loosen } from '../../variant-codec/test/helpers.js';
import { patience, peer, track, until } from './helpers.js';

const script = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./godot3/${name}`, import.meta.url)), 'utf8');
const running: Godot3Process[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((g) => g.stop()));
});

async function freePort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function godot(
  name: string,
  env: Record<string, string>,
  files: Record<string, string> = {},
) {
  const g = startGodot3(script(name), { env: { GD3_DEADLINE_MS: '20000', ...env }, files });
  running.push(g);
  return g;
}

/**
 * A Godot server script listening on a free port. Godot 3.2 cannot say which
 * port the OS gave it, so a free one is picked here; another process may take
 * it first, so a refused listen is tried again on another port (at most 10 times).
 */
async function godotServer(name: string, files: Record<string, string> = {}) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const g = await godot(name, { GD3_PORT: String(port) }, files);
    const line = await g.waitFor(/^(READY|LISTEN_FAILED)/);
    if (line.startsWith('READY')) return { g, port };
    await g.stop();
    if (attempt === 10) throw new Error(`Godot 3 could not listen on 10 free ports: ${line}`);
  }
}

describe('with a Godot 3.2.3 echo server', () => {
  it.each([
    ['IPv4', '127.0.0.1'],
    ['IPv6', '::1'],
  ])('echoes raw packets from 1 B to the largest datagram over %s', async (_family, host) => {
    const { g, port } = await godotServer('echo.gd');
    const p = peer();
    expect(await p.connectToHost(host, port)).toBe(GodotError.OK);
    for (const size of [1, 2, 3, 4, 5, 100, 1200, 8192, 65000, p.getMaxPacketSize()]) {
      const packet = Uint8Array.from({ length: size }, (_, i) => (i * 7 + size) & 0xff);
      expect(p.putPacket(packet)).toBe(GodotError.OK);
      expect(await p.wait(patience())).toBe(GodotError.OK);
      expect(p.getPacket()).toEqual(packet);
    }
    p.putPacket(new TextEncoder().encode('__quit__'));
    await g.waitFor(/^DONE/);
  });

  it('echoes bursts of 300 packets, all of them, in order', async () => {
    const { g, port } = await godotServer('echo.gd');
    // Godot echoes the burst faster than a busy event loop reads: give the OS buffer room.
    const p = peer({ socketReceiveBufferSize: 1 << 20 });
    expect(await p.bind(0, '127.0.0.1', 1 << 20)).toBe(GodotError.OK);
    expect(await p.setDestAddress('127.0.0.1', port)).toBe(GodotError.OK);
    // Two bursts of 150: Godot 3's socket keeps the OS default receive buffer (about 200 KiB,
    // not settable from GDScript), which holds only some 270 small datagrams while it sleeps.
    for (let i = 0; i < 300; i++) {
      const packet = new Uint8Array(64);
      new DataView(packet.buffer).setUint32(0, i, true);
      p.putPacket(packet);
      if (i === 149) await until(() => p.getAvailablePacketCount() === 150);
    }
    const all = await until(() => p.getAvailablePacketCount() === 300);
    p.putPacket(new TextEncoder().encode('__quit__'));
    expect(await g.waitFor(/^DONE/)).toBe('DONE echoed=300');
    expect({
      all,
      received: p.getAvailablePacketCount(),
      dropped: p.droppedPackets,
      sendErrors: p.sendErrors,
    }).toEqual({
      all: true,
      received: 300,
      dropped: 0,
      sendErrors: 0,
    });
    for (let i = 0; i < 300; i++)
      expect(new DataView(p.getPacket().buffer).getUint32(0, true)).toBe(i);
    expect(p.getPacketIp()).toBe('127.0.0.1');
    expect(p.getPacketPort()).toBe(port);
  });
});

describe('Variants with a Godot 3.2.3 peer (godot3 dialect)', () => {
  // Values Godot can send by put_var as they are: not object ids (new each run) nor full objects.
  const cases = GODOT3_VALUE_CASES.filter((c) => !c.extra && !c.objects);
  const fixtures = new Map((godot3Fixtures as ValueFixture[]).map((f) => [f.name, f]));
  const valuesGd = `extends Reference\n${GODOT3_HELPERS}\nfunc values():\n\treturn [\n${cases.map((c) => `\t\t${c.gd},`).join('\n')}\n\t]\n`;

  async function start() {
    const { port } = await godotServer('var_peer.gd', { 'values.gd': valuesGd });
    const p = peer({ dialect: 'godot3' });
    expect(await p.connectToHost('127.0.0.1', port)).toBe(GodotError.OK);
    return p;
  }

  it('decodes what Godot put_var()s, for every Godot 3 type', async () => {
    const p = await start();
    expect(p.putVar('__send_all__')).toBe(GodotError.OK);
    expect(await until(() => p.getAvailablePacketCount() === cases.length)).toBe(true);
    for (const c of cases) {
      const value = p.getVar();
      expect(p.getPacketError(), c.name).toBe(GodotError.OK);
      expect(variantEquals(value, loosen(c.js(fixtures.get(c.name)!))), c.name).toBe(true);
    }
  });

  it('is understood by Godot get_var(): same type, same var2str, for every Godot 3 type', async () => {
    const p = await start();
    for (const c of cases) {
      const fixture = fixtures.get(c.name)!;
      const expected = c.js(fixture);
      expect(p.putVar(expected), c.name).toBe(GodotError.OK);
      expect(await p.wait(patience()), c.name).toBe(GodotError.OK);
      const [type, text, echoed] = p.getVar() as [number, string, Variant];
      expect(type, c.name).toBe(Number.parseInt(fixture.hex.slice(0, 2), 16));
      expect(text, c.name).toBe(fixture.str);
      expect(typeOfVariant(echoed), c.name).toBe(typeOfVariant(loosen(expected)));
    }
  });
});

describe('our UDPServer with Godot 3.2.3 clients', () => {
  it('serves several Godot clients, each through its own peer', async () => {
    const server = track(new UDPServer({ dialect: 'godot3' }));
    expect(await server.listen(0, '127.0.0.1')).toBe(GodotError.OK);
    const names = ['ana', 'bo', 'chen'];
    const clients = await Promise.all(
      names.map((name) =>
        godot('client.gd', { GD3_PORT: String(server.getLocalPort()), GD3_NAME: name }),
      ),
    );
    const peers: PacketPeerUDP[] = [];
    expect(
      await until(() => {
        server.poll();
        while (server.isConnectionAvailable()) peers.push(server.takeConnection()!);
        return peers.length === names.length;
      }),
    ).toBe(true);
    const greetings = peers.map((p) => p.getVar() as string);
    expect(greetings.sort()).toEqual(names.map((n) => `hello from ${n}`).sort());
    for (const p of peers) expect(p.putVar(`welcome, ${p.getPacketPort()}`)).toBe(GodotError.OK);
    for (const g of clients) {
      expect(await g.waitFor(/^CONNECT/)).toBe('CONNECT 0');
      expect(await g.waitFor(/^REPLY/)).toMatch(/^REPLY welcome, \d+$/);
    }
  });
});

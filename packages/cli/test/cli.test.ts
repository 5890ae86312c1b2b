/**
 * The gdwire command, run as a user would: the built bin (dist/gdwire.mjs,
 * plain Node, no tsx) with the built packages. Expected text and bytes come
 * from the Godot fixtures (var_to_str and var_to_bytes of the real engine).
 */
import { execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('..', import.meta.url));
const ARGS = ['dist/gdwire.mjs'];

/** The Godot 4.6 value fixtures of the codec (var_to_bytes and var_to_str of the real engine). */
const fixtures = JSON.parse(
  readFileSync(
    new URL('../../variant-codec/test/fixtures/godot4-values.json', import.meta.url),
    'utf8',
  ),
) as { name: string; hex: string; str: string }[];
const godot = (name: string) => fixtures.find((f) => f.name === name)!;

function gdwire(...args: string[]): { out: string; code: number } {
  try {
    return {
      out: execFileSync(process.execPath, [...ARGS, ...args], {
        cwd: cliDir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        // A bound, not a measure: a command that never ends fails here instead of hanging the run.
        timeout: 60_000,
      }),
      code: 0,
    };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; status: number };
    return { out: err.stdout + err.stderr, code: err.status };
  }
}

describe('gdwire decode / encode', () => {
  it("decodes Godot's bytes (hex or base64) to Godot's own text", () => {
    const f = godot('dictionary/game-message');
    expect(gdwire('decode', f.hex).out.trim()).toBe(`Dictionary ${f.str}`);
    const b64 = Buffer.from(f.hex, 'hex').toString('base64');
    expect(gdwire('decode', b64).out.trim()).toBe(`Dictionary ${f.str}`);
  });

  it("encodes Godot's text to Godot's bytes, in either dialect", () => {
    const f = godot('dictionary/game-message');
    expect(gdwire('encode', f.str).out.trim()).toBe(f.hex);
    const v2 = godot('vector2/1-2');
    expect(gdwire('encode', 'Vector2(1, 2)').out.trim()).toBe(v2.hex);
    expect(gdwire('encode', '{"a": 1}', '--dialect', 'godot3').out.trim().slice(0, 2)).toBe('12');
  });

  it('reports bad input with Godot error codes and a non-zero exit', () => {
    const decoded = gdwire('decode', '1c000000ffffff7f', '--json');
    expect(decoded.code).toBe(1);
    expect(JSON.parse(decoded.out)).toMatchObject({
      error: 'ERR_INVALID_DATA',
      code: 30,
      offset: 8,
    });
    const encoded = gdwire('encode', 'Vector2(1)');
    expect(encoded.code).not.toBe(0);
    expect(encoded.out).toMatch(/ERR_PARSE_ERROR/);
    expect(gdwire('frobnicate').code).toBe(2);
  });

  it('keeps every key in --json output, "__proto__" too', () => {
    const hex = gdwire('encode', '{"__proto__": 1, "a": 2}').out.trim();
    const decoded = JSON.parse(gdwire('decode', hex, '--json').out);
    expect(Object.keys(decoded.value)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(decoded.value, '__proto__')?.value).toBe(1);
  });

  it('exits 0 for a decoded String that merely mentions an Error name', () => {
    const hex = gdwire('encode', '"ERR_FILE_EOF is fine"').out.trim();
    const decoded = gdwire('decode', hex);
    expect(decoded).toEqual({ code: 0, out: 'String "ERR_FILE_EOF is fine"\n' });
  });
});

describe('gdwire --help', () => {
  it('prints the usage and exits 0 when asked, 2 when no command is given', () => {
    const help = gdwire('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage:\n {2}gdwire decode/);
    expect(help.out).toMatch(/Exit codes: 0 done, 1 .*, 2 the command line was wrong/s);
    const none = gdwire();
    expect(none.code).toBe(2);
    expect(none.out).toBe(help.out);
  });

  it.each([
    [['listen', '-1'], /Unknown option '-1'/],
    [['decode', '--bogus', '00'], /Unknown option '--bogus'/],
    [['listen', '0', '--count', '-3'], /'--count' argument is ambiguous/],
    [
      ['listen', '0', '--count', 'abc'],
      /--count takes a whole number of datagrams, 1 or more, not abc/,
    ],
    [['listen', '0', '--count', '0'], /--count takes a whole number .* not 0/],
    [['listen', '0', '--seconds', 'abc'], /--seconds takes a number of seconds, .* not abc/],
    [
      ['listen', '0', '--seconds', '5000000'],
      /--seconds takes a number of seconds, .* not 5000000/,
    ],
  ])('a wrong command line %j exits 2 with its reason, no stack trace', (args, reason) => {
    const run = gdwire(...args);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(reason);
    expect(run.out).toMatch(/^gdwire: /);
    expect(run.out).not.toMatch(/\n\s+at .*:\d+|node:internal/);
  });

  it('decode of a path it cannot read (a directory) exits 1 with the reason, no stack trace', () => {
    const run = gdwire('decode', cliDir);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^gdwire: cannot read .*EISDIR/);
    expect(run.out).not.toMatch(/\n\s+at .*:\d+|node:internal/);
  });

  it('listen --seconds takes fractions of a millisecond too, and stops', () => {
    const run = gdwire('listen', '0', '--seconds', '0.0015');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/listening on 127\.0\.0\.1:\d+/);
  });

  it.each(['decode', 'encode', 'listen', 'send'])('%s --help explains that command', (command) => {
    const help = gdwire(command, '--help');
    expect(help.code).toBe(0);
    expect(help.out.startsWith(`gdwire ${command} `)).toBe(true);
    expect(help.out).toMatch(/Exit code 1 when/);
  });

  it('the decode help’s example decodes', () => {
    const example = gdwire('decode', '--help').out.match(/gdwire decode ([0-9a-f]+)\n/)![1]!;
    expect(gdwire('decode', example)).toEqual({ code: 0, out: 'Dictionary {\n"hp": 100\n}\n' });
  });
});

describe('gdwire listen / send', () => {
  it('listens, and prints each datagram from send with its source', async () => {
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((r) => probe.bind(0, '127.0.0.1', r));
    const port = probe.address().port;
    await new Promise<void>((r) => probe.close(() => r()));

    const listener = spawn(
      process.execPath,
      [...ARGS, 'listen', String(port), '--count', '2', '--seconds', '60', '--json'],
      {
        cwd: cliDir,
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let output = '';
    listener.stdout.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number>((r) => listener.once('exit', (code) => r(code ?? -1)));
    // Send until the listener has bound (it starts in a fresh process, slowly on a
    // busy machine): at most 150 tries, 30 s in all.
    for (let i = 0; i < 150 && !output.includes('"n":1'); i++) {
      gdwire('send', `127.0.0.1:${port}`, '{"hp": 100, "pos": Vector2(1, 2)}');
      await new Promise((r) => setTimeout(r, 200));
    }
    gdwire('send', `127.0.0.1:${port}`, '&"bye"');
    expect(await exited).toBe(0);
    const lines = output
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      n: 1,
      type: 'Dictionary',
      value: { hp: 100, pos: { x: 1, y: 2 } },
    });
    expect(lines[0].from).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(lines[1].n).toBe(2);
  });
});

#!/usr/bin/env node
/**
 * The `gdwire` command: Godot Variants from the terminal.
 *
 *   gdwire decode <hex|base64|file|->     bytes → Godot syntax
 *   gdwire encode '<Godot literal>'        Godot syntax → hex (or --base64)
 *   gdwire listen <port> [--host H]        print every datagram, decoded
 *   gdwire send <host:port> '<literal>'    send one Variant
 *
 * Options: --dialect godot3, --allow-objects, --json (for scripts), --count N
 * and --seconds S (listen: stop after that many packets or seconds).
 * `gdwire <command> --help` says more. Exit codes: 0 done, 1 the input or the
 * network failed (a Godot Error), 2 the command line was wrong.
 * Colour on a terminal unless NO_COLOR is set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { errorName, GodotError, PacketPeerUDP } from '@gdwire/packet-peer-udp';
import {
  bytesToVar,
  type Dialect,
  Dictionary,
  GdwireError,
  strToVar,
  typeName,
  typeOfVariant,
  type Variant,
  varToBytes,
  varToStr,
} from '@gdwire/variant-codec';

const USAGE = `usage:
  gdwire decode <hex|base64|file|->   [--dialect godot3] [--allow-objects] [--json]
  gdwire encode '<Godot literal>'      [--dialect godot3] [--base64]
  gdwire listen <port>                 [--host 127.0.0.1] [--count N] [--seconds S] [--json]
  gdwire send <host:port> '<literal>'  [--dialect godot3]

gdwire <command> --help says more. Exit codes: 0 done, 1 the input or the
network failed (a Godot Error), 2 the command line was wrong.`;

/** Each command's own --help. */
const HELP: Record<string, string> = {
  decode: `gdwire decode <hex|base64|file|->  [--dialect godot3] [--allow-objects] [--json]

Decodes the bytes of one Variant, as Godot's bytes_to_var, and prints its type
and its Godot text (var_to_str). The bytes are hex, base64, a file's contents,
or standard input (-).

  --dialect godot3   read Godot 3.x bytes (default godot4)
  --allow-objects    accept full Objects, as bytes_to_var_with_objects
  --json             one JSON line: {"type", "text", "value", "bytes"}, or
                     {"error", "code", "offset", "message"} for bad bytes

Exit code 1 when the bytes are not a valid Variant (Godot's Error is printed).

  gdwire decode 1b000000010000000400000002000000687000000200000064000000`,
  encode: `gdwire encode '<Godot literal>'  [--dialect godot3] [--base64]

Encodes a value written in Godot's syntax (str_to_var) as var_to_bytes does,
and prints the bytes as hex (or base64).

  --dialect godot3   write Godot 3.x bytes (default godot4)
  --base64           print base64 instead of hex

Exit code 1 when the literal does not parse or cannot be encoded.

  gdwire encode '{"hp": 100, "pos": Vector2(1, 2)}'`,
  listen: `gdwire listen <port>  [--host 127.0.0.1] [--count N] [--seconds S] [--json] [--dialect godot3]

Binds a UDP port and prints every datagram as it arrives, decoded, with its
source address: put_var from a Godot game shows up here.

  --host H           the address to bind (default 127.0.0.1; * for all)
  --count N          stop after N datagrams
  --seconds S        stop after S seconds
  --json             one JSON line per datagram

Exit code 1 when the port cannot be bound.

  gdwire listen 4242 --count 1`,
  send: `gdwire send <host:port> '<Godot literal>'  [--dialect godot3]

Sends one Variant, written in Godot's syntax, as one UDP datagram (what
PacketPeerUDP.put_var sends).

Exit code 1 when the host cannot be reached or the send fails.

  gdwire send 127.0.0.1:4242 '{"hello": "from the terminal"}'`,
};

const OPTIONS = {
  dialect: { type: 'string', default: 'godot4' },
  'allow-objects': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  base64: { type: 'boolean', default: false },
  host: { type: 'string', default: '127.0.0.1' },
  count: { type: 'string' },
  seconds: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The command line, or exit 2 with parseArgs' reason (an unknown option, a missing value). */
function commandLine() {
  try {
    return parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (e) {
    return fail(`${(e as Error).message}\n${USAGE}`);
  }
}

const { values: options, positionals } = commandLine();

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
const dim = (t: string) => paint(2, t);
const red = (t: string) => paint(31, t);
const cyan = (t: string) => paint(36, t);
const out = (line: string) => process.stdout.write(`${line}\n`);

if (options.dialect !== 'godot4' && options.dialect !== 'godot3')
  fail(`--dialect is godot4 or godot3, not ${options.dialect}`);
const dialect = options.dialect as Dialect;
const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function fail(message: string, code = 2): never {
  process.stderr.write(`gdwire: ${message}\n`);
  process.exit(code);
}

/** A plain-JSON view of a Variant, for --json: Dictionaries as objects, math types as their fields, bigints as strings. */
function toJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Dictionary || (value as { keyAt?: unknown }).keyAt) {
    const d = value as Dictionary;
    // fromEntries makes each key an own property, "__proto__" included.
    return Object.fromEntries(
      Array.from({ length: d.size }, (_, i) => {
        const k = toJson(d.keyAt(i));
        return [typeof k === 'string' ? k : JSON.stringify(k), toJson(d.valueAt(i))];
      }),
    );
  }
  if (ArrayBuffer.isView(value))
    return Array.from(value as unknown as ArrayLike<number | bigint>, toJson);
  if (Array.isArray(value)) return value.map(toJson);
  if ('data' in value && ArrayBuffer.isView((value as { data: unknown }).data))
    return Array.from((value as { data: Float32Array }).data);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
}

function describe(value: Variant, bytes: Uint8Array): string {
  const type = typeName(typeOfVariant(value) ?? 0);
  if (options.json)
    return JSON.stringify({
      type,
      text: varToStr(value),
      value: toJson(value),
      bytes: bytes.length,
    });
  return `${cyan(type)} ${varToStr(value)}`;
}

function readInput(arg: string | undefined): Uint8Array {
  if (arg === undefined) fail(`decode needs bytes\n${USAGE}`);
  if (arg === '-') return readBytes(0, 'standard input');
  if (existsSync(arg)) return readBytes(arg, arg);
  const compact = arg.replace(/\s+/g, '');
  if (/^([0-9a-fA-F]{2})+$/.test(compact))
    return Uint8Array.from(compact.match(/../g)!, (b) => Number.parseInt(b, 16));
  if (/^[A-Za-z0-9+/_-]+=*$/.test(compact)) return new Uint8Array(Buffer.from(compact, 'base64'));
  return fail(`not hex, base64 or a file: ${arg}`);
}

/** A file's bytes, or exit 1 with the reason it could not be read (a directory, no permission). */
function readBytes(file: string | number, name: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    return fail(`cannot read ${name}: ${(e as Error).message}`, 1);
  }
}

/** The line to print for `bytes`, and whether they decoded. */
function decodeOrReport(bytes: Uint8Array): { line: string; ok: boolean } {
  try {
    const value = bytesToVar(bytes, { dialect, allowObjects: options['allow-objects'] });
    return { line: describe(value, bytes), ok: true };
  } catch (e) {
    if (!GdwireError.is(e)) throw e;
    const line = options.json
      ? JSON.stringify({
          error: e.codeName,
          code: e.code,
          offset: e.offset ?? null,
          message: e.message,
        })
      : red(`${e.codeName} (${e.code}): ${e.message}`);
    return { line, ok: false };
  }
}

function parseLiteral(text: string | undefined): Variant {
  if (text === undefined)
    fail(`a Godot literal is needed, e.g. '{"hp": 100, "pos": Vector2(1, 2)}'`);
  try {
    return strToVar(text);
  } catch (e) {
    if (GdwireError.is(e)) fail(e.message, 1);
    throw e;
  }
}

const [command, ...args] = positionals;
if (command === undefined) {
  out(USAGE);
  process.exit(options.help ? 0 : 2);
}
if (options.help) {
  const help = HELP[command];
  if (help === undefined) fail(`unknown command ${command}\n${USAGE}`);
  out(help);
  process.exit(0);
}

switch (command) {
  case 'decode': {
    const { line, ok } = decodeOrReport(readInput(args[0]));
    out(line);
    process.exitCode = ok ? 0 : 1;
    break;
  }
  case 'encode': {
    let bytes: Uint8Array;
    try {
      bytes = varToBytes(parseLiteral(args[0]), { dialect });
    } catch (e) {
      if (!GdwireError.is(e)) throw e;
      fail(e.message, 1);
    }
    out(options.base64 ? Buffer.from(bytes).toString('base64') : hex(bytes));
    break;
  }
  case 'listen': {
    const port = Number(args[0]);
    if (!Number.isInteger(port)) fail(`listen needs a port\n${USAGE}`);
    // Checked before binding: a wrong limit would otherwise listen forever (NaN) or throw.
    const limit = options.count === undefined ? Number.POSITIVE_INFINITY : Number(options.count);
    if (options.count !== undefined && !(Number.isInteger(limit) && limit >= 1))
      fail(`--count takes a whole number of datagrams, 1 or more, not ${options.count}`);
    const seconds = options.seconds === undefined ? undefined : Number(options.seconds);
    if (seconds !== undefined && !(seconds >= 0 && seconds * 1000 <= 0xffffffff))
      fail(`--seconds takes a number of seconds, 0 to 4294967, not ${options.seconds}`);
    const signal =
      seconds === undefined ? undefined : AbortSignal.timeout(Math.ceil(seconds * 1000));
    const peer = new PacketPeerUDP({ dialect });
    const bound = await peer.bind(port, options.host);
    if (bound !== GodotError.OK)
      fail(`cannot listen on ${options.host}:${port}: ${errorName(bound)}`, 1);
    if (!options.json)
      out(dim(`listening on ${options.host}:${peer.getLocalPort()} (${dialect}); Ctrl-C to stop`));
    let n = 0;
    for await (const packet of peer.packets(signal)) {
      n++;
      const from = `${peer.getPacketIp()}:${peer.getPacketPort()}`;
      const { line } = decodeOrReport(packet);
      out(
        options.json
          ? JSON.stringify({ n, from, length: packet.length, ...JSON.parse(line) })
          : `${dim(`#${n}`)} ${from} ${dim(`${packet.length} B`)}  ${line}`,
      );
      if (n >= limit) break;
    }
    peer.close();
    break;
  }
  case 'send': {
    const target = args[0] ?? '';
    const colon = target.lastIndexOf(':');
    const host = target.slice(0, colon).replace(/^\[|\]$/g, '');
    const port = Number(target.slice(colon + 1));
    if (colon === -1 || !Number.isInteger(port)) fail(`send needs host:port\n${USAGE}`);
    const value = parseLiteral(args[1]);
    const peer = new PacketPeerUDP({ dialect });
    const dest = await peer.setDestAddress(host, port);
    if (dest !== GodotError.OK) fail(`cannot send to ${target}: ${errorName(dest)}`, 1);
    const sent = peer.putVar(value);
    if (sent !== GodotError.OK) fail(`send failed: ${errorName(sent)}`, 1);
    // Let the datagram leave before the socket closes.
    await new Promise((r) => setTimeout(r, 20));
    peer.close();
    if (!options.json)
      out(dim(`sent ${varToBytes(value, { dialect }).length} bytes to ${host}:${port}`));
    break;
  }
  default:
    fail(`unknown command ${command}\n${USAGE}`);
}

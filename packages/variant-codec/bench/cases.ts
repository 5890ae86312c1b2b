/**
 * The benchmark data, generated from a fixed seed so every run and every
 * machine measures the same values. Each case has the gdwire value and a
 * plain-JS twin (vectors as {x, y}, packed arrays as typed arrays) for the
 * libraries that know no Godot types.
 */
import {
  Dictionary,
  Float,
  PackedVector3Array,
  StringName,
  TypedArray,
  type Variant,
  VariantType,
  Vector2,
  Vector2i,
} from '@gdwire/variant-codec';

export interface BenchCase {
  name: string;
  value: Variant | Record<string, unknown>;
  plain: unknown;
  /** Decoded from a new Buffer each time, as a socket gives each packet (see inputOf). */
  received?: boolean;
}

/**
 * What each decode of `c` is given: the same bytes every time, or, for a
 * case `received`, a copy of them in a new Buffer, as a socket gives each
 * packet (every library then pays for the copy, and for what it does once
 * per new input: gdwire and msgpackr each had made a DataView per input).
 */
export function inputOf(c: BenchCase, bytes: Uint8Array): () => Uint8Array {
  return c.received ? () => Buffer.from(bytes) : () => bytes;
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const rand = seeded(20261122);
/** A float32-exact value, so every library round-trips it exactly. */
const f32 = (scale: number) => Math.fround((rand() - 0.5) * scale);
const NAMES = ['Ana', 'Bø', 'Chen', 'Dmitri', 'Élodie', 'Farah', 'Gökhan', 'Hana'];

function entity(id: number) {
  const pos = new Vector2(f32(2000), f32(2000));
  const vel = new Vector2(f32(20), f32(20));
  const hp = Math.floor(rand() * 100);
  const name = NAMES[id % NAMES.length]!;
  return {
    value: { id, pos, vel, hp, name },
    plain: { id, pos: { x: pos.x, y: pos.y }, vel: { x: vel.x, y: vel.y }, hp, name },
  };
}

function message(): BenchCase {
  const e = entity(7);
  const extra = {
    type: 'move',
    seq: 4242,
    tick: 1042,
    input: ['left', 'jump'],
    ping: 23,
    ready: true,
  };
  return { name: 'message', value: { ...extra, ...e.value }, plain: { ...extra, ...e.plain } };
}

function snapshot(): BenchCase {
  const entities = Array.from({ length: 64 }, (_, i) => entity(i + 1));
  return {
    name: 'snapshot-64',
    value: entities.map((e) => e.value),
    plain: entities.map((e) => e.plain),
  };
}

function chat(): BenchCase {
  const words = [
    'hello',
    'héllo',
    'мир',
    '世界',
    'gg 🎮',
    'wp!',
    'こんにちは',
    'ok',
    '🚀🚀',
    'naïve',
  ];
  const lines = Array.from({ length: 100 }, () =>
    Array.from(
      { length: 3 + Math.floor(rand() * 6) },
      () => words[Math.floor(rand() * words.length)],
    ).join(' '),
  );
  return { name: 'chat-100', value: lines, plain: lines };
}

function floats(): BenchCase {
  const data = new Float32Array(262144); // 1 MiB
  for (let i = 0; i < data.length; i++) data[i] = f32(1000);
  return { name: 'packed-float32-1MiB', value: data, plain: data };
}

function vectors(): BenchCase {
  const data = new Float32Array(30000);
  for (let i = 0; i < data.length; i++) data[i] = f32(1000);
  return { name: 'packed-vector3-10k', value: new PackedVector3Array(data), plain: data };
}

function nested(): BenchCase {
  let value: Variant[] = [new Float(1.5)];
  let plain: unknown[] = [1.5];
  for (let i = 0; i < 99; i++) {
    value = [value];
    plain = [plain];
  }
  return { name: 'nested-100', value, plain };
}

// The shapes below are what games send beyond the two above: general data,
// with no Vector2s and no repeated key lists to lean on.

/** A float64 that is not float32-exact (Godot sends it as a 64-bit float, as msgpackr does). */
const f64 = (scale: number) => {
  const v = (rand() - 0.5) * scale;
  return Math.fround(v) === v ? v + 1e-9 : v;
};
const TAGS = ['ally', 'enemy', 'boss', 'npc', 'loot', 'flying', 'stunned', 'hidden'];

/** Entities as plain objects: float64 coordinates, a short name and two tags each. */
function entities(): BenchCase {
  const list = Array.from({ length: 64 }, (_, i) => ({
    id: i + 1,
    x: f64(4000),
    y: f64(4000),
    z: f64(100),
    name: `unit_${i}`,
    tags: [TAGS[i % 8]!, TAGS[(i * 3 + 1) % 8]!],
  }));
  return { name: 'entities-64 (float64, strings)', value: list, plain: list };
}

/** One Dictionary of 32 float64 values (stats, tuning, telemetry). */
function floatDictionary(): BenchCase {
  const plain = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`stat_${i}`, f64(1000)]));
  return { name: 'dict-float64-32', value: plain, plain };
}

/** Dictionaries whose values are short strings, ASCII and not. */
function stringDictionaries(ascii: boolean): BenchCase {
  const words = ascii
    ? ['idle', 'run', 'jump', 'red team', 'blue', 'ok', 'hello there', 'north-east']
    : ['héllo', 'мир', '世界', 'naïve', 'Ölfass', 'こんにちは', 'ça va', 'żółw'];
  const list = Array.from({ length: 32 }, (_, i) => ({
    state: words[i % 8]!,
    team: words[(i + 3) % 8]!,
    label: words[(i * 5 + 2) % 8]!,
    emote: words[(i * 7 + 1) % 8]!,
  }));
  return {
    name: ascii ? 'dicts-string-values-32' : 'dicts-nonascii-values-32',
    value: list,
    plain: list,
  };
}

/** An Array of 256 short strings (names, chat words, item ids). */
function stringArray(): BenchCase {
  const list = Array.from({ length: 256 }, (_, i) => `${TAGS[i % 8]}_${i}`);
  return { name: 'array-short-strings-256', value: list, plain: list };
}

/** An Array of 1000 ints: small ones, and some beyond 32 bits (ids, timestamps). */
function intArray(): BenchCase {
  const list = Array.from({ length: 1000 }, (_, i) =>
    i % 10 === 0 ? 1_700_000_000_000 + i * 7919 : Math.floor(rand() * 2000) - 1000,
  );
  return { name: 'array-ints-1000', value: list, plain: list };
}

/** Arrays that mix ints, floats, bools, null, strings and nested Arrays and Dictionaries. */
function mixedNested(): BenchCase {
  const item = (i: number) => [
    i,
    f64(10),
    i % 2 === 0,
    null,
    `item${i}`,
    [i, [i * 2, 'x'], { k: i }],
  ];
  const list = Array.from({ length: 32 }, (_, i) => item(i));
  return { name: 'mixed-nested-32', value: list, plain: list };
}

/** A Dictionary with StringName keys (what `&"name"` keys and many engine APIs give). */
function stringNameKeys(): BenchCase {
  const keys = Array.from({ length: 24 }, (_, i) => `action_${i}`);
  const value = new Dictionary(keys.map((k, i) => [new StringName(k), i * 3] as const));
  const plain = Object.fromEntries(keys.map((k, i) => [k, i * 3]));
  return { name: 'dict-stringname-keys-24', value, plain };
}

/** A typed `Dictionary[String, int]` (Godot 4.4+), as `var d: Dictionary[String, int]` sends it. */
function typedDictionary(): BenchCase {
  const keys = Array.from({ length: 24 }, (_, i) => `score_${i}`);
  const value = new Dictionary(
    keys.map((k, i) => [k, i * 7] as const),
    { type: VariantType.STRING },
    { type: VariantType.INT },
  );
  const plain = Object.fromEntries(keys.map((k, i) => [k, i * 7]));
  return { name: 'dict-typed-string-int-24', value, plain };
}

/** Dictionaries carrying binary payloads (voice, compressed state, file chunks). */
function bytePayloads(): BenchCase {
  const list = Array.from({ length: 16 }, (_, i) => {
    const data = new Uint8Array(512);
    for (let j = 0; j < data.length; j++) data[j] = (i * 31 + j * 7) & 255;
    return { seq: i, kind: 'chunk', data };
  });
  return { name: 'dicts-bytes-payload-16', value: list, plain: list };
}

/** A typed `Array[Vector2]` of 256 points (paths, polygons). */
function vector2Array(): BenchCase {
  const points = Array.from({ length: 256 }, () => new Vector2(f32(2000), f32(2000)));
  return {
    name: 'typed-array-vector2-256',
    value: new TypedArray({ type: VariantType.VECTOR2 }, points),
    plain: points.map((p) => ({ x: p.x, y: p.y })),
  };
}

/**
 * Message envelopes: a kind and a payload Dictionary of the same size as the
 * envelope (`{"type": "move", "data": {"x": …, "y": …}}`), as RPC-style
 * protocols send them.
 */
function envelopes(): BenchCase {
  const kinds = ['move', 'look', 'fire', 'jump'];
  const list = Array.from({ length: 32 }, (_, i) => ({
    type: kinds[i % 4]!,
    data: { x: f64(4000), y: f64(4000) },
  }));
  return { name: 'envelopes-32', value: list, plain: list };
}

/**
 * Messages of six kinds in turn, all of one size with the same first key
 * (`{"type": "move", "x": …, "y": …}`, `{"type": "chat", "text": …, "to": …}`),
 * as an RPC-style protocol sends them.
 */
function taggedMessages(): BenchCase {
  const kinds = [
    () => ({ type: 'move', x: f64(4000), y: f64(4000) }),
    (i: number) => ({ type: 'chat', text: `gg ${i}`, to: 'all' }),
    (i: number) => ({ type: 'hit', target: i, damage: 10 + (i % 7) }),
    (i: number) => ({ type: 'spawn', kind: 'orc', at: i }),
    (i: number) => ({ type: 'buy', item: 'sword', price: 40 + i }),
    (i: number) => ({ type: 'emote', anim: 'wave', loop: i % 2 === 0 }),
  ];
  const list = Array.from({ length: 48 }, (_, i) => kinds[i % kinds.length]!(i));
  return { name: 'tagged-messages-48', value: list, plain: list };
}

/**
 * A 4 KiB ASCII text: a save game or level sent as JSON text, a log, a long
 * description. Strings this long are written and read by TextEncoder and
 * TextDecoder, not byte by byte.
 */
function longText(): BenchCase {
  const words = ['player', 'score', 'level', '"x":', '12.5,', 'true', '{', '}', 'item_id', 'null'];
  let text = '';
  while (text.length < 4096) text += `${words[Math.floor(rand() * words.length)]} `;
  text = text.slice(0, 4096);
  return { name: 'text-4KiB', value: text, plain: text };
}

/**
 * 16 KiB of text that is not ASCII (a localized description, a chat log):
 * Cyrillic, CJK, accents and emoji, every form of UTF-8.
 */
function nonAsciiText(): BenchCase {
  const words = [
    'Привет',
    'мир',
    '世界',
    'こんにちは',
    'naïve',
    'Ölfass',
    'żółw',
    '🎮',
    'level',
    '"x":',
  ];
  let text = '';
  const utf8 = new TextEncoder();
  while (utf8.encode(text).length < 16 * 1024)
    text += `${words[Math.floor(rand() * words.length)]} `;
  return { name: 'text-16KiB non-ASCII', value: text, plain: text };
}

/**
 * A server list, as a matchmaking or LAN-discovery service sends it: ASCII
 * strings of 17 to 40 bytes, past the short-string cache, and a few ints.
 */
function serverList(): BenchCase {
  const regions = ['EU West', 'US East', 'Asia Pacific', 'South America'];
  const modes = ['casual', 'ranked', 'capture the flag', 'team deathmatch'];
  const maps = ['harbor_night_v2', 'desert_outpost_final', 'frozen_lake_remake', 'old_town_2v2'];
  const list = Array.from({ length: 32 }, (_, i) => ({
    name: `${regions[i % 4]} #${i + 1} - ${modes[(i >> 2) % 4]}`,
    map: maps[(i * 3) % 4]!,
    host: `lobby-${1000 + i * 37}.example.invalid`,
    players: i % 17,
    max_players: 16,
  }));
  return { name: 'server-list-32', value: list, plain: list };
}

/**
 * A lobby's members: ints past 32 bits (account ids, millisecond
 * timestamps), bools and nulls beside a name.
 */
function lobbyMembers(): BenchCase {
  const list = Array.from({ length: 32 }, (_, i) => ({
    account: 4_000_000_000 + i * 7919,
    name: NAMES[i % NAMES.length]!,
    ready: i % 3 !== 0,
    team: i % 4 === 0 ? null : i % 2,
    muted: false,
    joined_ms: 1_764_800_000_000 + i * 1234,
  }));
  return { name: 'lobby-members-32', value: list, plain: list };
}

/**
 * A tile map chunk as `Dictionary[Vector2i, int]` (a grid cell to a tile id),
 * the way Godot code keeps grids; other libraries get an object keyed "(x, y)".
 */
function tileMap(): BenchCase {
  const cells = Array.from({ length: 256 }, (_, i) => new Vector2i(i % 16, i >> 4));
  const value = new Dictionary(
    cells.map((c, i) => [c, (i * 7) % 5] as const),
    { type: VariantType.VECTOR2I },
    { type: VariantType.INT },
  );
  const plain = Object.fromEntries(cells.map((c, i) => [`(${c.x}, ${c.y})`, (i * 7) % 5]));
  return { name: 'tilemap-vector2i-256', value, plain };
}

/**
 * Per-entity state sent as columns, one Array per field: bools, float64s,
 * 64-bit timestamps, and ids with nulls for "none" (visibility, health,
 * last-seen times, targets), 128 entities.
 */
function columns(): BenchCase {
  const n = 128;
  const list = {
    visible: Array.from({ length: n }, (_, i) => i % 3 !== 0),
    health: Array.from({ length: n }, () => f64(200)),
    last_seen_ms: Array.from({ length: n }, (_, i) => 1_764_800_000_000 + i * 977),
    target: Array.from({ length: n }, (_, i) => (i % 4 === 0 ? null : (i * 7) % n)),
  };
  return { name: 'columns-128 (bools, floats, int64s, nulls)', value: list, plain: list };
}

const MESSAGE = message();

export const BENCH_CASES: BenchCase[] = [
  MESSAGE,
  // The message as a server receives it: each one in a new Buffer.
  { ...MESSAGE, name: 'received-message', received: true },
  snapshot(),
  chat(),
  floats(),
  vectors(),
  nested(),
  entities(),
  floatDictionary(),
  stringDictionaries(true),
  stringDictionaries(false),
  stringArray(),
  intArray(),
  mixedNested(),
  stringNameKeys(),
  typedDictionary(),
  bytePayloads(),
  vector2Array(),
  envelopes(),
  longText(),
  nonAsciiText(),
  serverList(),
  taggedMessages(),
  lobbyMembers(),
  tileMap(),
  columns(),
];

/**
 * The cases a comparison times: those whose name starts with `prefix`, or,
 * with none, all but the packed arrays (memory-bound, they swing too much to
 * compare builds by).
 */
export function casesNamed(prefix: string | undefined): BenchCase[] {
  const cases = BENCH_CASES.filter((c) =>
    prefix === undefined ? !c.name.startsWith('packed-') : c.name.startsWith(prefix),
  );
  if (cases.length === 0) throw new Error(`no case starts with ${prefix}`);
  return cases;
}

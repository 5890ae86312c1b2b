/**
 * The benchmark data, generated from a fixed seed so every run and every
 * machine measures the same values. Each case has the gdwire value and a
 * plain-JS twin (vectors as {x, y}, packed arrays as typed arrays) for the
 * libraries that know no Godot types.
 */
import { Float, PackedVector3Array, type Variant, Vector2 } from '@gdwire/variant-codec';

export interface BenchCase {
  name: string;
  value: Variant | Record<string, unknown>;
  plain: unknown;
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

export const BENCH_CASES: BenchCase[] = [
  message(),
  snapshot(),
  chat(),
  floats(),
  vectors(),
  nested(),
];

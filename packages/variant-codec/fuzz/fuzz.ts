/**
 * The decoder fuzzer: generated and mutated inputs, both dialects,
 * allowObjects on and off. For each input, decoding must return a value or
 * throw the codec's own GdwireError — nothing else — within a bounded time,
 * and what it returns must re-encode to at most a small multiple of the input
 * (a proxy for the memory a decode may take).
 *
 * Deterministic for a seed; used by `pnpm fuzz` (fuzz/run.ts, a million
 * inputs) and by the test suite (fuzz.test.ts, a short budget).
 */
import { bytesToVar, type Dialect, GdwireError, varToBytes } from '../src/index.js';

export interface FuzzOptions {
  /** Inputs to try. */
  readonly cases: number;
  /** Stop early after this many seconds. */
  readonly seconds?: number;
  readonly seed?: number;
  /** Byte strings to mutate (engine fixtures, valid encodings). */
  readonly seeds: readonly Uint8Array[];
  /** Slowest decode allowed for one input, in ms. */
  readonly maxMsPerInput?: number;
}

export interface FuzzFailure {
  readonly input: Uint8Array;
  readonly dialect: Dialect;
  readonly allowObjects: boolean;
  readonly problem: string;
}

export interface FuzzReport {
  inputs: number;
  decoded: number;
  errors: Record<string, number>;
  slowestMs: number;
  largestGrowth: number;
  failures: FuzzFailure[];
  seconds: number;
}

/** Re-encoded size may be at most this multiple of the input, plus a little (Color from int doubles). */
const GROWTH_LIMIT = 4;

/** xorshift32: a small, fast, seeded generator. */
function random(seed: number) {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return { next, below: (n: number) => (n <= 0 ? 0 : next() % n) };
}

const INTERESTING_WORDS = [
  0,
  1,
  2,
  3,
  4,
  0x7f,
  0x80,
  0xff,
  0x100,
  0xffff,
  0x7fffffff,
  0x80000000,
  0xffffffff,
  0x10000,
  1 << 17,
  1 << 18,
];

export function fuzz(options: FuzzOptions): FuzzReport {
  const rng = random(options.seed ?? 1);
  const maxMs = options.maxMsPerInput ?? 250;
  const deadline =
    options.seconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.seconds * 1000;
  const started = Date.now();
  const report: FuzzReport = {
    inputs: 0,
    decoded: 0,
    errors: {},
    slowestMs: 0,
    largestGrowth: 0,
    failures: [],
    seconds: 0,
  };
  const seeds = options.seeds.length > 0 ? options.seeds : [new Uint8Array(0)];

  const mutate = (source: Uint8Array): Uint8Array => {
    const bytes = Array.from(source);
    const edits = 1 + rng.below(4);
    for (let e = 0; e < edits; e++) {
      const at = rng.below(bytes.length + 1);
      switch (rng.below(8)) {
        case 0: // flip a bit
          if (bytes.length) bytes[at % bytes.length]! ^= 1 << rng.below(8);
          break;
        case 1: // random byte
          if (bytes.length) bytes[at % bytes.length] = rng.below(256);
          break;
        case 2: // insert bytes
          bytes.splice(at, 0, ...Array.from({ length: 1 + rng.below(8) }, () => rng.below(256)));
          break;
        case 3: // delete bytes
          bytes.splice(at, 1 + rng.below(8));
          break;
        case 4: // truncate
          bytes.length = at;
          break;
        case 5: {
          // an interesting little-endian word (counts, lengths, type ids, flags)
          const word = INTERESTING_WORDS[rng.below(INTERESTING_WORDS.length)]!;
          const aligned = at - (at % 4);
          for (let i = 0; i < 4; i++) bytes[aligned + i] = (word >>> (i * 8)) & 0xff;
          break;
        }
        case 6: {
          // splice in part of another seed
          const other = seeds[rng.below(seeds.length)]!;
          const from = rng.below(other.length + 1);
          bytes.splice(at, 0, ...other.subarray(from, from + 1 + rng.below(32)));
          break;
        }
        default: // duplicate a run
          bytes.splice(at, 0, ...bytes.slice(at, at + 1 + rng.below(16)));
      }
    }
    return Uint8Array.from(bytes);
  };

  const generate = (): Uint8Array => {
    const kind = rng.below(10);
    if (kind < 7) return mutate(seeds[rng.below(seeds.length)]!);
    const length = rng.below(kind === 7 ? 16 : 96);
    const bytes = Uint8Array.from({ length }, () => rng.below(256));
    if (kind === 9 && length >= 4) bytes[0] = rng.below(45); // a plausible type id
    return bytes;
  };

  while (report.inputs < options.cases && Date.now() < deadline) {
    const input = generate();
    const dialect: Dialect = rng.below(4) === 0 ? 'godot3' : 'godot4';
    const allowObjects = rng.below(2) === 0;
    report.inputs++;
    const t0 = performance.now();
    try {
      const value = bytesToVar(input, { dialect, allowObjects, lossless: rng.below(2) === 0 });
      report.decoded++;
      let size: number;
      try {
        size = varToBytes(value, { dialect, fullObjects: allowObjects }).length;
      } catch (e) {
        // Some decoded values cannot be re-sent as they are (e.g. a GodotObject with an empty script path).
        if (!GdwireError.is(e)) throw e;
        size = 0;
      }
      report.largestGrowth = Math.max(report.largestGrowth, size / Math.max(input.length, 4));
      if (size > GROWTH_LIMIT * input.length + 64) {
        report.failures.push({
          input,
          dialect,
          allowObjects,
          problem: `re-encodes to ${size} bytes from ${input.length}`,
        });
      }
    } catch (e) {
      if (GdwireError.is(e)) {
        report.errors[e.codeName] = (report.errors[e.codeName] ?? 0) + 1;
      } else {
        report.failures.push({ input, dialect, allowObjects, problem: `threw ${String(e)}` });
      }
    }
    const ms = performance.now() - t0;
    report.slowestMs = Math.max(report.slowestMs, ms);
    if (ms > maxMs)
      report.failures.push({ input, dialect, allowObjects, problem: `took ${ms.toFixed(1)} ms` });
    if (report.failures.length >= 20) break;
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/**
 * `pnpm bench` (codec part): encode and decode speed of gdwire next to the
 * libraries a Godot developer would otherwise pick — @gd-com/utils and
 * godot-binary-serialization (both speak Godot 3 type ids), msgpackr, and
 * JSON.stringify + TextEncoder / TextDecoder + JSON.parse — on the same data,
 * in one run. A library is timed only on cases it round-trips correctly.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import * as gdcom from '@gd-com/utils';
import {
  bytesToVar,
  Dictionary,
  encodeInto,
  PackedStructArray,
  type Variant,
  Vector2,
  varToBytes,
} from '@gdwire/variant-codec';
import gbs from 'godot-binary-serialization';
import { Packr } from 'msgpackr';
import {
  opsPerSecondEach,
  printTable,
  type Row,
  ratio,
  SMOKE,
} from '../../../scripts/bench/harness.js';
import { BENCH_CASES, type BenchCase, inputOf } from './cases.js';

interface Library {
  name: string;
  /** Returns the encoder and decoder for a case, or a reason why not. */
  prepare(c: BenchCase): { encode: () => Uint8Array; decode: (b: Uint8Array) => unknown } | string;
}

/** A plain-JS view of any library's output, for the correctness check. */
function normalize(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? Number(v) : v;
  if (v instanceof Dictionary) return normalize(v.toObject());
  if (v instanceof PackedStructArray) return Array.from(v.data);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(normalize);
  if (v instanceof Map) return normalize(Object.fromEntries(v));
  if ('_x' in v && '_y' in v) return { x: (v as { _x: number })._x, y: (v as { _y: number })._y }; // @gd-com/utils vectors
  if (
    'value' in v &&
    Object.keys(v).length <= 2 &&
    typeof (v as { value: unknown }).value === 'number'
  ) {
    return (v as { value: number }).value; // gdwire's Float
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = normalize(x);
  return out;
}
const same = (a: unknown, b: unknown) =>
  JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));

/** @gd-com/utils has its own vector classes. */
function toGdcom(v: unknown): unknown {
  if (v instanceof Vector2) return new gdcom.GodotVector2(v.x, v.y);
  if (Array.isArray(v)) return v.map(toGdcom);
  if (v instanceof Float32Array || v instanceof PackedStructArray) return v;
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toGdcom(x)]));
  return v;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();
// moreTypes: typed arrays travel as typed arrays, as they do in the Variant format.
const packr = new Packr({ moreTypes: true });

const LIBRARIES: Library[] = [
  {
    name: 'gdwire',
    prepare: (c) => ({
      encode: () => varToBytes(c.value as Variant),
      decode: (b) => bytesToVar(b),
    }),
  },
  {
    name: '@gd-com/utils',
    prepare: (c) => {
      const value = toGdcom(c.value);
      return {
        encode: () => gdcom.putVar(value),
        decode: (b) => gdcom.getVar(Buffer.from(b.buffer, b.byteOffset, b.length)).value,
      };
    },
  },
  {
    name: 'godot-binary-serialization',
    prepare: (c) => ({
      encode: () => gbs.PacketPeer.put_var(c.plain),
      decode: (b) => gbs.PacketPeer.get_var(Buffer.from(b.buffer, b.byteOffset, b.length)),
    }),
  },
  {
    name: 'msgpackr',
    prepare: (c) => ({ encode: () => packr.pack(c.plain), decode: (b) => packr.unpack(b) }),
  },
  {
    name: 'JSON + TextEncoder',
    prepare: (c) => {
      const plain = ArrayBuffer.isView(c.plain) ? Array.from(c.plain as Float32Array) : c.plain;
      return {
        encode: () => textEncoder.encode(JSON.stringify(plain)),
        decode: (b) => JSON.parse(textDecoder.decode(b)),
      };
    },
  },
];

export async function runCodecBenchmarks(): Promise<void> {
  process.stdout.write(
    `\n=== codec: ops/s and MB/s (median of rounds), ratio = gdwire ÷ library (> 1: gdwire faster)${SMOKE ? ' [smoke]' : ''}\n`,
  );
  // BENCH_CASE=<regex> runs only the cases whose names match.
  const only = process.env.BENCH_CASE ? new RegExp(process.env.BENCH_CASE) : null;
  for (const c of BENCH_CASES.filter((x) => only === null || only.test(x.name))) {
    const rows: Row[] = [];
    const timed: {
      name: string;
      bytes: Uint8Array;
      encode: () => unknown;
      decode: () => unknown;
    }[] = [];
    for (const lib of LIBRARIES) {
      let prepared: ReturnType<Library['prepare']>;
      // Some libraries print their own errors; keep the tables readable.
      const quiet = ['error', 'log', 'warn', 'trace'] as const;
      const saved = quiet.map((k) => console[k]);
      for (const k of quiet) console[k] = () => {};
      try {
        prepared = lib.prepare(c);
        if (typeof prepared !== 'string') {
          const bytes = prepared.encode();
          if (!same(prepared.decode(bytes), c.plain)) prepared = 'wrong result';
        }
      } catch (e) {
        prepared = `throws: ${(e as Error).message.slice(0, 48)}`;
      } finally {
        quiet.forEach((k, i) => {
          console[k] = saved[i]!;
        });
      }
      if (typeof prepared === 'string') {
        rows.push({ name: lib.name, cells: ['n/a', '', '', 'n/a', '', '', prepared] });
        continue;
      }
      const { encode, decode } = prepared;
      const bytes = encode();
      const input = inputOf(c, bytes);
      timed.push({ name: lib.name, bytes, encode, decode: () => decode(input()) });
    }
    // Every library's encoder in turns, then every decoder (see opsPerSecondEach).
    const enc = opsPerSecondEach(timed.map((t) => t.encode));
    const dec = opsPerSecondEach(timed.map((t) => t.decode));
    timed.forEach((t, i) => {
      const mb = (ops: number) => (ops * t.bytes.length) / 1e6;
      rows.splice(i, 0, {
        name: t.name,
        cells: [
          enc[i]!,
          mb(enc[i]!),
          ratio(enc[0]!, enc[i]!),
          dec[i]!,
          mb(dec[i]!),
          ratio(dec[0]!, dec[i]!),
          `${t.bytes.length} B`,
        ],
      });
    });
    printTable(
      `${c.name}`,
      ['encode/s', 'MB/s', 'ratio', 'decode/s', 'MB/s', 'ratio', 'size'],
      rows,
    );
  }

  // encodeInto writes into the caller's buffer: count the garbage collections many calls cause.
  const target = new Uint8Array(1 << 16);
  const message = BENCH_CASES[0]!.value as Variant;
  const calls = SMOKE ? 1000 : 1_000_000;
  encodeInto(message, target);
  // Start from a settled heap (the script runs with --expose-gc), so a
  // collection owed by the cases above is not counted against encodeInto.
  (globalThis as { gc?: () => void }).gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const gcs = await countGarbageCollections(() => {
    for (let i = 0; i < calls; i++) encodeInto(message, target);
  });
  const grown = process.memoryUsage().heapUsed - heapBefore;
  process.stdout.write(
    `\nencodeInto(message) × ${calls}: ${gcs} garbage collections, heap ${grown >= 0 ? '+' : ''}${(grown / 1024).toFixed(0)} KiB` +
      ` (${gcs === 0 ? `≈ ${Math.max(0, grown / calls).toFixed(1)} bytes per call` : 'allocates'})\n`,
  );
}

/** Garbage collections V8 reports while `fn` runs. */
async function countGarbageCollections(fn: () => void): Promise<number> {
  let count = 0;
  const observer = new PerformanceObserver((list) => {
    count += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  fn();
  await new Promise((r) => setTimeout(r, 50));
  observer.disconnect();
  return count;
}

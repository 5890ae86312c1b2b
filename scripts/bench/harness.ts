/**
 * A small benchmark harness shared by the packages' `*.bench.ts` files:
 * ops/s as the median of several timed rounds after a warm-up, and tables
 * that put every contender next to gdwire as a ratio, all from one run.
 *
 * BENCH_SMOKE=1 runs every case for a few milliseconds only: CI uses it to
 * check that the benchmarks still run, never to judge speed.
 */
import { appendFileSync } from 'node:fs';

export const SMOKE = process.env.BENCH_SMOKE === '1';
const ROUND_MS = SMOKE ? 2 : 60;
const ROUNDS = SMOKE ? 1 : 9;
/**
 * V8 tiers a function up (interpreter, baseline, Maglev, TurboFan) over its
 * first few hundred milliseconds of work; measured at 60 ms, a snapshot
 * encode ran at anything from a fifth to all of its final speed, which alone
 * moved ratios 2× from run to run. Every contender gets this warm-up.
 */
const WARM_UP_MS = SMOKE ? 2 : 600;

/**
 * Operations per second of each function, the median of several rounds after
 * a warm-up. The functions take turns round by round, so a slower stretch of
 * the machine (another process, a GC, frequency scaling) falls on all of them
 * alike and their ratios hold.
 */
export function opsPerSecondEach(fns: (() => unknown)[]): number[] {
  // Warm up each and size a batch that takes about a tenth of a round.
  const batches = fns.map((fn) => {
    let batch = 1;
    for (let t = performance.now(); performance.now() - t < WARM_UP_MS; ) {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) fn();
      if (performance.now() - t0 < ROUND_MS / 10) batch *= 2;
    }
    return batch;
  });
  const rates: number[][] = fns.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    fns.forEach((fn, f) => {
      const batch = batches[f]!;
      let count = 0;
      const t0 = performance.now();
      let elapsed = 0;
      while (elapsed < ROUND_MS) {
        for (let i = 0; i < batch; i++) fn();
        count += batch;
        elapsed = performance.now() - t0;
      }
      rates[f]!.push((count * 1000) / elapsed);
    });
  }
  return rates.map((list) => list.sort((a, b) => a - b)[list.length >> 1]!);
}

/** Operations per second of `fn` alone (see {@link opsPerSecondEach}). */
export function opsPerSecond(fn: () => unknown): number {
  return opsPerSecondEach([fn])[0]!;
}

export interface Row {
  name: string;
  /** Cells by column; numbers are formatted, strings shown as they are. */
  cells: (number | string)[];
}

const format = (v: number | string) =>
  typeof v === 'string'
    ? v
    : v >= 1e6
      ? `${(v / 1e6).toFixed(2)}M`
      : v >= 1e3
        ? `${(v / 1e3).toFixed(1)}k`
        : v >= 100
          ? v.toFixed(0)
          : v.toFixed(2);

/** Prints a plain-text table (and records it for repeat.mjs when BENCH_RECORD names a file). */
export function printTable(title: string, columns: string[], rows: Row[]): void {
  if (process.env.BENCH_RECORD) {
    appendFileSync(process.env.BENCH_RECORD, `${JSON.stringify({ title, columns, rows })}\n`);
  }
  const all = [['', ...columns], ...rows.map((r) => [r.name, ...r.cells.map(format)])];
  const widths = all[0]!.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ');
  process.stdout.write(
    `\n${title}\n${line(all[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`,
  );
  for (const row of all.slice(1)) process.stdout.write(`${line(row)}\n`);
}

/** "gdwire is N× this" as text: > 1 means gdwire is faster. */
export function ratio(gdwire: number, other: number): string {
  return `${(gdwire / other).toFixed(2)}×`;
}

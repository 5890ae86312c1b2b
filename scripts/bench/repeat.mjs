#!/usr/bin/env node
// Runs a benchmark command several times, each in a fresh process, and
// prints its tables once more with every number as the median of the runs
// and the min–max beside it. One run says little: JIT decisions, GC timing
// and the machine's other work move a ratio by 10–30% from run to run.
//
//   node scripts/bench/repeat.mjs [--runs 5] -- node --import tsx bench/run.mts
//
// The benchmark's printTable (scripts/bench/harness.ts) records each table to
// the file named by BENCH_RECORD; cells that are numbers or ratios ("1.23×")
// are summarised, other cells are shown from the first run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '5' } },
  allowPositionals: true,
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
if (positionals.length === 0) throw new Error('give the benchmark command after --');

const dir = mkdtempSync(join(tmpdir(), 'gdwire-bench-'));
/** tables[title] = { columns, rows: [name → cells of each run] } */
const tables = new Map();
try {
  for (let run = 1; run <= runs; run++) {
    const file = join(dir, `run-${run}.jsonl`);
    process.stderr.write(`run ${run}/${runs}: ${positionals.join(' ')}\n`);
    const result = spawnSync(positionals[0], positionals.slice(1), {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, BENCH_RECORD: file },
    });
    if (result.status !== 0) throw new Error(`run ${run} failed (exit ${result.status})`);
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const { title, columns, rows } = JSON.parse(line);
      if (!tables.has(title)) tables.set(title, { columns, rows: new Map() });
      const table = tables.get(title);
      for (const row of rows) {
        if (!table.rows.has(row.name)) table.rows.set(row.name, []);
        table.rows.get(row.name).push(row.cells);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const format = (v) =>
  v >= 1e6
    ? `${(v / 1e6).toFixed(2)}M`
    : v >= 1e3
      ? `${(v / 1e3).toFixed(1)}k`
      : v >= 100
        ? v.toFixed(0)
        : v.toFixed(2);

/** The median of the runs' cells in one column, with their range; or the first run's text. */
function summarise(cells) {
  const isRatio = cells.every((c) => typeof c === 'string' && /^\d+(\.\d+)?×$/.test(c));
  const numbers = isRatio ? cells.map((c) => Number.parseFloat(c)) : cells;
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return String(cells[0]);
  const sorted = [...numbers].sort((a, b) => a - b);
  const median = sorted[(sorted.length - 1) >> 1];
  const show = isRatio ? (n) => `${n.toFixed(2)}×` : format;
  return sorted.length === 1
    ? show(median)
    : `${show(median)} (${show(sorted[0])}–${show(sorted.at(-1))})`;
}

process.stdout.write(`=== medians of ${runs} separate runs (min–max)\n`);
for (const [title, { columns, rows }] of tables) {
  const lines = [['', ...columns]];
  for (const [name, runsOfRow] of rows) {
    lines.push([name, ...columns.map((_, c) => summarise(runsOfRow.map((cells) => cells[c])))]);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const line = (l) =>
    l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  process.stdout.write(
    `\n${title}\n${line(lines[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`,
  );
  for (const l of lines.slice(1)) process.stdout.write(`${line(l)}\n`);
}

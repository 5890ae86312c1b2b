/**
 * A short run of the decoder fuzzer (the full run is `pnpm fuzz`), and the
 * known hostile inputs of fuzz/regressions.json, where any input the fuzzer
 * ever flags is added with its bytes. Every
 * input decodes or fails with the codec's own error, quickly, without growing.
 */

import { bytesToVar, GdwireError } from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';
import { fuzz } from '../fuzz/fuzz.js';
import regressions from '../fuzz/regressions.json';
import { fuzzSeeds } from '../fuzz/seeds.js';
import { fromHex } from './helpers.js';

describe('decoder fuzzing (short budget)', () => {
  it('20,000 generated and mutated inputs: a value or a GdwireError, never anything else', () => {
    const report = fuzz({ cases: 20_000, seed: 20260, seeds: fuzzSeeds(200), maxMsPerInput: 1000 });
    expect(report.failures).toEqual([]);
    expect(report.inputs).toBe(20_000);
    expect(report.decoded).toBeGreaterThan(1000);
    expect(Object.keys(report.errors)).toEqual(
      expect.arrayContaining(['ERR_INVALID_DATA', 'ERR_FILE_EOF']),
    );
  });

  it.each(
    (regressions as { name: string; hex: string; code: string | null }[]).map(
      (r) => [r.name, r] as const,
    ),
  )('regression: %s', (_name, r) => {
    let outcome: string | null = null;
    try {
      bytesToVar(fromHex(r.hex), { allowObjects: true });
    } catch (e) {
      outcome = GdwireError.is(e) ? e.codeName : `not a GdwireError: ${String(e)}`;
    }
    expect(outcome).toBe(r.code);
  });
});

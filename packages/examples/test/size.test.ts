/**
 * Size budgets of the browser bundles users make (scripts/size/measure.mjs:
 * esbuild, minified, from the built packages). A change that makes an entry
 * heavier than scripts/size/budgets.json allows fails here; raise a budget
 * only on purpose, in the same commit, saying why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { ENTRIES, measure } from '../../../scripts/size/measure.mjs';

const budgets = JSON.parse(
  readFileSync(new URL('../../../scripts/size/budgets.json', import.meta.url), 'utf8'),
) as Record<string, { bytes: number; gzip: number }>;

describe('browser bundle size budgets', async () => {
  const sizes = (await measure()) as Record<string, { bytes: number; gzip: number }>;

  it('every measured entry has a budget', () => {
    expect(Object.keys(budgets).sort()).toEqual(Object.keys(ENTRIES).sort());
  });

  it.each(Object.keys(budgets))('%s stays within its budget', (name) => {
    const size = sizes[name]!;
    expect(size.bytes, `${name}: ${size.bytes} bytes minified`).toBeLessThanOrEqual(
      budgets[name]!.bytes,
    );
    expect(size.gzip, `${name}: ${size.gzip} bytes gzipped`).toBeLessThanOrEqual(
      budgets[name]!.gzip,
    );
  });

  it('a decoder alone does not carry the encoder, strToVar or varToStr', () => {
    expect(sizes['codec: bytesToVar alone']!.bytes).toBeLessThan(
      sizes['codec: everything']!.bytes * 0.7,
    );
  });
});

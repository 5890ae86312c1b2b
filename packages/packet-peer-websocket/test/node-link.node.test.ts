/**
 * The `ws` link's frame masks. A client frame with an all-zero mask is sent by
 * `ws` without copying the payload, so the caller's bytes would be written
 * later as they are then; our masks are never all zero.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:crypto', async (original) => ({
  ...(await original<typeof import('node:crypto')>()),
  // The worst luck: every random byte is zero.
  randomFillSync: <T extends Uint8Array>(bytes: T) => bytes.fill(0),
}));

const { nonZeroMask } = await import('../src/node-link.js');

describe('client frame masks', () => {
  it('are never all zero, even when the random bytes are', () => {
    const mask = Buffer.alloc(4);
    for (let i = 0; i < 2000; i++) {
      nonZeroMask(mask);
      expect(mask.some((b) => b !== 0)).toBe(true);
    }
  });
});

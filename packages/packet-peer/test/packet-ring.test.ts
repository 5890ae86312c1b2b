import { GodotError, PACKET_RECORD_OVERHEAD, PacketRing, ringSizeFor } from '@gdwire/packet-peer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const bytes = (n: number, seed = 1) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('ringSizeFor: the smallest power of two strictly above the request (Godot nearest_shift)', () => {
  it.each([
    [65536, 131072],
    [1000, 1024],
    [1024, 2048],
    [1023, 1024],
    [1, 2],
    [0, 1],
  ])('%i → %i', (requested, size) => {
    expect(ringSizeFor(requested)).toBe(size);
  });

  it('refuses negative and fractional sizes instead of allocating wildly', () => {
    expect(() => ringSizeFor(-1)).toThrow(RangeError);
    expect(() => ringSizeFor(1.5)).toThrow(RangeError);
  });
});

describe('PacketRing', () => {
  it('charges payload + 24 bytes per packet out of S − 1 usable bytes', () => {
    const ring = new PacketRing(1024);
    expect(ring.capacity).toBe(1023);
    expect(ring.put(bytes(100))).toBe(GodotError.OK);
    expect(ring.used).toBe(100 + PACKET_RECORD_OVERHEAD);
    expect(ring.free).toBe(1023 - 124);
  });

  it('takes a packet that fits exactly, and drops one byte more', () => {
    const ring = new PacketRing(1024);
    expect(ring.put(bytes(1023 - 24 + 1))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(ring.dropped).toBe(1);
    expect(ring.put(bytes(1023 - 24))).toBe(GodotError.OK);
    expect(ring.free).toBe(0);
    expect(ring.put(new Uint8Array(0))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(ring.get()).toEqual(bytes(999));
  });

  it('drops the newest packet and keeps the queued ones intact and in order', () => {
    const ring = new PacketRing(256);
    const sent: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) {
      const p = bytes(40, i);
      if (ring.put(p) === GodotError.OK) sent.push(p);
    }
    expect(sent.length).toBe(Math.floor(255 / 64));
    expect(ring.dropped).toBe(20 - sent.length);
    for (const p of sent) expect(ring.get()).toEqual(p);
    expect(ring.get()).toBeUndefined();
  });

  it('wraps records around the end of the buffer', () => {
    const ring = new PacketRing(128);
    for (let round = 0; round < 50; round++) {
      const a = bytes(30 + (round % 7), round);
      const b = bytes(10 + (round % 5), round + 100);
      expect(
        ring.put(
          a,
          Uint8Array.from({ length: 16 }, (_, i) => i + round),
          4000 + round,
        ),
      ).toBe(GodotError.OK);
      expect(ring.put(b)).toBe(GodotError.OK);
      expect(ring.get()).toEqual(a);
      expect(Array.from(ring.lastAddress)).toEqual(Array.from({ length: 16 }, (_, i) => i + round));
      expect(ring.lastPort).toBe(4000 + round);
      expect(ring.peekLength()).toBe(b.length);
      expect(ring.get()).toEqual(b);
      expect(ring.lastPort).toBe(0);
    }
  });

  it('queues zero-length packets as 24-byte records', () => {
    const ring = new PacketRing(64);
    expect(ring.put(new Uint8Array(0))).toBe(GodotError.OK);
    expect(ring.put(new Uint8Array(0))).toBe(GodotError.OK);
    expect(ring.put(new Uint8Array(0))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(ring.count).toBe(2);
    expect(ring.get()).toEqual(new Uint8Array(0));
  });

  it('with capacity 0 drops everything', () => {
    const ring = new PacketRing(ringSizeFor(0));
    expect(ring.capacity).toBe(0);
    expect(ring.put(new Uint8Array(0))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(ring.count).toBe(0);
  });

  it('behaves like a simple model under random puts and gets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }).map((k) => 2 ** k * 8),
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 200 }).map((n) => ({ put: n })),
            fc.constant({ get: true }),
          ),
          {
            maxLength: 200,
          },
        ),
        (size, ops) => {
          const ring = new PacketRing(size);
          const model: Uint8Array[] = [];
          let used = 0;
          let dropped = 0;
          ops.forEach((op, i) => {
            if ('put' in op) {
              const p = bytes(op.put, i);
              const fits = used + p.length + 24 <= size - 1;
              expect(ring.put(p)).toBe(fits ? GodotError.OK : GodotError.ERR_OUT_OF_MEMORY);
              if (fits) {
                model.push(p);
                used += p.length + 24;
              } else dropped++;
            } else {
              const expected = model.shift();
              expect(ring.get()).toEqual(expected);
              if (expected) used -= expected.length + 24;
            }
            expect(ring.count).toBe(model.length);
            expect(ring.used).toBe(used);
            expect(ring.dropped).toBe(dropped);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

import { GodotError, PacketPeerStream } from '@gdwire/packet-peer';
import { describe, expect, it } from 'vitest';

/** Two PacketPeerStreams wired back to back, delivering the bytes in the chunks `split` chooses. */
function wired(split: (frame: Uint8Array) => Uint8Array[], options = {}) {
  const a = new PacketPeerStream(options);
  const b = new PacketPeerStream(options);
  const deliver = (to: PacketPeerStream) => (frame: Uint8Array) => {
    for (const chunk of split(frame)) to.receiveData(chunk);
  };
  a.setStreamPeer({ write: deliver(b) });
  b.setStreamPeer({ write: deliver(a) });
  return [a, b] as const;
}

const oneByOne = (f: Uint8Array) => Array.from(f, (x) => Uint8Array.of(x));

describe('PacketPeerStream framing', () => {
  it('reassembles frames delivered one byte at a time', () => {
    const [a, b] = wired(oneByOne);
    a.putVar({ hello: 'godot' });
    a.putVar([1, 2, 3]);
    expect(b.getAvailablePacketCount()).toBe(2);
    expect((b.getVar() as { get(k: string): unknown }).get('hello')).toBe('godot');
    expect(b.getVar()).toEqual([1, 2, 3]);
  });

  it('splits several frames arriving in one chunk', () => {
    const frames: Uint8Array[] = [];
    const a = new PacketPeerStream();
    a.setStreamPeer({ write: (f: Uint8Array) => frames.push(f) });
    for (let i = 0; i < 5; i++) a.putVar(i);
    const joined = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      joined.set(f, at);
      at += f.length;
    }
    const b = new PacketPeerStream();
    b.setStreamPeer({ write: () => {} });
    expect(b.receiveData(joined)).toBe(true);
    expect(b.getAvailablePacketCount()).toBe(5);
    expect([0, 1, 2, 3, 4].map(() => b.getVar())).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps bytes aside when the input buffer is full, and drains them as packets are taken', () => {
    const b = new PacketPeerStream({ inputBufferMaxSize: 60 }); // a 64-byte buffer
    b.setStreamPeer({ write: () => {} });
    let drained = 0;
    b.onDrain = () => drained++;
    const frame = (n: number, v: number) => {
      const f = new Uint8Array(4 + n).fill(v);
      new DataView(f.buffer).setUint32(0, n, true);
      return f;
    };
    const all = new Uint8Array(40 * 3);
    for (let i = 0; i < 3; i++) all.set(frame(36, i + 1), i * 40);
    expect(b.receiveData(all)).toBe(false);
    expect(b.getAvailablePacketCount()).toBe(1);
    expect(b.setInputBufferMaxSize(1000)).toBe(GodotError.ERR_BUSY);
    for (let i = 0; i < 3; i++) expect(b.getPacket()).toEqual(new Uint8Array(36).fill(i + 1));
    expect(drained).toBeGreaterThan(0);
    expect(b.getPacket()).toHaveLength(0);
    expect(b.getPacketError()).toBe(GodotError.ERR_UNAVAILABLE);
  });

  it('a length prefix claiming 4 GiB stalls the input, as in Godot, and holds no more than it was given', () => {
    const b = new PacketPeerStream();
    b.setStreamPeer({ write: () => {} });
    b.receiveData(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1, 2, 3));
    expect(b.inputStalled).toBe(true);
    expect(b.getAvailablePacketCount()).toBe(0);
    expect(b.getPacket()).toHaveLength(0);
    expect(b.getPacketError()).toBe(GodotError.ERR_UNAVAILABLE);
  });

  it('reports its max packet size as the output buffer size', () => {
    const a = new PacketPeerStream({ outputBufferMaxSize: 1000 });
    expect(a.outputBufferMaxSize).toBe(1020);
    expect(a.getMaxPacketSize()).toBe(1024);
  });
});

describe('PacketPeerStream buffer sizes and arguments', () => {
  it('refuses input buffer sizes as Godot does, and ones no host can allocate, leaving the buffer as it was', () => {
    const peer = new PacketPeerStream();
    for (const size of [-1, Number.NaN, 1.5, null]) {
      expect(peer.setInputBufferMaxSize(size as number), String(size)).toBe(
        GodotError.ERR_INVALID_PARAMETER,
      );
    }
    // 2^40 bytes: past the largest typed array (the RangeError became this code).
    expect(peer.setInputBufferMaxSize(2 ** 40)).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(peer.inputBufferMaxSize).toBe(65532);
    expect(peer.setInputBufferMaxSize(10)).toBe(GodotError.OK);
    expect(peer.inputBufferMaxSize).toBe(12);
    expect(() => new PacketPeerStream({ inputBufferMaxSize: Number.NaN })).toThrow(/whole number/);
    expect(() => new PacketPeerStream({ inputBufferMaxSize: -1 })).toThrow(/0 or more/);
    expect(() => new PacketPeerStream({ inputBufferMaxSize: 2 ** 40 })).toThrow(
      /cannot be allocated/,
    );
  });

  it('takes a negative output size as 0 (as Godot), and refuses one that is not a whole number', () => {
    const peer = new PacketPeerStream({ outputBufferMaxSize: -5 });
    expect(peer.outputBufferMaxSize).toBe(0);
    peer.outputBufferMaxSize = -1;
    expect(peer.outputBufferMaxSize).toBe(0);
    for (const size of [Number.NaN, 1.5, '10']) {
      expect(() => {
        peer.outputBufferMaxSize = size as number;
      }, String(size)).toThrow(/outputBufferMaxSize must be a whole number/);
    }
    expect(peer.outputBufferMaxSize).toBe(0);
  });

  it('refuses received data that is not bytes, and a stream peer without write()', () => {
    const peer = new PacketPeerStream();
    for (const chunk of [null, 'abc', [1, 2]]) {
      expect(() => peer.receiveData(chunk as unknown as Uint8Array), String(chunk)).toThrow(
        /receiveData takes a Uint8Array/,
      );
    }
    expect(peer.getAvailablePacketCount()).toBe(0);
    for (const stream of [42, {}, 'x']) {
      expect(() => peer.setStreamPeer(stream as never), String(stream)).toThrow(/write\(bytes\)/);
    }
    expect(peer.getStreamPeer()).toBe(null);
  });
});

describe('PacketPeerStream adapters', () => {
  it('fromDuplex writes frames, takes data in, and pauses a Node-style stream while full', () => {
    const listeners: ((chunk: Uint8Array) => void)[] = [];
    const written: Uint8Array[] = [];
    const calls: string[] = [];
    const socket = {
      on: (_event: 'data', listener: (chunk: Uint8Array) => void) => listeners.push(listener),
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      write: (bytes: Uint8Array) => written.push(bytes),
    };
    const peer = PacketPeerStream.fromDuplex(socket, { inputBufferMaxSize: 28 });
    peer.putVar('hi');
    expect(written).toHaveLength(1);
    for (const listener of listeners) listener(written[0]!);
    for (const listener of listeners) listener(written[0]!);
    for (const listener of listeners) listener(written[0]!);
    expect(calls).toEqual(['pause']);
    expect(peer.getVar()).toBe('hi');
    expect(peer.getVar()).toBe('hi');
    expect(peer.getVar()).toBe('hi');
    expect(calls).toContain('resume');
  });

  it('fromWebStreams talks over a WHATWG stream pair', async () => {
    const aToB = new TransformStream<Uint8Array, Uint8Array>();
    const bToA = new TransformStream<Uint8Array, Uint8Array>();
    const a = PacketPeerStream.fromWebStreams({ readable: bToA.readable, writable: aToB.writable });
    const b = PacketPeerStream.fromWebStreams({ readable: aToB.readable, writable: bToA.writable });
    a.peer.putVar({ hello: 'godot' });
    for (let i = 0; i < 50 && b.peer.getAvailablePacketCount() === 0; i++)
      await new Promise((r) => setTimeout(r, 1));
    expect((b.peer.getVar() as { get(k: string): unknown }).get('hello')).toBe('godot');
    await aToB.writable.close().catch(() => {});
  });
});

describe('PacketPeerStream under hostile streams', () => {
  it('a stream cut mid-frame leaves the partial frame unavailable, and it completes if the rest comes', () => {
    const frames: Uint8Array[] = [];
    const a = new PacketPeerStream();
    a.setStreamPeer({ write: (f: Uint8Array) => frames.push(f) });
    a.putVar({ cut: 'here' });
    const frame = frames[0]!;
    const b = new PacketPeerStream();
    b.setStreamPeer({ write: () => {} });
    b.receiveData(frame.subarray(0, frame.length - 3));
    expect(b.getAvailablePacketCount()).toBe(0);
    expect(b.getVar()).toBe(null);
    expect(b.getPacketError()).toBe(GodotError.ERR_UNAVAILABLE);
    b.receiveData(frame.subarray(frame.length - 3));
    expect((b.getVar() as { get(k: string): unknown }).get('cut')).toBe('here');
  });

  it('a slow drip of 100 frames, one byte at a time, loses nothing', () => {
    const frames: Uint8Array[] = [];
    const a = new PacketPeerStream();
    a.setStreamPeer({ write: (f: Uint8Array) => frames.push(f) });
    for (let i = 0; i < 100; i++) a.putVar(i);
    const b = new PacketPeerStream();
    b.setStreamPeer({ write: () => {} });
    const got: unknown[] = [];
    for (const f of frames) {
      for (const byte of f) {
        b.receiveData(Uint8Array.of(byte));
        while (b.getAvailablePacketCount() > 0) got.push(b.getVar());
      }
    }
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

/**
 * PacketPeer semantics against the real Godot 4.6: the steps of
 * fixtures/gd/packet-peer-stream.gd (PacketPeerStream over a StreamPeerBuffer),
 * replayed on our PacketPeerStream and compared with what Godot recorded.
 */
import { GodotError, PacketPeerStream } from '@gdwire/packet-peer';
import { bytesToVar, Vector2, varToBytes } from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';
import godot from './fixtures/packet-peer-stream.json';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromHex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => Number.parseInt(x, 16));

/** A StreamPeerBuffer stand-in: collects what the peer writes, and can play it back. */
function fresh(options = {}) {
  const written: Uint8Array[] = [];
  const peer = new PacketPeerStream(options);
  peer.setStreamPeer({ write: (b: Uint8Array) => written.push(b.slice()) });
  const bytes = () => {
    const out = new Uint8Array(written.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of written) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  };
  const rewind = () => peer.receiveData(bytes());
  return { peer, bytes, rewind };
}

const big = (n: number) => new Uint8Array(n);

describe("PacketPeer, step by step as Godot's PacketPeerStream", () => {
  it('defaults', () => {
    const { peer } = fresh();
    expect({
      encode_buffer_max_size: peer.encodeBufferMaxSize,
      input_buffer_max_size: peer.inputBufferMaxSize,
      output_buffer_max_size: peer.outputBufferMaxSize,
      packet_error: peer.getPacketError(),
      available: peer.getAvailablePacketCount(),
    }).toEqual({ ...godot.defaults, max_packet_size: undefined });
  });

  it('encode_buffer_max_size: rounds up, and leaves out-of-range values unchanged (with an error)', () => {
    const sizes: Record<string, number> = {};
    for (const n of Object.keys(godot.encode_buffer_max_size.sizes)) {
      const { peer } = fresh();
      try {
        peer.encodeBufferMaxSize = Number(n);
      } catch (e) {
        expect((e as { code: number }).code).toBe(GodotError.ERR_INVALID_PARAMETER);
      }
      sizes[n] = peer.encodeBufferMaxSize;
    }
    expect(sizes).toEqual(godot.encode_buffer_max_size.sizes);
  });

  it('put_var writes exactly the Variant bytes as one frame', () => {
    const { peer, bytes } = fresh();
    expect(peer.putVar('Godot Rules!!!')).toBe(godot.put_var_string.error);
    expect(hex(bytes())).toBe(godot.put_var_string.written);
  });

  it('put_packet frames the payload; an empty packet is OK and writes nothing', () => {
    const a = fresh();
    expect(a.peer.putPacket(new TextEncoder().encode('Godot Rules!!!'))).toBe(
      godot.put_packet.error,
    );
    expect(hex(a.bytes())).toBe(godot.put_packet.written);
    const b = fresh();
    expect(b.peer.putPacket(new Uint8Array(0))).toBe(godot.put_packet_empty.error);
    expect(hex(b.bytes())).toBe(godot.put_packet_empty.written);
  });

  it('put_var over encode_buffer_max_size is ERR_OUT_OF_MEMORY and sends nothing; at the limit it is OK', () => {
    const { peer, bytes } = fresh();
    peer.encodeBufferMaxSize = 1024;
    expect({
      over: peer.putVar('x'.repeat(1025)),
      at_limit: peer.putVar('x'.repeat(1016)),
      just_over: peer.putVar('x'.repeat(1017)),
      written_length: bytes().length,
    }).toEqual(godot.encode_limit);
  });

  it('put_var of a too-deep value is ERR_OUT_OF_MEMORY', () => {
    const { peer, bytes } = fresh();
    let deep: unknown[] = [];
    for (let i = 0; i < 1100; i++) deep = [deep];
    expect(peer.putVar(deep as never)).toBe(godot.put_var_too_deep.error);
    expect(hex(bytes())).toBe(godot.put_var_too_deep.written);
  });

  it('get_packet on nothing is ERR_UNAVAILABLE with an empty packet', () => {
    const { peer } = fresh();
    expect({
      size: peer.getPacket().length,
      packet_error: peer.getPacketError(),
      available: peer.getAvailablePacketCount(),
    }).toEqual(godot.get_packet_empty);
  });

  it('get_var decodes each packet, consumes a bad one, and then goes on', () => {
    const { peer, rewind } = fresh();
    peer.putVar({ hp: 100, pos: new Vector2(1, 2) });
    peer.putPacket(Uint8Array.of(1, 2, 3));
    peer.putVar([1, 2.5, 'three']);
    rewind();
    const g = godot.get_var_sequence;
    expect(peer.getAvailablePacketCount()).toBe(g.available);
    expect(hex(varToBytes(peer.getVar()))).toBe(g.first);
    expect(peer.getVar()).toBe(null);
    // Deviation (README): Godot leaves get_packet_error at OK here; we report the decode error.
    expect(g.packet_error_after_bad).toBe(GodotError.OK);
    expect(peer.getPacketError()).toBe(GodotError.ERR_INVALID_DATA);
    expect(hex(peer.lastPacket!)).toBe('010203');
    expect(peer.getAvailablePacketCount()).toBe(g.available_after_bad);
    expect(hex(varToBytes(peer.getVar()))).toBe(g.third);
    expect(peer.getVar() === null).toBe(g.none_is_null);
    expect(peer.getPacketError()).toBe(GodotError.ERR_UNAVAILABLE);
  });

  it('get_packet hands back raw bytes, even ones that are no Variant', () => {
    const { peer, rewind } = fresh();
    peer.putPacket(Uint8Array.of(9, 8, 7));
    rewind();
    expect({ packet: hex(peer.getPacket()), packet_error: peer.getPacketError() }).toEqual(
      godot.get_packet_raw,
    );
  });

  it('a partial frame is not available', () => {
    const { peer } = fresh();
    peer.receiveData(Uint8Array.of(8, 0, 0, 0, 1, 2, 3));
    expect({
      available: peer.getAvailablePacketCount(),
      size: peer.getPacket().length,
      packet_error: peer.getPacketError(),
    }).toEqual(godot.partial_frame);
  });

  it('reads a frame whose payload ends in NUL (Godot test_packet_peer vector)', () => {
    const { peer } = fresh();
    peer.receiveData(fromHex('0f000000476f646f742052756c6573212121'));
    peer.receiveData(Uint8Array.of(0));
    expect({ packet: hex(peer.getPacket()), packet_error: peer.getPacketError() }).toEqual(
      godot.get_packet_with_nul,
    );
    expect(bytesToVar(Uint8Array.of(2, 0, 0, 0, 7, 0, 0, 0))).toBe(godot.packet_error_sticky.value);
  });

  it('output_buffer_max_size rounds like Godot and refuses larger packets with ERR_INVALID_PARAMETER', () => {
    const { peer } = fresh();
    peer.outputBufferMaxSize = 100;
    const g = godot.output_buffer_limit;
    expect(peer.outputBufferMaxSize).toBe(g.output_buffer_max_size);
    expect(peer.putPacket(big(peer.outputBufferMaxSize))).toBe(g.fits);
    expect(peer.putPacket(big(peer.outputBufferMaxSize + 1))).toBe(g.too_big);
  });

  it('without a stream peer, everything is ERR_UNCONFIGURED', () => {
    const peer = new PacketPeerStream();
    const g = godot.no_stream_peer;
    expect(peer.putPacket(Uint8Array.of(1))).toBe(g.put_packet);
    expect(peer.putVar(1)).toBe(g.put_var);
    expect(peer.getPacket().length).toBe(g.get_packet_size);
    expect(peer.getPacketError()).toBe(g.packet_error);
    expect(peer.getVar() === null).toBe(g.get_var_is_null);
  });

  it('input_buffer_max_size rounds like Godot', () => {
    const { peer } = fresh();
    expect(peer.setInputBufferMaxSize(100)).toBe(GodotError.OK);
    expect(peer.inputBufferMaxSize).toBe(godot.input_buffer_max_size.input_buffer_max_size);
  });
});

import { createPacketPeerPair, GodotError } from '@gdwire/packet-peer';
import { Dictionary, GodotObject, StringName, Vector2 } from '@gdwire/variant-codec';
import { describe, expect, it } from 'vitest';

describe('createPacketPeerPair', () => {
  it('carries Variants both ways, one putVar = one packet', () => {
    const [a, b] = createPacketPeerPair();
    expect(a.putVar({ hp: 100, pos: new Vector2(1, 2) })).toBe(GodotError.OK);
    expect(b.putVar('pong')).toBe(GodotError.OK);
    expect(b.getAvailablePacketCount()).toBe(1);
    const msg = b.getVar() as Dictionary;
    expect(msg.get('hp')).toBe(100);
    expect(msg.get('pos')).toEqual(new Vector2(1, 2));
    expect(a.getVar()).toBe('pong');
    expect(a.getVar()).toBe(null);
    expect(a.getPacketError()).toBe(GodotError.ERR_UNAVAILABLE);
  });

  it('sends nothing for an empty packet, and raw bytes as they are', () => {
    const [a, b] = createPacketPeerPair();
    expect(a.putPacket(new Uint8Array(0))).toBe(GodotError.OK);
    expect(b.getAvailablePacketCount()).toBe(0);
    a.putPacket(Uint8Array.of(1, 2, 3));
    expect(b.getPacket()).toEqual(Uint8Array.of(1, 2, 3));
    expect(b.getPacketError()).toBe(GodotError.OK);
  });

  it('refuses a packet that is not a Uint8Array with ERR_INVALID_PARAMETER, sending nothing', () => {
    const [a, b] = createPacketPeerPair();
    const notBytes: unknown[] = [
      'text',
      [1, 2, 3],
      new ArrayBuffer(4),
      new DataView(new ArrayBuffer(4)),
      null,
      undefined,
    ];
    for (const packet of notBytes) {
      expect(a.putPacket(packet as Uint8Array), String(packet)).toBe(
        GodotError.ERR_INVALID_PARAMETER,
      );
    }
    expect(b.getAvailablePacketCount()).toBe(0);
    class Bytes extends Uint8Array {} // as Node's Buffer is
    expect(a.putPacket(new Bytes([1, 2]))).toBe(GodotError.OK);
    expect(Array.from(b.getPacket())).toEqual([1, 2]);
  });

  it('tells the sender ERR_OUT_OF_MEMORY when the receiver is full, and counts the drop', () => {
    const [a, b] = createPacketPeerPair({ recvBufSize: 100 }); // 128-byte ring, 127 usable
    expect(a.getMaxPacketSize()).toBe(127 - 24);
    expect(a.putPacket(new Uint8Array(60))).toBe(GodotError.OK);
    expect(a.putPacket(new Uint8Array(60))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(b.droppedPackets).toBe(1);
    expect(b.getPacket()).toHaveLength(60);
  });

  it('reports decode errors through getPacketError and lastError, and keeps the bytes', () => {
    const [a, b] = createPacketPeerPair();
    a.putPacket(Uint8Array.of(0x04, 0, 0, 0, 9, 0, 0, 0, 0x61));
    a.putVar(7);
    expect(b.getVar()).toBe(null);
    expect(b.getPacketError()).toBe(GodotError.ERR_FILE_EOF);
    expect(b.lastError?.offset).toBe(4);
    expect(b.lastPacket).toEqual(Uint8Array.of(0x04, 0, 0, 0, 9, 0, 0, 0, 0x61));
    expect(b.getVar()).toBe(7);
    expect(b.getPacketError()).toBe(GodotError.OK);
    expect(b.lastError).toBe(null);
  });

  it('refuses full objects unless asked, and sends them only with fullObjects', () => {
    const [a, b] = createPacketPeerPair();
    const obj = new GodotObject('Resource', { resource_name: 'sword' });
    expect(a.putVar(obj)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(a.putVar(obj, true)).toBe(GodotError.OK);
    a.putVar(obj, true);
    expect(b.getVar()).toBe(null);
    expect(b.getPacketError()).toBe(GodotError.ERR_UNAUTHORIZED);
    expect((b.getVar(true) as GodotObject).properties.get('resource_name')).toBe('sword');
  });

  it('speaks the Godot 3 dialect when asked', () => {
    const [a, b] = createPacketPeerPair({ dialect: 'godot3' });
    a.putVar({ pos: new Vector2(1, 2) });
    expect(b.lastPacket).toBe(null);
    const packet = b.getPacket();
    expect(packet[0]).toBe(18); // Dictionary is type 18 in Godot 3
    expect(a.putVar(new StringName('x'))).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(a.dialect).toBe('godot3');
  });

  it('after close, sends fail with ERR_UNCONFIGURED and queued packets stay readable', () => {
    const [a, b] = createPacketPeerPair();
    a.putVar(1);
    b.close();
    expect(a.isConnected()).toBe(false);
    expect(a.putVar(2)).toBe(GodotError.ERR_UNCONFIGURED);
    expect(b.getVar()).toBe(1);
    expect(new Dictionary().size).toBe(0);
  });
});

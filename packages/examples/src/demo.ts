/**
 * `pnpm demo`: what gdwire does today, end to end, in a few seconds.
 *
 * A game server's tick: the state of a few players is encoded exactly as
 * Godot's var_to_bytes would encode it, decoded back, printed in Godot's own
 * syntax, and compared with JSON; then the same message for a Godot 3 peer,
 * and a hostile packet refused with Godot's Error code.
 */
import {
  bytesToVar,
  type Dictionary,
  GdwireError,
  PackedVector2Array,
  VariantEncoder,
  Vector2,
  varToBytes,
  varToStr,
} from '@gdwire/variant-codec';

const log = (text = '') => process.stdout.write(`${text}\n`);
const hex = (bytes: Uint8Array, max = 48) =>
  Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .replace(/(.{8})/g, '$1 ')
    .trim() + (bytes.length > max ? ' …' : '');

log('gdwire demo — Godot Variants from JavaScript, byte for byte\n');

// 1. A tick of game state, built from plain JS values.
const players = ['Ana', 'Bø', 'Chen'].map((name, i) => ({
  id: i + 1,
  name,
  hp: 100 - i * 15,
  pos: new Vector2(10 * i + 0.5, 4 - i),
  vel: new Vector2(i === 1 ? -1.5 : 0, 0.25),
}));
const tick = { tick: 1042, players, trail: PackedVector2Array.from(players.map((p) => p.pos)) };

const encoder = new VariantEncoder({ maxSize: 8 * 1024 * 1024 });
const bytes = encoder.encode(tick).slice();
log(`1. Encoded one tick: ${bytes.length} bytes (Godot's var_to_bytes writes the same).`);
log(`   ${hex(bytes)}`);

// 2. Back again, as GDScript would see it.
const decoded = bytesToVar(bytes) as Dictionary;
log('\n2. Decoded, printed with var_to_str syntax:');
log(
  varToStr(decoded)
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n'),
);
const first = (decoded.get('players') as Dictionary[])[0]!;
log(
  `   players[0].hp is ${typeof first.get('hp')} ${first.get('hp')} (an int in Godot); pos is a ${first.get('pos')?.constructor.name}`,
);

// 3. Size next to JSON of the same data.
const json = new TextEncoder().encode(
  JSON.stringify({ ...tick, trail: players.map((p) => [p.pos.x, p.pos.y]) }),
);
log(
  `\n3. Size: Variant ${bytes.length} B, JSON ${json.length} B — and JSON has no Vector2, int/float or typed arrays.`,
);

// 4. The same message for a Godot 3 peer.
const godot3 = varToBytes(tick, { dialect: 'godot3' });
log(
  `\n4. For a Godot 3 peer (other type ids): ${godot3.length} bytes, header ${hex(godot3, 4)} (Dictionary is 18 in Godot 3, 27 in Godot 4).`,
);

// 5. Untrusted input: a 12-byte packet claiming a 2 GiB array.
const hostile = Uint8Array.from([0x1c, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0]);
try {
  bytesToVar(hostile);
} catch (e) {
  if (!GdwireError.is(e)) throw e;
  log(`\n5. A hostile packet is refused at once, nothing allocated:\n   ${e.message}`);
}
const full = Uint8Array.from([0x18, 0, 0, 0, 4, 0, 0, 0, 0x4e, 0x6f, 0x64, 0x65, 0, 0, 0, 0]);
try {
  bytesToVar(full);
} catch (e) {
  if (!GdwireError.is(e)) throw e;
  log(`   A full Object from a stranger: ${e.codeName} — allowObjects is off by default.`);
}

log('\nDone. Next: PacketPeer and PacketPeerUDP (see the README for the roadmap).');

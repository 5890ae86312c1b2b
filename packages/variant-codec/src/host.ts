/**
 * True when the host stores typed arrays' elements little-endian, as Godot's
 * wire does (nearly every host): packed arrays are then copied as they are,
 * and a Uint16Array of units is UTF-16LE.
 */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

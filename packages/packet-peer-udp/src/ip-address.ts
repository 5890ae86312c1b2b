import { isIPv4, isIPv6 } from 'node:net';

/**
 * IP addresses as Godot's `IPAddress` holds them: 16 bytes, IPv4 in the
 * IPv4-mapped form `::ffff:a.b.c.d`. Parsing is strict (what Godot 4.7's
 * parser accepts; 4.6's lenient one turned "a.b.c.d" into 0.0.0.0), and never
 * touches DNS.
 */
export type AddressBytes = Uint8Array;

/** The 16-byte form of an IPv4 or IPv6 literal, or null when `text` is not one. */
export function parseIpAddress(text: string): AddressBytes | null {
  if (isIPv4(text)) {
    const out = new Uint8Array(16);
    out[10] = out[11] = 0xff;
    text.split('.').forEach((part, i) => {
      out[12 + i] = Number(part);
    });
    return out;
  }
  // Zone ids ("fe80::1%eth0") are not IP literals for Godot.
  if (!isIPv6(text) || text.includes('%')) return null;
  let head = text;
  let tailV4: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = text
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const groups = (s: string | undefined) =>
    s
      ? s
          .split(':')
          .filter((g) => g !== '')
          .map((g) => Number.parseInt(g, 16))
      : [];
  const l = groups(left);
  const r = groups(right);
  const all = right === undefined ? l : [...l, ...new Array(8 - l.length - r.length).fill(0), ...r];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (tailV4.length === 4) out.set(tailV4, 12);
  return out;
}

/** True for `::ffff:a.b.c.d`. */
export function isIpv4Mapped(bytes: AddressBytes): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * Godot's `String(IPAddress)`: dotted quad for IPv4 (also IPv4-mapped), else
 * eight lowercase hex groups, never compressed (`::1` → `0:0:0:0:0:0:0:1`).
 */
export function formatIpAddress(bytes: AddressBytes): string {
  if (isIpv4Mapped(bytes)) return Array.from(bytes.subarray(12)).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

/** Whether two 16-byte addresses are equal. */
export function sameAddress(a: AddressBytes, b: AddressBytes): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The structure of Variant bytes for the inspector: every node with its type,
 * its byte range, its value in Godot syntax and its children. Leaves and
 * lengths come from the codec itself (decodeVariant); this only knows where
 * containers keep their children.
 */
import {
  type Dialect,
  decodeVariant,
  GdwireError,
  typeName,
  type Variant,
  VariantType,
  varToStr,
} from '@gdwire/variant-codec';

export interface InspectedNode {
  label: string;
  type: string;
  start: number;
  end: number;
  text: string;
  children: InspectedNode[];
}

const GODOT3_IDS = [
  0, 1, 2, 3, 4, 5, 7, 9, 11, 14, 15, 16, 17, 18, 20, 22, 23, 24, 27, 28, 29, 30, 32, 34, 35, 36,
  37,
];

export function inspect(
  bytes: Uint8Array,
  options: { dialect: Dialect; allowObjects: boolean },
): InspectedNode {
  return node('value', bytes, 0, options);
}

function node(
  label: string,
  bytes: Uint8Array,
  at: number,
  options: { dialect: Dialect; allowObjects: boolean },
): InspectedNode {
  const { value, length } = decodeVariant(bytes, at, options);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wire = view.getUint32(at, true);
  const type = options.dialect === 'godot3' ? (GODOT3_IDS[wire & 0xff] ?? 0) : wire & 0xff;
  const result: InspectedNode = {
    label,
    type: typeName(type),
    start: at,
    end: Math.min(bytes.length, at + length),
    text: oneLine(value),
    children: [],
  };
  if (type === VariantType.ARRAY || type === VariantType.DICTIONARY) {
    let p = at + 4;
    const kinds =
      options.dialect === 'godot4'
        ? [(wire >> 16) & 3, type === VariantType.DICTIONARY ? (wire >> 18) & 3 : 0]
        : [0, 0];
    for (const kind of kinds) {
      if (kind === 1) p += 4;
      else if (kind >= 2) p += 4 + padded(view.getUint32(p, true));
    }
    const count = view.getUint32(p, true) & 0x7fffffff;
    p += 4;
    for (let i = 0; i < count; i++) {
      if (type === VariantType.ARRAY) {
        const child = node(`[${i}]`, bytes, p, options);
        result.children.push(child);
        p += decodeVariant(bytes, p, options).length;
      } else {
        const key = node('key', bytes, p, options);
        p += decodeVariant(bytes, p, options).length;
        const val = node(`${key.text}`, bytes, p, options);
        val.children.unshift({ ...key, children: [] });
        result.children.push(val);
        p += decodeVariant(bytes, p, options).length;
      }
    }
  }
  return result;
}

const padded = (n: number) => n + ((4 - (n % 4)) % 4);

function oneLine(value: Variant): string {
  const text = varToStr(value).replace(/\n/g, ' ');
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** Hex, with or without spaces, or base64: the bytes, or null when it is neither. */
export function parseBytes(text: string): Uint8Array | null {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') return new Uint8Array(0);
  if (/^([0-9a-fA-F]{2})+$/.test(compact))
    return Uint8Array.from(compact.match(/../g)!, (b) => Number.parseInt(b, 16));
  try {
    return Uint8Array.from(atob(compact.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
      c.charCodeAt(0),
    );
  } catch {
    return null;
  }
}

export { GdwireError };

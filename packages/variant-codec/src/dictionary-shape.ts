import type { ByteReader } from './reader.js';
import { SharedKeys } from './types/dictionary.js';
import { StringName } from './types/string-name.js';
import { VariantType } from './variant-type.js';

const utf8 = new TextEncoder();

/**
 * The keys of a Dictionary the decoder has read — Strings and StringNames,
 * no two with the same text — and, once a second Dictionary has shown them
 * again, their wire form: from then on the next Dictionary with the same keys
 * (every entity of a snapshot, every message of a kind) is recognised by
 * comparing its bytes, without decoding its keys again, and shares the key
 * list (StringName keys are then the same objects, as Godot interns them).
 * Key lists seen once cost nothing more than the list.
 */
export class DictionaryShape {
  /** The key list the Dictionaries of this shape share. */
  readonly shared: SharedKeys;
  /** Each key's wire form as little-endian words (type header, length, UTF-8, zero padding), one key after another. */
  #words: Uint32Array | null = null;
  /** Where key i's words start in #words; the entry after the last key marks the end. */
  #starts: Int32Array | null = null;

  /** STRING when every key is a String, STRING_NAME when every one is a StringName (typed Dictionaries use only such lists). */
  readonly keysType: VariantType | undefined;

  constructor(readonly keys: readonly (string | StringName)[]) {
    this.shared = new SharedKeys(keys);
    this.keysType = keys.every((k) => typeof k === 'string')
      ? VariantType.STRING
      : keys.every((k) => k instanceof StringName)
        ? VariantType.STRING_NAME
        : undefined;
  }

  /** True when `key`, just decoded, is key `i` of this shape: same type, same text. */
  has(i: number, key: unknown): boolean {
    const mine = this.keys[i];
    return typeof mine === 'string'
      ? key === mine
      : key instanceof StringName && mine !== undefined && key.value === mine.value;
  }

  /** Learns the keys' wire form (once): another Dictionary had these keys. */
  learn(stringHeader: number, stringNameHeader: number): void {
    if (this.#words !== null) return;
    const blocks = this.keys.map((key) => utf8.encode(String(key)));
    const starts = new Int32Array(blocks.length + 1);
    let size = 0;
    blocks.forEach((bytes, i) => {
      starts[i] = size;
      size += 2 + ((bytes.length + 3) >> 2);
    });
    starts[blocks.length] = size;
    const words = new Uint32Array(size);
    const view = new DataView(words.buffer);
    blocks.forEach((bytes, i) => {
      const at = starts[i]! * 4;
      view.setUint32(at, typeof this.keys[i] === 'string' ? stringHeader : stringNameHeader, true);
      view.setUint32(at + 4, bytes.length, true);
      new Uint8Array(words.buffer, at + 8, bytes.length).set(bytes);
    });
    this.#starts = starts;
    this.#words = words;
  }

  /** True when key `i`'s wire form (once learnt) comes next in `r`, which then moves past it. */
  matches(r: ByteReader, i: number): boolean {
    const words = this.#words;
    if (words === null) return false;
    const starts = this.#starts!;
    let w = starts[i]!;
    const end = starts[i + 1]!;
    let at = r.pos;
    if (r.bytes.length - at < (end - w) * 4) return false;
    for (; w < end; w++, at += 4) {
      if (r.view.getUint32(at, true) !== words[w]) return false;
    }
    r.pos = at;
    return true;
  }
}

import type { ByteReader } from './reader.js';
import { chunkCount, lastChunk, readStringChunks } from './string-chunks.js';
import { KeyList } from './types/dictionary.js';
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
  readonly shared: KeyList;
  /** Each key's wire form as chunks (see readStringChunks), one key after another. */
  #chunks: Float64Array | null = null;
  /** Where key i's chunks start in #chunks. */
  #starts: Int32Array | null = null;
  /**
   * Key i's first and last chunk at 2i and 2i + 1: all of a key of up to 8
   * text bytes. This and #sizes, read for every key, are plain arrays, whose
   * elements V8 loads a little faster than a typed array's (Dictionary
   * decodes 1.01-1.04x).
   */
  #ends: number[] | null = null;
  /** Key i's wire form's size in bytes. */
  #sizes: number[] | null = null;

  /** STRING when every key is a String, STRING_NAME when every one is a StringName (typed Dictionaries use only such lists). */
  readonly keysType: VariantType | undefined;

  constructor(readonly keys: readonly (string | StringName)[]) {
    this.shared = KeyList.shared(keys);
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
    if (this.#starts !== null) return;
    const blocks = this.keys.map((key) => utf8.encode(String(key)));
    const starts = new Int32Array(blocks.length);
    const sizes = new Int32Array(blocks.length);
    let count = 0;
    blocks.forEach((bytes, i) => {
      starts[i] = count;
      sizes[i] = 8 + ((bytes.length + 3) & ~3);
      count += chunkCount(sizes[i]!);
    });
    const chunks = new Float64Array(count);
    // Never false for a key's form (see readStringChunks); such a list is never matched.
    const safe = blocks.every((bytes, i) => {
      const form = new DataView(new ArrayBuffer(sizes[i]!));
      form.setUint32(0, typeof this.keys[i] === 'string' ? stringHeader : stringNameHeader, true);
      form.setUint32(4, bytes.length, true);
      new Uint8Array(form.buffer, 8).set(bytes);
      return readStringChunks(form, 0, sizes[i]!, chunks, starts[i]!);
    });
    this.#sizes = Array.from(sizes);
    this.#starts = starts;
    if (!safe) return;
    this.#chunks = chunks;
    const ends: number[] = [];
    for (let i = 0; i < blocks.length; i++) {
      ends.push(chunks[starts[i]!]!, chunks[lastChunk(starts[i]!, sizes[i]!)]!);
    }
    this.#ends = ends;
  }

  /** True when key `i`'s wire form (once learnt) comes next in `r`, which then moves past it. */
  matches(r: ByteReader, i: number): boolean {
    const ends = this.#ends;
    if (ends === null) return false;
    const at = r.pos;
    const size = this.#sizes![i]!;
    if (r.end - at < size) return false;
    const view = r.view;
    // The first and last chunks (one and the same for an empty key), then
    // any between: most keys are 8 text bytes or fewer, two chunks in all.
    if (
      view.getFloat64(at, true) !== ends[2 * i] ||
      view.getFloat64(at + size - 8, true) !== ends[2 * i + 1]
    )
      return false;
    if (size > 16 && !this.#middleMatches(view, at, size, i)) return false;
    r.pos = at + size;
    return true;
  }

  /** True when the chunks between key `i`'s first and last match the block of `size` bytes at `at`. */
  #middleMatches(view: DataView, at: number, size: number, i: number): boolean {
    const chunks = this.#chunks!;
    const first = this.#starts![i]!;
    const last = lastChunk(first, size);
    for (let c = first + 1, p = at + 8; c < last; c++, p += 8) {
      if (view.getFloat64(p, true) !== chunks[c]) return false;
    }
    return true;
  }
}

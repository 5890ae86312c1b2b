import type { ByteReader } from './reader.js';

const utf8 = new TextEncoder();

/**
 * The keys of a Dictionary the decoder has read — distinct plain Strings — and
 * their wire form, so that the next Dictionary with the same keys (every
 * entity of a snapshot, every message of a kind) is recognised by comparing
 * its bytes, without decoding its keys again.
 */
export class DictionaryShape {
  /** Each key's wire form as little-endian words (String header, length, UTF-8, zero padding), one key after another. */
  readonly #words: Uint32Array;
  /** Where key i's words start in #words; the entry after the last key marks the end. */
  readonly #starts: Int32Array;

  constructor(
    readonly keys: string[],
    stringHeader: number,
  ) {
    const blocks = keys.map((key) => utf8.encode(key));
    this.#starts = new Int32Array(keys.length + 1);
    let words = 0;
    blocks.forEach((bytes, i) => {
      this.#starts[i] = words;
      words += 2 + ((bytes.length + 3) >> 2);
    });
    this.#starts[keys.length] = words;
    this.#words = new Uint32Array(words);
    const view = new DataView(this.#words.buffer);
    blocks.forEach((bytes, i) => {
      const at = this.#starts[i]! * 4;
      view.setUint32(at, stringHeader, true);
      view.setUint32(at + 4, bytes.length, true);
      new Uint8Array(this.#words.buffer, at + 8, bytes.length).set(bytes);
    });
  }

  /** True when key `i`'s wire form comes next in `r`, which then moves past it. */
  matches(r: ByteReader, i: number): boolean {
    let w = this.#starts[i]!;
    const end = this.#starts[i + 1]!;
    let at = r.pos;
    if (r.bytes.length - at < (end - w) * 4) return false;
    for (; w < end; w++, at += 4) {
      if (r.view.getUint32(at, true) !== this.#words[w]) return false;
    }
    r.pos = at;
    return true;
  }
}

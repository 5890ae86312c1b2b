/**
 * A String block (type header, length, UTF-8, zero padding: a multiple of 4
 * bytes, 8 or more) as 8-byte chunks read as float64s, so that a remembered
 * key is compared (the decoder's DictionaryShape) or copied (the encoder's
 * KeyMemo) in half the reads or writes of 32-bit words. The last chunk ends
 * where the block does, overlapping the one before when the block is an odd
 * number of words (see chunkCount).
 *
 * A float64 compare is a bit compare, and a copy is bit for bit, only for a
 * finite number other than zero (NaN bits may change, and -0 equals 0). A
 * String block always gives such chunks: UTF-8 text or a length in a
 * chunk's high half never sets every exponent bit (that takes a byte of
 * 0xF0 and up followed by 0x7F or 0xFF), and the low half (a header, a
 * length, or text that holds no NUL) is never zero. Both users check it
 * anyway and keep no chunks that fail.
 *
 * Reads the chunks of the block of `size` bytes at `at` into `into` from
 * index `c`; returns false if one of them is NaN, infinite or zero.
 */
export function readStringChunks(
  view: DataView,
  at: number,
  size: number,
  into: Float64Array,
  c: number,
): boolean {
  let safe = true;
  for (let p = at; ; p += 8, c++) {
    const last = p >= at + size - 8;
    const n = view.getFloat64(last ? at + size - 8 : p, true);
    into[c] = n;
    if (!Number.isFinite(n) || n === 0) safe = false;
    if (last) return safe;
  }
}

/** How many chunks a String block of `size` bytes has (the last ending where the block does). */
export function chunkCount(size: number): number {
  return (size + 7) >> 3;
}

/** Where the last chunk of a String block of `size` bytes is, its chunks starting at index `first`. */
export function lastChunk(first: number, size: number): number {
  return first + chunkCount(size) - 1;
}

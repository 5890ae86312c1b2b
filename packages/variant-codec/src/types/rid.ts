import { brand } from '../brand.js';
/**
 * Godot's `RID`: an opaque 64-bit resource id. Meaningless outside the process
 * that made it, but carried faithfully. Godot 3 sends no id at all.
 *
 * @example
 * ```ts
 * new RID(4660n).id; // 4660n
 * ```
 */
export class RID {
  constructor(readonly id: bigint = 0n) {}

  /** JSON has no 64-bit ints: the id is written as decimal text. */
  toJSON(): { id: string } {
    return { id: String(this.id) };
  }
}

brand(RID, 'RID');

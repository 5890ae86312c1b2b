import { brand } from '../brand.js';
/**
 * Godot's `Signal`: a signal name and the instance id of its object.
 *
 * @example
 * ```ts
 * const s = new Signal('health_changed', 1234n);
 * ```
 */
export class Signal {
  constructor(
    readonly name = '',
    readonly objectId: bigint = 0n,
  ) {}

  /** JSON has no 64-bit ints: the object id is written as decimal text. */
  toJSON(): { name: string; objectId: string } {
    return { name: this.name, objectId: String(this.objectId) };
  }
}

brand(Signal, 'Signal');

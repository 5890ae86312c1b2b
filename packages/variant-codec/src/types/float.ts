import { brand } from '../brand.js';
/**
 * A number that must travel as Godot `float` even though it is integral.
 *
 * Plain JS numbers are sent as `int` when integral and `float` otherwise, which
 * is what GDScript code expects for `{ hp: 100 }` and `1.5`. Wrap a value in
 * `Float` to send `1.0` or `-0.0`; lossless decoding hands these back wrapped.
 *
 * @example
 * ```ts
 * varToBytes(new Float(1)); // 03000000 0000803f, a float in Godot
 * varToBytes(1);            // 02000000 01000000, an int
 * ```
 */
export class Float {
  /** The float's value (a JS double, like Godot's `float`). */
  readonly value: number;
  /**
   * The exact IEEE-754 bits when `value` is a NaN whose payload must survive
   * a round trip (lossless decoding sets it; JS arithmetic may not keep payloads).
   */
  readonly nanBits: bigint | undefined;

  constructor(value: number, nanBits?: bigint) {
    this.value = value;
    this.nanBits = Number.isNaN(value) ? nanBits : undefined;
  }

  valueOf(): number {
    return this.value;
  }

  /** JSON writes it as its number (NaN and infinities as null, as JSON does). */
  toJSON(): number {
    return this.value;
  }
}

brand(Float, 'Float');

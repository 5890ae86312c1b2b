import { GodotError, type GodotErrorCode } from '@gdwire/variant-codec';

/**
 * An `AbortSignal` (a browser's or Node's, e.g. `AbortSignal.timeout(ms)`),
 * described by the parts gdwire uses, so the types need neither the DOM nor
 * Node's.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * The pending `wait()` calls of a peer whose packets arrive as events: each
 * resolves with the code of the next {@link PacketWaiters.wake}, or
 * ERR_TIMEOUT when its AbortSignal aborts. A wake takes every waiter at once
 * (later ones start a new list), and a wait without a signal costs one Promise.
 *
 * @example
 * ```ts
 * const waiters = new PacketWaiters();
 * const next = waiters.wait(AbortSignal.timeout(1000)); // in wait()
 * waiters.wake(GodotError.OK);                          // when a packet is queued
 * ```
 */
export class PacketWaiters {
  #waiters: ((code: GodotErrorCode) => void)[] = [];

  /** True when someone waits: the packet path checks this before calling {@link wake}. */
  get waiting(): boolean {
    return this.#waiters.length > 0;
  }

  /**
   * A Promise of the next wake's code, or of ERR_TIMEOUT once `signal`
   * aborts. No signal (undefined or null) waits for the wake alone; anything
   * else that is not an AbortSignal resolves ERR_INVALID_PARAMETER at once.
   */
  wait(signal?: AbortSignalLike | null): Promise<GodotErrorCode> {
    if (signal == null) return new Promise((resolve) => this.#waiters.push(resolve));
    if (typeof signal.addEventListener !== 'function') {
      return Promise.resolve(GodotError.ERR_INVALID_PARAMETER);
    }
    if (signal.aborted) return Promise.resolve(GodotError.ERR_TIMEOUT);
    return new Promise((resolve) => {
      const onAbort = () => {
        const i = this.#waiters.indexOf(done);
        if (i !== -1) this.#waiters.splice(i, 1);
        resolve(GodotError.ERR_TIMEOUT);
      };
      const done = (code: GodotErrorCode) => {
        signal.removeEventListener('abort', onAbort);
        resolve(code);
      };
      this.#waiters.push(done);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Resolves every waiter with `code`. */
  wake(code: GodotErrorCode): void {
    const waiters = this.#waiters;
    if (waiters.length === 0) return;
    this.#waiters = [];
    for (const waiter of waiters) waiter(code);
  }
}

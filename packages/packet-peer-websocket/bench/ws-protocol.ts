/** What the two processes of the WebSocket benchmarks agree on. */

/** The largest message and the outbound limit of both kinds of peers (the raw side's backpressure threshold). */
export const BUFFER = 1024 * 1024;

/** What the child process is: a counting receiver or an echo, on raw `ws` or on gdwire. */
export type WsRole =
  | 'raw-sink'
  | 'raw-var-sink'
  | 'raw-echo'
  | 'gdwire-sink'
  | 'gdwire-var-sink'
  | 'gdwire-echo';

/** A sink's count, and the time from its first message to its last. */
export interface SinkReport {
  received: number;
  seconds: number;
}

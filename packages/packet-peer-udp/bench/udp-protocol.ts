/** What the two processes of the UDP benchmarks agree on. */

/** The receiver acknowledges every this many packets (the ack carries its count). */
export const ACK_EVERY = 64;
/** The sender keeps at most this many packets unacknowledged, so the OS never has to drop any. */
export const WINDOW = 256;
/** Both sides get the same OS receive buffer, so a window is never cut by the kernel. */
export const OS_BUFFER = 4 * 1024 * 1024;

/** What the child process is: a counting receiver or an echo, on raw dgram or on PacketPeerUDP. */
export type PeerRole =
  | 'raw-sink'
  | 'raw-var-sink'
  | 'raw-echo'
  | 'gdwire-sink'
  | 'gdwire-var-sink'
  | 'gdwire-echo';

/** A receiver's count, and the time from its first packet to its last. */
export interface PeerReport {
  received: number;
  seconds: number;
}

/** What the churn benchmark's parent asks its server process (udp-churn-server.ts). */
export interface ChurnRequest {
  cmd: 'listen' | 'begin' | 'count' | 'close' | 'exit';
  port?: number;
}

/** The server process's answer: its port, time its work took (ns), settled heap, clients taken and read. */
export interface ChurnReply {
  port: number;
  workNs: number;
  heap: number;
  taken: number;
  read: number;
}

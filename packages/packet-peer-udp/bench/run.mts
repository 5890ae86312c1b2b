/** `pnpm bench` for the UDP peers: prints one table per measurement. */
import { runUdpBenchmarks } from './udp.bench.js';

await runUdpBenchmarks();

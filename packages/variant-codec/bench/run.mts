/** `pnpm bench` for the codec: prints one table per case. */
import { runCodecBenchmarks } from './codec.bench.js';

await runCodecBenchmarks();

/** `pnpm bench` for the WebSocket peers: prints one table per measurement. */
import { runWebSocketBenchmarks } from './ws.bench.js';

await runWebSocketBenchmarks();

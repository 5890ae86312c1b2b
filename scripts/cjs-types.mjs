// tsup names the CommonJS declaration file index.d.ts; the exports map wants
// index.d.cts next to index.cjs, so each format has its own type file.
import { renameSync } from 'node:fs';

renameSync('dist/index.d.ts', 'dist/index.d.cts');

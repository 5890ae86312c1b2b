// tsup names each CommonJS declaration file <entry>.d.ts; the exports map wants
// <entry>.d.cts next to <entry>.cjs, so each format has its own type file.
// Usage: node cjs-types.mjs [entry ...]   (default: index)
import { renameSync } from 'node:fs';

const entries = process.argv.length > 2 ? process.argv.slice(2) : ['index'];
for (const entry of entries) renameSync(`dist/${entry}.d.ts`, `dist/${entry}.d.cts`);

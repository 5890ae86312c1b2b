#!/usr/bin/env node
// `pnpm site`: the project's home page as a static site in site/ — the
// Variant inspector (built with Vite) at its root, the API reference of every
// public package (TypeDoc, from the JSDoc) under api/. Fails when an export
// has no doc comment or a doc link is broken. Serve site/ with any static
// server; nothing in it needs a back end.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const site = join(root, 'site');
rmSync(site, { recursive: true, force: true });

const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
run(['scripts/docs/check-documented.mjs']);
// Vite is the examples package's; its own bin builds the inspector from there.
const examples = join(root, 'packages/examples');
execFileSync(
  process.execPath,
  [
    join(examples, 'node_modules/vite/bin/vite.js'),
    'build',
    '--config',
    'inspector/vite.config.ts',
    '--base',
    './',
    '--outDir',
    site,
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ],
  { cwd: examples, stdio: 'inherit' },
);
run([join(root, 'node_modules/typedoc/bin/typedoc'), '--logLevel', 'Warn']);
process.stdout.write(
  `site built in ${site}: index.html (inspector), api/index.html (API reference)\n`,
);

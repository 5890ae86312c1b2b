import { defineConfig } from 'tsup';

/**
 * The one build of every published package: ESM (.mjs) and CJS (.cjs) from
 * its entries (src/index.ts unless given), with declarations, for Node 20 and
 * browsers. `neutral` keeps Node built-ins out of the browser-safe layers;
 * `node` is for packages (or entries) that run on Node only.
 */
export function packageBuild(platform: 'neutral' | 'node', entry: string[] = ['src/index.ts']) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    // Maps point into src/, which ships beside dist/: they need not carry
    // the source text too (that doubled the packages' size).
    sourcemap: true,
    esbuildOptions(options) {
      options.sourcesContent = false;
    },
    clean: true,
    target: 'es2022',
    platform,
    outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
  });
}

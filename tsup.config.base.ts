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
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform,
    outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
  });
}

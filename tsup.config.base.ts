import { defineConfig } from 'tsup';

/**
 * The one build of every published package: ESM (.mjs) and CJS (.cjs) from
 * src/index.ts, with declarations, for Node 20 and browsers. `neutral` keeps
 * Node built-ins out of the browser-safe layers; `node` is for packet-peer-udp.
 */
export function packageBuild(platform: 'neutral' | 'node') {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform,
    outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
  });
}

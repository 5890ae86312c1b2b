import { defineConfig } from 'tsup';

/**
 * The command alone: one ES module for Node with its shebang, the gdwire
 * packages left as dependencies (npm installs them beside it). No types and
 * no source maps: nothing imports it.
 */
export default defineConfig({
  entry: ['src/gdwire.ts'],
  format: ['esm'],
  outExtension: () => ({ js: '.mjs' }),
  platform: 'node',
  target: 'node20',
  clean: true,
  keepNames: true,
});

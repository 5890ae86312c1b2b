import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM } from './scripts/testing/chromium.js';

/**
 * One vitest run for the whole monorepo. Node projects import each package's
 * source through the `@gdwire/source` export condition, so no build is needed;
 * the `browser` project runs the codec and packet-peer tests in real headless
 * Chromium against the built ESM bundles (`dist/`), the files users get.
 */
const PACKAGES = ['variant-codec', 'packet-peer', 'packet-peer-udp'];
const aliases = (entry: 'src/index.ts' | 'dist/index.mjs') =>
  Object.fromEntries(
    PACKAGES.map((p) => [
      `@gdwire/${p}`,
      fileURLToPath(new URL(`./packages/${p}/${entry}`, import.meta.url)),
    ]),
  );
const source = { resolve: { alias: aliases('src/index.ts') } };
const node = (name: string, extra: object = {}) => ({
  extends: true as const,
  ...source,
  test: { name, include: [`packages/${name}/test/**/*.test.ts`], environment: 'node', ...extra },
});

export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    // A time-out here only stops a test that hangs. No result may depend on
    // the machine's speed, so these are far above what any test needs on a
    // slow, busy 2-core machine (scripts/check-fresh-clone.mjs checks that);
    // long exhaustive tests are split into slices instead of timed.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most test files wait on child processes and sockets, so three workers
    // keep two cores busy where vitest's default (cores - 1) leaves one idle.
    maxWorkers: 3,
    projects: [
      node('variant-codec'),
      node('packet-peer'),
      node('packet-peer-udp'),
      node('examples'),
      {
        extends: true,
        resolve: { alias: aliases('dist/index.mjs') },
        test: {
          name: 'browser',
          include: ['packages/{variant-codec,packet-peer}/test/**/*.test.ts'],
          exclude: ['**/*.node.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: CHROMIUM,
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});

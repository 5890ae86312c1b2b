import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM } from './scripts/testing/chromium.js';

/**
 * One vitest run for the whole monorepo. Node projects import each package's
 * source through the `@gdwire/source` export condition, so no build is needed;
 * the `browser` project runs the codec, packet-peer and WebSocket client tests
 * in real headless Chromium against the built ESM bundles (`dist/`), the
 * files users get.
 */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** Each package's import specifier → its source (Node projects) and its built browser bundle. */
const ENTRIES: { find: string; source: string; browser?: string }[] = [
  {
    find: '@gdwire/variant-codec',
    source: 'variant-codec/src/index.ts',
    browser: 'variant-codec/dist/index.mjs',
  },
  {
    find: '@gdwire/packet-peer',
    source: 'packet-peer/src/index.ts',
    browser: 'packet-peer/dist/index.mjs',
  },
  { find: '@gdwire/packet-peer-udp', source: 'packet-peer-udp/src/index.ts' },
  // Node gets the `ws` client (the package's `node` condition), browsers the native one.
  {
    find: '@gdwire/packet-peer-websocket',
    source: 'packet-peer-websocket/src/node.ts',
    browser: 'packet-peer-websocket/dist/index.mjs',
  },
  { find: '@gdwire/packet-peer-websocket/server', source: 'packet-peer-websocket/src/server.ts' },
];
const aliases = (kind: 'source' | 'browser') =>
  ENTRIES.flatMap((e) => {
    const target = e[kind];
    // Exact matches only: '@gdwire/packet-peer' is not a prefix of its siblings' names.
    return target
      ? [{ find: new RegExp(`^${e.find}$`), replacement: here(`./packages/${target}`) }]
      : [];
  });
const source = { resolve: { alias: aliases('source') } };
const node = (name: string, extra: object = {}) => ({
  extends: true as const,
  ...source,
  test: {
    name,
    include: [`packages/${name}/test/**/*.test.ts`],
    exclude: ['**/*.browser.test.ts'],
    environment: 'node',
    // Test files share a worker's loaded modules instead of each importing
    // the sources afresh: a sixth less CPU for the suite, which keeps two cores
    // busy. No test here changes a module or a global for the others (a
    // project whose tests mock a module keeps isolation).
    isolate: false,
    ...extra,
  },
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
      node('packet-peer-websocket', {
        globalSetup: ['packages/packet-peer-websocket/test/echo-server.ts'],
        // node-link.node.test.ts mocks node:crypto for its own file only.
        isolate: true,
      }),
      node('examples'),
      node('cli'),
      {
        extends: true,
        resolve: { alias: aliases('browser') },
        test: {
          name: 'browser',
          // One page for every test file (no fresh iframe and imports per
          // file): a sixth less CPU; these tests change no globals.
          isolate: false,
          include: ['packages/{variant-codec,packet-peer,packet-peer-websocket}/test/**/*.test.ts'],
          exclude: ['**/*.node.test.ts'],
          // WebSocket servers in Node for the client's tests: a plain `ws` one
          // (inject('echoServerPort')) and our own (inject('gdwireServerPort')).
          globalSetup: [
            'packages/packet-peer-websocket/test/echo-server.ts',
            'packages/packet-peer-websocket/test/gdwire-server.ts',
          ],
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

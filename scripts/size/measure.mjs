// Browser bundle sizes of what users import: each entry below bundled from
// the built packages with esbuild (minified, platform browser, as a bundler
// would for a web page), raw and gzipped. budgets.json holds the most each
// may weigh; the size test fails when one is exceeded.
//
//   node scripts/size/measure.mjs      # prints the table (build first)

import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** From packages/examples, which depends on every package, as a user's app would. */
const resolveDir = fileURLToPath(new URL('../../packages/examples', import.meta.url));

export const ENTRIES = {
  'codec: varToBytes + bytesToVar': `import { varToBytes, bytesToVar } from '@gdwire/variant-codec'; globalThis.x = [varToBytes, bytesToVar];`,
  'codec: bytesToVar alone': `import { bytesToVar } from '@gdwire/variant-codec'; globalThis.x = bytesToVar;`,
  'codec: everything': `import * as codec from '@gdwire/variant-codec'; globalThis.x = codec;`,
  'packet-peer: createPacketPeerPair': `import { createPacketPeerPair } from '@gdwire/packet-peer'; globalThis.x = createPacketPeerPair;`,
  'packet-peer-websocket: WebSocketPeer (browser)': `import { WebSocketPeer } from '@gdwire/packet-peer-websocket'; globalThis.x = WebSocketPeer;`,
};

/** { entry: { bytes, gzip } } for every entry. */
export async function measure() {
  const sizes = {};
  for (const [name, contents] of Object.entries(ENTRIES)) {
    const result = await build({
      stdin: { contents, resolveDir, loader: 'js' },
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].contents;
    sizes[name] = { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
  }
  return sizes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  for (const [name, { bytes, gzip }] of Object.entries(await measure())) {
    process.stdout.write(
      `${name.padEnd(48)} ${kb(bytes).padStart(9)}  ${kb(gzip).padStart(8)} gzip\n`,
    );
  }
}

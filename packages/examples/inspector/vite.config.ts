import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

// The inspector uses the codec's source through the workspace's `@gdwire/source` export condition.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { conditions: ['@gdwire/source', ...defaultClientConditions] },
  server: { host: '127.0.0.1' },
  logLevel: 'warn',
});

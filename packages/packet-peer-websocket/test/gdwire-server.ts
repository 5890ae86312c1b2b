/**
 * Global setup of the browser project: our own WebSocketServer, built, in a
 * child process (test/gdwire-echo-child.mjs), for the Chromium client to talk
 * to. Its port is `inject('gdwireServerPort')`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    gdwireServerPort: number;
  }
}

export default async function setup(project: TestProject) {
  const child = fork(fileURLToPath(new URL('./gdwire-echo-child.mjs', import.meta.url)));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the gdwire echo server exited (${code})`)));
  });
  project.provide('gdwireServerPort', port);
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.send('stop');
    });
}

/** Every example runs to its end by itself and shows what it is about. */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createNamespace, type Namespace } from '../../../scripts/testing/netns.js';
import { runExample } from './run-example.js';

describe('examples', () => {
  it('chat: every client hears the others through the UDPServer', () => {
    const out = runExample('src/chat.ts');
    expect(out).toContain('ana hears bo: "hello 👋"');
    expect(out).toContain('bo hears chen: "gg"');
    expect(out).toContain('chen hears ana: "hi all!"');
  });

  it('wait: the death pill stops a worker; an abortable wait times out; close ends a wait', () => {
    const out = runExample('src/wait.ts');
    expect(out).toContain('worker: got "job 1"');
    expect(out).toContain('worker: got the death pill, stopping');
    expect(out).toContain('wait(AbortSignal.timeout(100)) → ERR_TIMEOUT');
    expect(out).toContain('wait() while the peer is closed → ERR_UNCONFIGURED');
  });

  it('relay: two clients exchange Variants through a relay that never decodes them', () => {
    const out = runExample('src/relay.ts');
    expect(out).toContain(`ana got bo's position {"x":-3,"y":4}`);
    expect(out).toContain(`bo got ana's position {"x":1,"y":2}`);
    expect(out).toContain('relay forwarded their packets');
  });

  it('tcp-stream: PacketPeerStream framing over node:net', () => {
    expect(runExample('src/tcp-stream.ts')).toContain(
      'client got: welcome, ana, moved to {"x":2,"y":2}',
    );
  });

  describe('lan-discovery, inside a private network namespace', () => {
    let ns: Namespace | undefined;
    afterAll(() => ns?.remove());

    it('finds the server by its broadcast', () => {
      ns = createNamespace('gdwire-lan');
      const out = ns.run(
        process.execPath,
        [
          '--import',
          'tsx',
          '--conditions=@gdwire/source',
          'src/lan-discovery.ts',
          '--broadcast',
          '10.99.0.255',
          '--seconds',
          '5',
        ],
        { cwd: fileURLToPath(new URL('..', import.meta.url)) },
      );
      expect(out).toContain('found "gdwire demo" (3 players) at 10.99.0.1, game port 4242');
    });
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const examples = fileURLToPath(new URL('..', import.meta.url));

/** Runs an example the way `pnpm demo` does: TypeScript source through tsx. */
export function runExample(file: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@gdwire/source', file], {
    cwd: examples,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('pnpm demo', () => {
  it('runs a game server with its players to the end, and sums it up', () => {
    const out = runExample('src/demo.ts');
    expect(out).toMatch(/server listening: Godot 4 dialect on 127\.0\.0\.1:\d+, Godot 3 on :\d+/);
    for (const name of ['ana', 'bo', 'chen']) {
      expect(out).toMatch(
        new RegExp(`${name} joined from 127\\.0\\.0\\.1:\\d+ \\(Godot 4 dialect\\)`),
      );
      expect(out).toMatch(new RegExp(`^${name} +\\d+ +\\d+ +\\d+ +[\\d.]+ ms +[\\d.]+ ms$`, 'm'));
    }
    expect(out).toContain('server ← ana: { "input": Vector2(1, 0), "name": "ana", "seq": 5 }');
    expect(out).toMatch(/server → all, tick 20: \{ "players": \[/);
    expect(out).toMatch(/"trail": PackedVector2Array\(/);
    expect(out).toContain('dropped datagrams: 0');
    expect(out).toContain('ERR_INVALID_DATA at byte 8');
    expect(out).toMatch(/Done\.\s*$/);
  });

  it.runIf(existsSync('/usr/bin/godot3-server'))('has a real Godot 3.2 player in the world', () => {
    const out = runExample('src/demo.ts');
    expect(out).toMatch(/godot3 joined from 127\.0\.0\.1:\d+ \(Godot 3 dialect\)/);
    expect(out).toMatch(/^godot3 +snapshots=[1-9]\d* last_tick=\d+ my_pos=\(/m);
  });
});

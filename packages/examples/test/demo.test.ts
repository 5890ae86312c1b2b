import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('pnpm demo', () => {
  // One run serves every check: the demo takes a few seconds.
  let out = '';
  beforeAll(() => {
    out = runExample('src/demo.ts');
  });

  it('runs a game server with its players to the end, and sums it up', () => {
    expect(out).toMatch(
      /server listening: Godot 4 dialect on 127\.0\.0\.1:\d+, Godot 3 on :\d+, WebSocket on :\d+/,
    );
    expect(out).toMatch(/dee joined from 127\.0\.0\.1:\d+ \(WebSocket\)/);
    for (const name of ['ana', 'bo', 'chen']) {
      expect(out).toMatch(
        new RegExp(`${name} joined from 127\\.0\\.0\\.1:\\d+ \\(Godot 4 dialect\\)`),
      );
      expect(out).toMatch(new RegExp(`^${name} +\\d+ +\\d+ +\\d+ +[\\d.]+ ms +[\\d.]+ ms$`, 'm'));
    }
    expect(out).toContain('server ← ana: { "input": Vector2(1, 0), "name": "ana", "seq": 5 }');
    expect(out).toMatch(/server → all, tick 20: \{ "players": \[/);
    expect(out).toMatch(/"trail": PackedVector2Array\(/);
    expect(out).toMatch(/^dee +\d+ +\d+ +\d+ +[\d.]+ ms +[\d.]+ ms$/m);
    expect(out).toContain('dropped packets: 0');
    expect(out).toContain('ERR_INVALID_DATA at byte 8');
    expect(out).toMatch(/Done\.\s*$/);
  });

  it.runIf(existsSync('/usr/bin/godot3-server'))('has a real Godot 3.2 player in the world', () => {
    expect(out).toMatch(/godot3 joined from 127\.0\.0\.1:\d+ \(Godot 3 dialect\)/);
    expect(out).toMatch(/^godot3 +snapshots=[1-9]\d* last_tick=\d+ my_pos=\(/m);
  });
});

/**
 * Our runner for Debian's headless Godot 3.2.3 (`godot3-server`, apt): runs a
 * GDScript that `extends SceneTree` in a throw-away project and returns what it
 * printed, without Godot's banner. Used to generate Godot 3 fixtures and, with
 * {@link spawnGodot3}, for live interop tests.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GODOT3 = process.env.GODOT3 ?? 'godot3-server';

interface Project {
  dir: string;
  script: string;
  env: NodeJS.ProcessEnv;
  cleanup: () => void;
}

/** A fresh project dir with logging off and private XDG dirs, so nothing is written elsewhere. */
function project(source: string): Project {
  const dir = mkdtempSync(join(tmpdir(), 'gdwire-godot3-'));
  for (const sub of ['proj', 'xdg/data', 'xdg/config', 'xdg/cache'])
    mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    join(dir, 'proj/project.godot'),
    'config_version=4\n\n[logging]\n\nfile_logging/enable_file_logging=false\n',
  );
  const script = join(dir, 'proj/main.gd');
  writeFileSync(script, source);
  return {
    dir,
    script,
    // Godot 3.2 prints locale errors under LANG=C; en_US avoids them.
    env: {
      ...process.env,
      LANG: 'en_US.UTF-8',
      LC_ALL: '',
      XDG_DATA_HOME: join(dir, 'xdg/data'),
      XDG_CONFIG_HOME: join(dir, 'xdg/config'),
      XDG_CACHE_HOME: join(dir, 'xdg/cache'),
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function stripBanner(stdout: string): string {
  return stdout.replace(/^Godot Engine v\d[^\n]*\n \n?/, '');
}

/** Runs a script to completion (it must call `quit()`); throws on a SCRIPT ERROR or time-out. */
export function runGodot3(
  source: string,
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): string {
  const p = project(source);
  try {
    const out = execFileSync(GODOT3, ['--path', join(p.dir, 'proj'), '-s', p.script], {
      encoding: 'utf8',
      env: { ...p.env, ...options.env },
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return stripBanner(out);
  } finally {
    p.cleanup();
  }
}

/** Starts a script in the background; the caller reads its stdout and must kill it. */
export function spawnGodot3(
  source: string,
  env: Record<string, string> = {},
): ChildProcess & { cleanup: () => void } {
  const p = project(source);
  const child = spawn(GODOT3, ['--path', join(p.dir, 'proj'), '-s', p.script], {
    env: { ...p.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('exit', p.cleanup);
  return Object.assign(child, { cleanup: p.cleanup });
}

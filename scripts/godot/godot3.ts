/**
 * Our runner for Debian's headless Godot 3.2.3 (`godot3-server`, apt): runs a
 * GDScript that `extends SceneTree` in a throw-away project and returns what it
 * printed, without Godot's banner. Used to generate Godot 3 fixtures and, with
 * {@link startGodot3}, for live interop tests.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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
function project(source: string, files: Record<string, string> = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), 'gdwire-godot3-'));
  for (const sub of ['proj', 'xdg/data', 'xdg/config', 'xdg/cache'])
    mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    join(dir, 'proj/project.godot'),
    'config_version=4\n\n[logging]\n\nfile_logging/enable_file_logging=false\n',
  );
  const script = join(dir, 'proj/main.gd');
  writeFileSync(script, source);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'proj', name), text);
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

/**
 * Runs a script to completion (it must call `quit()`) and returns what it
 * printed; throws on a non-zero exit or time-out. With `withErrors`, the
 * engine's error lines (stderr) come back too, in order among the printed
 * lines: Godot 3 reports a failed `bytes2var` only there.
 */
export function runGodot3(
  source: string,
  options: { timeoutMs?: number; env?: Record<string, string>; withErrors?: boolean } = {},
): string {
  const p = project(source);
  const outFile = join(p.dir, 'out.txt');
  const out = openSync(outFile, 'w');
  try {
    execFileSync(GODOT3, ['--path', join(p.dir, 'proj'), '-s', p.script], {
      env: { ...p.env, ...options.env },
      timeout: options.timeoutMs ?? 60_000,
      stdio: ['ignore', out, options.withErrors ? out : 'ignore'],
    });
    return stripBanner(readFileSync(outFile, 'utf8'));
  } finally {
    closeSync(out);
    p.cleanup();
  }
}

/** A running Godot 3 script: its output lines so far, and ways to wait for a line or stop it. */
export interface Godot3Process {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first output line (past or future) matching `pattern`; rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves when the process has exited (killing it after `ms`). */
  stop(ms?: number): Promise<void>;
}

/**
 * Starts a script in the background, with extra `files` beside it in `res://`
 * and parameters in `env` (read with `OS.get_environment`).
 */
export function startGodot3(
  source: string,
  options: { env?: Record<string, string>; files?: Record<string, string> } = {},
): Godot3Process {
  const p = project(source, options.files);
  const child = spawn(GODOT3, ['--path', join(p.dir, 'proj'), '-s', p.script], {
    env: { ...p.env, ...options.env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const check of [...waiters]) check();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(p.cleanup);
  return {
    child,
    lines,
    waitFor(pattern, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `Godot 3 printed no line matching ${pattern} in ${ms} ms; output: ${lines.join(' | ')}`,
            ),
          );
        }, ms);
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(line);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(ms = 3000) {
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => child.kill('SIGKILL'), ms);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

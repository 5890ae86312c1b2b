#!/usr/bin/env node
// The published packages as an npm user gets them: each package packed with
// `pnpm pack` (workspace ranges become real ones, `files` decides what ships),
// the tarballs installed with plain npm into a fresh project outside the
// workspace, then used from ESM, from CommonJS, and type-checked by
// TypeScript under the settings users have (node16, bundler, and the old
// node10 + commonjs without esModuleInterop).
//
//   node scripts/consumer/check.mjs            # build first: it packs dist/
//   node scripts/consumer/check.mjs --keep     # keep the project to look at
//
// Needs the npm registry (TypeScript, @types/node, ws). Prints one line per
// check and exits non-zero if any failed.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const here = dirname(fileURLToPath(import.meta.url));
const keep = process.argv.includes('--keep');
export const PUBLIC_PACKAGES = [
  'variant-codec',
  'packet-peer',
  'packet-peer-udp',
  'packet-peer-websocket',
  'cli',
];
const TYPESCRIPT = '5.9.3';

const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
/** pnpm as the test command runs it, or the pinned one through npx; its whole output. */
function pnpm(args, cwd) {
  const execPath = process.env.npm_execpath ?? '';
  const [command, ...rest] = /pnpm\.c?js$/.test(execPath)
    ? [process.execPath, execPath, ...args]
    : ['npx', '-y', pnpmVersion, ...args];
  const result = spawnSync(command, rest, { cwd, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) {
    throw Object.assign(new Error(`pnpm ${args.join(' ')} failed`), { stdout: output });
  }
  return output;
}

const dir = mkdtempSync(join(tmpdir(), 'gdwire-consumer-'));
const tarballs = join(dir, 'tarballs');
const project = join(dir, 'project');
let failed = 0;

function check(name, fn) {
  try {
    const detail = fn();
    process.stdout.write(`ok    ${name}${detail ? `: ${detail}` : ''}\n`);
  } catch (error) {
    failed++;
    const text = `${error.stdout ?? ''}${error.stderr ?? ''}` || error.message;
    process.stdout.write(`FAIL  ${name}\n${text.replace(/^/gm, '      ')}\n`);
  }
}

try {
  for (const name of PUBLIC_PACKAGES) {
    const dir = join(root, 'packages', name);
    pnpm(['pack', '--pack-destination', tarballs], dir);
    // What `pnpm release` would do, short of uploading: it must not fail.
    check(`@gdwire/${name} publishes (dry run)`, () => {
      const out = pnpm(['publish', '--dry-run', '--no-git-checks'], dir);
      const size = /unpacked size:\s*([^\n]+)/i.exec(out)?.[1];
      return size ? `unpacked ${size.trim()}` : '';
    });
  }
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  cpSync(join(here, 'project'), project, { recursive: true });
  // The same program as an ES module, for nodenext's ESM side.
  cpSync(join(project, 'consumer.ts'), join(project, 'consumer.mts'));
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...files,
      `typescript@${TYPESCRIPT}`,
      '@types/node@20',
    ],
    { cwd: project, encoding: 'utf8' },
  );
  const run = (file) =>
    execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim();

  // Expected bytes come from Godot 4.6 itself (the codec's engine fixtures).
  const fixtures = JSON.parse(
    readFileSync(join(root, 'packages/variant-codec/test/fixtures/godot4-values.json'), 'utf8'),
  );
  const expected = readFileSync(join(project, 'expected.txt'), 'utf8')
    .trim()
    .replace(/\{godot4:([^}]+)\}/g, (_, name) => fixtures.find((f) => f.name === name).hex);
  check('ESM: import every package, a UDP and a WebSocket round trip', () => {
    const out = run('use.mjs');
    if (out !== expected) throw new Error(`printed:\n${out}\nexpected:\n${expected}`);
  });
  check('CommonJS: require every package, the same', () => {
    const out = run('use.cjs');
    if (out !== expected) throw new Error(`printed:\n${out}\nexpected:\n${expected}`);
  });

  check('npx gdwire decode prints Godot syntax; --help and exit codes', () => {
    const message = fixtures.find((f) => f.name === 'dictionary/game-message');
    const npx = (...args) =>
      spawnSync('npx', ['--no-install', 'gdwire', ...args], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const decoded = npx('decode', message.hex);
    if (decoded.status !== 0 || decoded.stdout !== `Dictionary ${message.str}\n`) {
      throw new Error(`decode printed ${JSON.stringify(decoded.stdout + decoded.stderr)}`);
    }
    const bad = npx('decode', '1c000000ffffff7f');
    if (bad.status !== 1 || !bad.stdout.startsWith('ERR_INVALID_DATA')) {
      throw new Error(`bad bytes: exit ${bad.status}, ${bad.stdout}`);
    }
    const help = npx('listen', '--help');
    if (help.status !== 0 || !help.stdout.startsWith('gdwire listen')) {
      throw new Error(`listen --help: exit ${help.status}`);
    }
    if (npx('frobnicate').status !== 2) throw new Error('a wrong command line must exit 2');
  });

  const tsc = (config) =>
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config], {
      cwd: project,
      encoding: 'utf8',
    });
  for (const config of readdirSync(project).filter((f) => /^tsconfig\..+\.json$/.test(f))) {
    const { compilerOptions } = JSON.parse(readFileSync(join(project, config), 'utf8'));
    const settings = ['module', 'moduleResolution', 'lib', 'types']
      .filter((k) => compilerOptions[k] !== undefined)
      .map((k) => `${k} ${JSON.stringify(compilerOptions[k])}`)
      .join(', ');
    check(`TypeScript ${TYPESCRIPT} strict, ${config} (${settings})`, () => {
      tsc(config);
    });
  }
  writeFileSync(join(dir, 'done'), '');
} finally {
  if (keep) process.stdout.write(`kept in ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
if (failed > 0) {
  process.stdout.write(`${failed} consumer check(s) failed\n`);
  process.exit(1);
}
process.stdout.write('every consumer check passed\n');

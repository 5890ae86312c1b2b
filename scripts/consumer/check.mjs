#!/usr/bin/env node
// The published packages as an npm user gets them: each package packed with
// `pnpm pack` (workspace ranges become real ones, `files` decides what ships),
// the tarballs installed with plain npm into a fresh project outside the
// workspace, then used from ESM, from CommonJS, and type-checked by
// TypeScript under the settings users have (node16, bundler, and the old
// node10 + commonjs without esModuleInterop).
//
//   node --import tsx scripts/consumer/check.mjs          # build first: it packs dist/
//   node --import tsx scripts/consumer/check.mjs --keep   # keep the project to look at
//
// Needs the npm registry (TypeScript, @types/node, ws). Prints one line per
// check and exits non-zero if any failed.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
// Run with tsx (`node --import tsx`), so that the tests' Chromium settings are shared.
import { CHROMIUM } from '../testing/chromium.ts';

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

const work = mkdtempSync(join(tmpdir(), 'gdwire-consumer-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
let failed = 0;

async function checkAsync(name, fn) {
  try {
    const detail = await fn();
    process.stdout.write(`ok    ${name}${detail ? `: ${detail}` : ''}\n`);
  } catch (error) {
    failed++;
    process.stdout.write(`FAIL  ${name}\n${String(error.message).replace(/^/gm, '      ')}\n`);
  }
}

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
    const tarball = /([^\s]+\.tgz)\s*$/.exec(
      pnpm(['pack', '--pack-destination', tarballs], dir),
    )?.[1];
    if (!tarball) throw new Error(`pnpm pack printed no tarball for ${name}`);
    // The tarball as the registry would get it: publint's rules, and whether
    // each entry point's types match its JavaScript for Node's ESM and CJS
    // (are-the-types-wrong; the CLI has no entry points).
    await checkAsync(`@gdwire/${name} tarball passes publint --strict`, async () => {
      const bytes = readFileSync(tarball);
      const { messages, pkg } = await publint({
        pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) },
        strict: true,
      });
      const problems = messages.filter((m) => m.type !== 'suggestion');
      if (problems.length > 0) {
        throw new Error(problems.map((m) => formatMessage(m, pkg) ?? m.code).join('\n'));
      }
    });
    if (name !== 'cli') {
      check(`@gdwire/${name} tarball passes are-the-types-wrong (node16)`, () => {
        execFileSync(join(root, 'node_modules/.bin/attw'), [tarball, '--profile', 'node16'], {
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        });
      });
    }
    // What `pnpm release` would do, short of uploading: it must not fail.
    check(`@gdwire/${name} publishes (dry run)`, () => {
      const out = pnpm(['publish', '--dry-run', '--no-git-checks'], dir);
      const size = /unpacked size:\s*([^\n]+)/i.exec(out)?.[1];
      return size ? `unpacked ${size.trim()}` : '';
    });
  }
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  cpSync(join(here, 'project'), project, { recursive: true });
  // The same program as an ES module: node16 checks it as ESM beside the CommonJS one.
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

  await checkAsync(
    'a browser bundle (esbuild, platform browser) runs in headless Chromium',
    async () => {
      const bundle = await build({
        entryPoints: [join(project, 'browser.mjs')],
        absWorkingDir: project,
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        logLevel: 'silent',
      });
      const code = bundle.outputFiles[0].text;
      if (/["']node:|require\(["']ws["']\)/.test(code))
        throw new Error('Node code in the browser bundle');
      const browser = await chromium.launch(CHROMIUM);
      try {
        const page = await browser.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.setContent('<!doctype html><title>gdwire</title>');
        await page.addScriptTag({ type: 'module', content: code });
        await page.waitForFunction(() => globalThis.result !== undefined, null, {
          timeout: 20_000,
        });
        const result = await page.evaluate(() => globalThis.result);
        const hex = fixtures.find((f) => f.name === 'dictionary/game-message').hex;
        const want = `${hex} true {"hp":100,"pos":{"x":1,"y":2}} true true`;
        if (result !== want || errors.length > 0) {
          throw new Error(`the page gave ${result}${errors.length ? `, errors: ${errors}` : ''}`);
        }
        return `${(code.length / 1000).toFixed(1)} KB unminified`;
      } finally {
        await browser.close();
      }
    },
  );

  // Each README's install line, as a pnpm user types it: pnpm lays out
  // node_modules strictly (only what you install is importable), so every
  // package a README's examples import must be on its install line.
  const tarballOf = (pkg) =>
    files.find((f) => f.includes(`gdwire-${pkg.slice('@gdwire/'.length)}-`));
  for (const name of PUBLIC_PACKAGES) {
    const readme = readFileSync(join(root, 'packages', name, 'README.md'), 'utf8');
    const install = /^npm install ((?:@gdwire\/[\w-]+ ?)+)$/m.exec(readme);
    if (!install) continue;
    const installed = install[1].trim().split(' ');
    const imported = new Set(
      [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].flatMap((block) =>
        [...block[1].matchAll(/from '(@gdwire\/[^']+)'/g)].map((m) => m[1]),
      ),
    );
    check(`@gdwire/${name} README: "${install[0]}" under pnpm, then its imports`, () => {
      const dir = join(work, `readme-${name}`);
      mkdirSync(dir, { recursive: true });
      const overrides = Object.fromEntries(
        PUBLIC_PACKAGES.map((p) => [`@gdwire/${p}`, `file:${tarballOf(`@gdwire/${p}`)}`]),
      );
      const dependencies = Object.fromEntries(installed.map((p) => [p, overrides[p]]));
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'readme', private: true, dependencies, pnpm: { overrides } }),
      );
      pnpm(['install', '--config.confirmModulesPurge=false'], dir);
      for (const specifier of imported) {
        execFileSync(
          process.execPath,
          ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`],
          { cwd: dir, encoding: 'utf8', stdio: 'pipe' },
        );
      }
      return `imports ${[...imported].join(', ')}`;
    });
  }

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
} finally {
  if (keep) process.stdout.write(`kept in ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
if (failed > 0) {
  process.stdout.write(`${failed} consumer check(s) failed\n`);
  process.exit(1);
}
process.stdout.write('every consumer check passed\n');

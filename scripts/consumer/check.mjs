#!/usr/bin/env node
// The published packages as an npm user gets them: the packages packed with
// `pnpm pack` (workspace ranges become real ones, `files` decides what ships),
// the tarballs installed with plain npm into a fresh project outside the
// workspace, then used from ESM, from CommonJS, `npx gdwire` and a browser
// bundle, each README's install line tried under pnpm, and type-checked by
// TypeScript under the settings users have (node16, bundler, the old node10 +
// commonjs without esModuleInterop, and browser-safe types with lib es2022).
//
//   node --import tsx scripts/consumer/check.mjs          # build first: it packs dist/
//   node --import tsx scripts/consumer/check.mjs --keep   # keep the project to look at
//
// Needs the npm registry (TypeScript, @types/node, ws). The checks that do
// not depend on each other run at the same time (most of their time is
// process start-up and installs); the results print in a fixed order, one
// line per check, and the exit status is non-zero if any failed.
import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
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
const PUBLIC_PACKAGES = [
  'variant-codec',
  'packet-peer',
  'packet-peer-udp',
  'packet-peer-websocket',
  'cli',
];
const TYPESCRIPT = '5.9.3';

/** At most this many child processes at once: more only makes a 2-core machine thrash. */
const MAX_CHILDREN = 4;
let running = 0;
const waiting = [];

/** Runs a command to its end: its exit status and its output. */
async function run(command, args, { cwd = root, env = {} } = {}) {
  if (running >= MAX_CHILDREN) await new Promise((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs a command that must succeed: its output (stdout, then stderr), or an Error that shows it. */
async function exec(command, args, options) {
  const { status, stdout, stderr } = await run(command, args, options);
  if (status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} exited with ${status}\n${stdout}${stderr}`);
  }
  return stdout + stderr;
}

const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
/** pnpm as the test command runs it, or the pinned one through npx. */
function pnpm(args, cwd) {
  const execPath = process.env.npm_execpath ?? '';
  return /pnpm\.c?js$/.test(execPath)
    ? exec(process.execPath, [execPath, ...args], { cwd })
    : exec('npx', ['-y', pnpmVersion, ...args], { cwd });
}

/** Each check's name and its outcome (a detail to print, or the error), in the order they print. */
const checks = [];
function check(name, fn) {
  const outcome = Promise.resolve()
    .then(fn)
    .then(
      (detail) => ({ detail }),
      (error) => ({ error }),
    );
  checks.push({ name, outcome });
  return outcome;
}

const work = mkdtempSync(join(tmpdir(), 'gdwire-consumer-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');

try {
  // One pnpm run packs every public package.
  await pnpm(
    [
      '--recursive',
      ...PUBLIC_PACKAGES.flatMap((name) => ['--filter', `@gdwire/${name}`]),
      'pack',
      '--pack-destination',
      tarballs,
    ],
    root,
  );
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  const tarballOf = (name) => {
    const file = files.find((f) => f.includes(`gdwire-${name}-`));
    if (!file) throw new Error(`pnpm pack made no tarball for @gdwire/${name}`);
    return file;
  };

  for (const name of PUBLIC_PACKAGES) {
    const tarball = tarballOf(name);
    // The tarball as the registry would get it: publint's rules, and whether
    // each entry point's types match its JavaScript for Node's ESM and CJS
    // (are-the-types-wrong; the CLI has no entry points).
    check(`@gdwire/${name} tarball passes publint --strict`, async () => {
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
      check(`@gdwire/${name} tarball passes are-the-types-wrong (node16)`, () =>
        exec(join(root, 'node_modules/.bin/attw'), [tarball, '--profile', 'node16'], {
          env: { NO_COLOR: '1' },
        }).then(() => ''),
      );
    }
    // What `pnpm release` does, short of uploading: pnpm publish packs the
    // package as above and hands the tarball to npm publish. It must not fail.
    check(`@gdwire/${name} publishes (dry run)`, async () => {
      const out = await exec('npm', ['publish', '--dry-run', tarball], { cwd: work });
      const size = /unpacked size:\s*([^\n]+)/i.exec(out)?.[1];
      return size ? `unpacked ${size.trim()}` : '';
    });
  }

  cpSync(join(here, 'project'), project, { recursive: true });
  // The same program as an ES module: node16 checks it as ESM beside the CommonJS one.
  cpSync(join(project, 'consumer.ts'), join(project, 'consumer.mts'));
  const installed = check('npm install the tarballs, TypeScript and @types/node', () =>
    exec(
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
      { cwd: project },
    ).then(() => ''),
  );
  /** A check that uses the installed project: it runs once the install has succeeded. */
  const afterInstall = (name, fn) =>
    check(name, async () => {
      const { error } = await installed;
      if (error) throw new Error('not run: the install failed');
      return fn();
    });

  // Expected bytes come from Godot 4.6 itself (the codec's engine fixtures).
  const fixtures = JSON.parse(
    readFileSync(join(root, 'packages/variant-codec/test/fixtures/godot4-values.json'), 'utf8'),
  );
  const fixture = (name) => fixtures.find((f) => f.name === name);
  const expected = readFileSync(join(project, 'expected.txt'), 'utf8')
    .trim()
    .replace(/\{godot4:([^}]+)\}/g, (_, name) => fixture(name).hex);
  const runs = (file) => async () => {
    const out = (await exec(process.execPath, [file], { cwd: project })).trim();
    if (out !== expected) throw new Error(`printed:\n${out}\nexpected:\n${expected}`);
  };
  afterInstall('ESM: import every package, a UDP and a WebSocket round trip', runs('use.mjs'));
  afterInstall('CommonJS: require every package, the same', runs('use.cjs'));

  afterInstall('npx gdwire decode prints Godot syntax; --help and exit codes', async () => {
    const message = fixture('dictionary/game-message');
    const decoded = await run('npx', ['--no-install', 'gdwire', 'decode', message.hex], {
      cwd: project,
      env: { NO_COLOR: '1' },
    });
    if (decoded.status !== 0 || decoded.stdout !== `Dictionary ${message.str}\n`) {
      throw new Error(`decode printed ${JSON.stringify(decoded.stdout + decoded.stderr)}`);
    }
    // The rest straight from the bin npx found: the same program, one npm start-up less each.
    const gdwire = (...args) =>
      run(join(project, 'node_modules/.bin/gdwire'), args, {
        cwd: project,
        env: { NO_COLOR: '1' },
      });
    const bad = await gdwire('decode', '1c000000ffffff7f');
    if (bad.status !== 1 || !bad.stdout.startsWith('ERR_INVALID_DATA')) {
      throw new Error(`bad bytes: exit ${bad.status}, ${bad.stdout}`);
    }
    const help = await gdwire('listen', '--help');
    if (help.status !== 0 || !help.stdout.startsWith('gdwire listen')) {
      throw new Error(`listen --help: exit ${help.status}`);
    }
    if ((await gdwire('frobnicate')).status !== 2) {
      throw new Error('a wrong command line must exit 2');
    }
  });

  afterInstall(
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
        const want = `${fixture('dictionary/game-message').hex} true {"hp":100,"pos":{"x":1,"y":2}} true true`;
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
  // package a README's examples import must be on its install line. Each
  // README gets its own project; one pnpm workspace installs them all, and
  // each project still sees only its own dependencies.
  const readmes = join(work, 'readmes');
  const overrides = Object.fromEntries(
    PUBLIC_PACKAGES.map((p) => [`@gdwire/${p}`, `file:${tarballOf(p)}`]),
  );
  mkdirSync(readmes);
  writeFileSync(join(readmes, 'pnpm-workspace.yaml'), "packages:\n  - '*'\n");
  writeFileSync(
    join(readmes, 'package.json'),
    JSON.stringify({ name: 'readmes', private: true, pnpm: { overrides } }),
  );
  const readmeProjects = [];
  for (const name of PUBLIC_PACKAGES) {
    const readme = readFileSync(join(root, 'packages', name, 'README.md'), 'utf8');
    const install = /^npm install ((?:@gdwire\/[\w-]+ ?)+)$/m.exec(readme);
    if (!install) continue;
    const dependencies = Object.fromEntries(
      install[1]
        .trim()
        .split(' ')
        .map((p) => [p, overrides[p]]),
    );
    const imported = new Set(
      [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].flatMap((block) =>
        [...block[1].matchAll(/from '(@gdwire\/[^']+)'/g)].map((m) => m[1]),
      ),
    );
    const dir = join(readmes, name);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: `readme-${name}`, private: true, dependencies }),
    );
    readmeProjects.push({ name, install: install[0], imported, dir });
  }
  const readmesInstalled = pnpm(['install', '--config.confirmModulesPurge=false'], readmes);
  for (const { name, install, imported, dir } of readmeProjects) {
    check(`@gdwire/${name} README: "${install}" under pnpm, then its imports`, async () => {
      await readmesInstalled;
      await Promise.all(
        [...imported].map((specifier) =>
          exec(
            process.execPath,
            ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`],
            { cwd: dir },
          ),
        ),
      );
      return `imports ${[...imported].join(', ')}`;
    });
  }

  // TypeScript in this process, once the install is done (the other checks'
  // processes go on meanwhile). skipLibCheck is off in every config, as a
  // strict user has it, so gdwire's declaration files are checked like the
  // program; the files of other packages (@types/node, TypeScript's libs) are
  // parsed and used but not checked themselves: their errors are not ours, and
  // checking them tripled the time.
  for (const config of readdirSync(project).filter((f) => /^tsconfig\..+\.json$/.test(f))) {
    const { compilerOptions } = JSON.parse(readFileSync(join(project, config), 'utf8'));
    const settings = ['module', 'moduleResolution', 'lib', 'types']
      .filter((k) => compilerOptions[k] !== undefined)
      .map((k) => `${k} ${JSON.stringify(compilerOptions[k])}`)
      .join(', ');
    afterInstall(`TypeScript ${TYPESCRIPT} strict, ${config} (${settings})`, () => {
      const ts = createRequire(join(project, 'package.json'))('typescript');
      const parsed = ts.getParsedCommandLineOfConfigFile(
        join(project, config),
        {},
        {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
          },
        },
      );
      const program = ts.createProgram({
        rootNames: parsed.fileNames,
        options: parsed.options,
        configFileParsingDiagnostics: parsed.errors,
      });
      const ours = program
        .getSourceFiles()
        .filter((f) => !f.isDeclarationFile || f.fileName.includes('/node_modules/@gdwire/'));
      if (!ours.some((f) => f.fileName.includes('/node_modules/@gdwire/'))) {
        throw new Error('the program reached none of the @gdwire declaration files');
      }
      const diagnostics = [
        ...program.getConfigFileParsingDiagnostics(),
        ...program.getOptionsDiagnostics(),
        ...program.getGlobalDiagnostics(),
        ...program.getSyntacticDiagnostics(),
        ...ours.flatMap((f) => program.getSemanticDiagnostics(f)),
      ];
      if (diagnostics.length > 0) {
        throw new Error(
          ts.formatDiagnostics(diagnostics, {
            getCanonicalFileName: (f) => f,
            getCurrentDirectory: () => project,
            getNewLine: () => '\n',
          }),
        );
      }
      return `${ours.length - parsed.fileNames.length} gdwire declaration files`;
    });
  }

  let failed = 0;
  for (const { name, outcome } of checks) {
    const { detail, error } = await outcome;
    if (error) {
      failed++;
      process.stdout.write(`FAIL  ${name}\n${String(error.message).replace(/^/gm, '      ')}\n`);
    } else {
      process.stdout.write(`ok    ${name}${detail ? `: ${detail}` : ''}\n`);
    }
  }
  if (failed > 0) {
    process.stdout.write(`${failed} consumer check(s) failed\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('every consumer check passed\n');
  }
} finally {
  if (keep) process.stdout.write(`kept in ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}

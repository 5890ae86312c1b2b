#!/usr/bin/env node
// Fails when a public package exports something without a doc comment. Each
// entry point of typedoc.json is read with the TypeScript compiler, and every
// name it exports (re-exports followed to their declaration) must carry a
// JSDoc comment with some text. TypeDoc 0.28's own notDocumented validation
// reports nothing (TypeStrong/typedoc#3046), hence this check.
//
//   node scripts/docs/check-documented.mjs
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { entryPoints } = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8'));
const config = ts.getParsedCommandLineOfConfigFile(
  join(root, 'tsconfig.docs.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
const files = entryPoints.map((e) => join(root, e));
const program = ts.createProgram(files, config.options);
const checker = program.getTypeChecker();

const missing = [];
for (const file of files) {
  const source = program.getSourceFile(file);
  const module = checker.getSymbolAtLocation(source);
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const documented = (symbol.getDeclarations() ?? []).some(
      (d) =>
        ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '' ||
        ts.getJSDocTags(d).length > 0,
    );
    if (!documented) {
      const where = symbol.getDeclarations()?.[0];
      const at = where
        ? `${relative(root, where.getSourceFile().fileName)}:${where.getSourceFile().getLineAndCharacterOfPosition(where.getStart()).line + 1}`
        : '?';
      missing.push(`${relative(root, file)}: ${exported.getName()} (${at})`);
    }
  }
}
if (missing.length > 0) {
  process.stderr.write(`exports without a doc comment:\n  ${[...new Set(missing)].join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(`every export of ${files.length} entry points is documented\n`);

/**
 * A TypeScript entry point and the project files it imports, compiled to plain JavaScript in a temporary
 * directory (TypeScript's own transpiler, one file at a time), so that a benchmark child runs as Kanaria does
 * when deployed (`node dist/…`), not through tsx, whose loader thread alone adds tens of MB to a process.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { root } from '../../test/helpers/cli.js';

/** Compiles `entry` (relative to the repository root) and returns the path of its JavaScript. */
export function compileForNode(entry: string): { readonly path: string; readonly dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kanaria-bench-'));
  const seen = new Set<string>();
  const compile = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    const out = join(dir, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
    // Relative imports are written `./x.js` for `./x.ts`; packages resolve through the symlink below.
    for (const [, spec] of source.matchAll(/(?:from|import) '(\.{1,2}\/[^']+)\.js'/g))
      compile(resolve(dirname(file), `${spec}.ts`));
  };
  compile(resolve(root, entry));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return { path: join(dir, entry.replace(/\.ts$/, '.js')), dir };
}

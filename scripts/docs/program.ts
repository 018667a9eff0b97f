// One TypeScript program over every tested code block (virtual files next to the package that
// documents them), `@aisle/*` resolved to the sources through each package's `@aisle/source` export.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { root } from './blocks';

/** `@aisle/consent/flow` → the absolute path of its source entry, for every package's exports map. */
export function aisleSourceEntries(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = join(root, 'packages', dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; exports?: Record<string, unknown> };
    for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
      const source = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)['@aisle/source'] : undefined;
      if (typeof source === 'string')
        entries.set(sub === '.' ? pkg.name : `${pkg.name}${sub.slice(1)}`, join(root, 'packages', dir, source));
    }
  }
  return entries;
}

/** A type error in a code block, placed in its Markdown file. */
export interface DocDiagnostic {
  /** `packages/consent/README.md:21:7 (ts) TS2304: Cannot find name 'text'.` */
  readonly text: string;
}

/**
 * Type-checks the virtual files (`path` → module text) in one program and returns the errors of
 * those files only, each reported at `markdown:line:col` through `markdownOf(path)`.
 */
export function checkVirtualFiles(files: ReadonlyMap<string, string>, markdownOf: (path: string) => string): DocDiagnostic[] {
  const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(base.config, ts.sys, root);
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    allowJs: true,
    checkJs: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [join(root, 'node_modules', '@types')],
  };
  const sources = aisleSourceEntries();
  const host = ts.createCompilerHost(compilerOptions, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = files.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    return getSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => files.get(fileName) ?? readFile(fileName);
  const cache = ts.createModuleResolutionCache(root, (f) => f, compilerOptions);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, opts, containingSourceFile) =>
    literals.map((literal) => {
      const name = literal.text;
      const mode = ts.getModeForUsageLocation(containingSourceFile, literal, opts);
      // `@aisle/x` from a block: the package's source entry, as the reader's import would reach its build.
      const source = files.has(containingFile) ? sources.get(name) : undefined;
      if (source !== undefined)
        return { resolvedModule: { resolvedFileName: source, extension: ts.Extension.Ts, isExternalLibraryImport: false } };
      return ts.resolveModuleName(name, containingFile, opts, host, cache, redirected, mode);
    });
  const program = ts.createProgram({ rootNames: [...files.keys()], options: compilerOptions, host });
  const out: DocDiagnostic[] = [];
  for (const path of files.keys()) {
    const sf = program.getSourceFile(path);
    if (sf === undefined) {
      out.push({ text: `${markdownOf(path)}: not part of the program` });
      continue;
    }
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      const kind = path.endsWith('.mjs') ? 'as .mjs' : 'as .ts';
      out.push({
        text: `${markdownOf(path)}:${line + 1}:${character + 1} (${kind}) TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      });
    }
  }
  return out;
}

/** The tokens of a block without comments or layout (to compare a translation's blocks with the original's). */
export function codeShape(code: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  const tokens: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) tokens.push(scanner.getTokenText());
  return tokens.join(' ');
}

// Docs that run: find every README and guide, and pull out their ```ts / ```js / ```mjs blocks with
// the line each one starts on, so a type error or a failed assertion is reported as `file.md:line:col`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root (this file lives in scripts/docs/). */
export const root = join(import.meta.dirname, '..', '..');

/** A document whose code blocks are tested, relative to the root with `/` separators. */
export interface DocFile {
  /** e.g. `packages/consent/README.zh-CN.md` or `docs/guides/incident-drill.md`. */
  readonly path: string;
  /** The package folder (`packages/consent`) for a package README; `undefined` for the root README and guides. */
  readonly packageDir: string | undefined;
  /** `en` for `README.md` / `<guide>.md`, `zh-CN` for `README.zh-CN.md` / `<guide>.zh-CN.md`. */
  readonly locale: 'en' | 'zh-CN';
}

/** How a block takes part in the test, from the `<!-- docs-test: … -->` marker on the line before its fence. */
export type BlockMode =
  /** Type-checked and executed (the default, no marker). */
  | { readonly kind: 'run' }
  /** Type-checked, not executed: `<!-- docs-test: no-run — reason -->`. */
  | { readonly kind: 'no-run'; readonly reason: string }
  /** Neither: `<!-- docs-test: skip — reason -->`. */
  | { readonly kind: 'skip'; readonly reason: string };

/** One fenced code block. */
export interface CodeBlock {
  readonly file: DocFile;
  /** `ts`, `js` or `mjs`, as written on the fence. */
  readonly lang: 'ts' | 'js' | 'mjs';
  /** 1-based line of the first code line (the line after the opening fence). */
  readonly line: number;
  /** The code, without the fences, ending in a newline. */
  readonly code: string;
  readonly mode: BlockMode;
  /**
   * `<!-- docs-test: continues — reason -->`: the block goes on from the first block of its file (the
   * quickstart): it runs after that block's code, in one module, each at its own line numbers.
   */
  readonly continues: boolean;
  /** Set on the first block of a package README: it must also run unchanged as an `.mjs` file. */
  readonly quickstart: boolean;
}

/** A marker comment that is not one of the known ones is an error, not silently ignored. */
export interface MarkerProblem {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

const GUIDES = 'docs/guides';

/** Every README (root, packages/*, examples/*, both languages) and every guide, sorted. */
export function docFiles(): DocFile[] {
  const files: DocFile[] = [];
  const add = (path: string, packageDir: string | undefined) => {
    if (!existsSync(join(root, path))) return;
    files.push({ path, packageDir, locale: path.endsWith('.zh-CN.md') ? 'zh-CN' : 'en' });
  };
  for (const name of ['README.md', 'README.zh-CN.md']) add(name, undefined);
  for (const parent of ['packages', 'examples']) {
    for (const dir of readdirSync(join(root, parent), { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const name of ['README.md', 'README.zh-CN.md'])
        add(`${parent}/${dir.name}/${name}`, parent === 'packages' ? `${parent}/${dir.name}` : undefined);
    }
  }
  if (existsSync(join(root, GUIDES))) {
    for (const name of readdirSync(join(root, GUIDES))) if (name.endsWith('.md')) add(`${GUIDES}/${name}`, undefined);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const FENCE = /^( *)```(\S*)\s*$/;
const MARKER = /^<!--\s*docs-test:\s*(\S+)\s*(?:[—–-]+\s*(.*?))?\s*-->\s*$/;
const LANGS = new Set(['ts', 'js', 'mjs']);

/** The code blocks of one document, and any malformed marker. */
export function extractBlocks(
  file: DocFile,
  text = readFileSync(join(root, file.path), 'utf8'),
): { blocks: CodeBlock[]; problems: MarkerProblem[] } {
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  const problems: MarkerProblem[] = [];
  let pending: { mode: BlockMode; continues: boolean; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const marker = MARKER.exec(raw.trim());
    if (marker) {
      const [, kind, reason = ''] = marker;
      const mode: BlockMode | undefined =
        kind === 'no-run'
          ? { kind: 'no-run', reason }
          : kind === 'skip'
            ? { kind: 'skip', reason }
            : kind === 'continues'
              ? { kind: 'run' }
              : undefined;
      if (mode === undefined)
        problems.push({ path: file.path, line: i + 1, message: `unknown docs-test marker "${kind}" (expected no-run, skip or continues)` });
      else if (reason.length < 8)
        problems.push({ path: file.path, line: i + 1, message: `docs-test: ${kind} needs a reason after a dash` });
      else pending = { mode, continues: kind === 'continues', line: i + 1 };
      continue;
    }
    if (raw.trim().startsWith('<!--') && raw.includes('docs-test')) {
      problems.push({ path: file.path, line: i + 1, message: 'malformed docs-test marker (expected <!-- docs-test: skip — reason -->)' });
      continue;
    }
    const fence = FENCE.exec(raw);
    if (!fence) {
      if (pending && raw.trim() !== '') {
        problems.push({ path: file.path, line: pending.line, message: 'a docs-test marker must sit right before a code fence' });
        pending = undefined;
      }
      continue;
    }
    // A fence may be indented (a block inside a list item); its code keeps its indentation, which
    // JavaScript ignores, so columns in errors stay columns in the file.
    const lang = fence[2] ?? '';
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^ *```\s*$/.test(lines[end] as string)) end++;
    if (LANGS.has(lang)) {
      blocks.push({
        file,
        lang: lang as CodeBlock['lang'],
        line: start + 1,
        code: `${lines.slice(start, end).join('\n')}\n`,
        mode: pending?.mode ?? { kind: 'run' },
        continues: pending?.continues ?? false,
        quickstart: file.packageDir !== undefined && blocks.length === 0,
      });
    } else if (pending) {
      problems.push({
        path: file.path,
        line: pending.line,
        message: `a docs-test marker before a \`\`\`${lang} block, which is never tested`,
      });
    }
    pending = undefined;
    i = end;
  }
  return { blocks, problems };
}

/**
 * The module text of a block: its code at its own line numbers (blank lines before it), after the
 * code of the blocks it continues, so positions in errors and stack traces are positions in the file.
 */
export function moduleText(chain: readonly CodeBlock[]): string {
  let text = '';
  let line = 1;
  for (const block of chain) {
    text += '\n'.repeat(Math.max(0, block.line - line));
    text += block.code;
    line = block.line + block.code.split('\n').length - 1;
  }
  return `${text}export {};\n`;
}

/** The blocks a block needs: itself, after the first block of its file (the quickstart) when it continues it. */
export function chainOf(block: CodeBlock, all: readonly CodeBlock[]): CodeBlock[] {
  const first = all.find((b) => b.file.path === block.file.path);
  return block.continues && first !== undefined && first !== block ? [first, block] : [block];
}

/** Where the temporary module of a block is written: next to the package that documents it. */
export function blockDir(block: CodeBlock): string {
  // Third-party imports resolve from here, as they would in the reader's project: next to the
  // package the README documents, or next to @aisle/postgres (which has pg and PGlite) for a block
  // that imports a database driver, and for guides.
  const driver = /from '(pg|@electric-sql\/pglite)'/.test(block.code);
  return join(root, driver ? 'packages/postgres' : (block.file.packageDir ?? 'packages/postgres'), '.docs-blocks');
}

/** `packages/consent/README.md` → `packages__consent__README.md`, for temporary file names. */
export function slug(path: string): string {
  return relative('.', path).replaceAll('/', '__');
}

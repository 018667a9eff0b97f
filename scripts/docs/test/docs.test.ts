// Docs that run: every ```ts / ```js / ```mjs block of every README (both languages) and guide is
// type-checked in one TypeScript program and executed as an ES module against the packages' sources.
// A block opts out only with a marker on the line before its fence, with a reason:
//   <!-- docs-test: no-run — needs a PostgreSQL server -->   type-checked, not executed
//   <!-- docs-test: skip — reason -->                          neither
//   <!-- docs-test: continues — reason -->                     runs after the previous block of the file
// Each package README's first block (its quickstart) also runs unchanged as an .mjs file.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { blockDir, type CodeBlock, chainOf, docFiles, extractBlocks, moduleText, root, slug } from '../blocks';
import { checkVirtualFiles, codeShape } from '../program';

const files = docFiles();
const extracted = files.map((file) => ({ file, ...extractBlocks(file) }));
const all = extracted.flatMap((e) => e.blocks);
const english = (path: string) => path.replace(/\.zh-CN\.md$/, '.md');

// A translation's blocks must be the original's (comments may be translated): only blocks that
// differ from the original are checked and run again.
const originals = new Map(extracted.filter((e) => e.file.locale === 'en').map((e) => [e.file.path, e.blocks]));
const sameAsOriginal = (block: CodeBlock): boolean => {
  if (block.file.locale === 'en') return false;
  const original = originals.get(english(block.file.path));
  const i = all.filter((b) => b.file.path === block.file.path).indexOf(block);
  const twin = original?.[i];
  return (
    twin !== undefined && twin.lang === block.lang && twin.mode.kind === block.mode.kind && codeShape(twin.code) === codeShape(block.code)
  );
};
const tested = all.filter((b) => b.mode.kind !== 'skip' && !sameAsOriginal(b));

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface Variant {
  readonly block: CodeBlock;
  readonly ext: 'ts' | 'mjs';
  readonly path: string;
  readonly text: string;
}
const variants: Variant[] = tested.flatMap((block) => {
  const exts: Array<'ts' | 'mjs'> = block.lang === 'ts' ? (block.quickstart ? ['ts', 'mjs'] : ['ts']) : ['mjs'];
  const text = moduleText(chainOf(block, all));
  return exts.map((ext) => ({ block, ext, text, path: join(blockDir(block), `${slug(block.file.path)}-L${block.line}.${ext}`) }));
});
const where = (block: CodeBlock) => `${block.file.path}:${block.line}`;

afterAll(() => {
  for (const dir of new Set(variants.map((v) => blockDir(v.block)))) rmSync(dir, { recursive: true, force: true });
});

describe('docs that run', () => {
  it('finds the READMEs and guides, and every marker is well formed', () => {
    expect(files.some((f) => f.path === 'packages/consent/README.md')).toBe(true);
    expect(files.some((f) => f.path.startsWith('docs/guides/'))).toBe(true);
    expect(extracted.flatMap((e) => e.problems.map((p) => `${p.path}:${p.line}: ${p.message}`))).toEqual([]);
  });

  it('every package README opens with a quickstart that is plain JavaScript and runs', () => {
    const readmes = files.filter((f) => f.packageDir !== undefined && f.locale === 'en');
    expect(readmes.length).toBeGreaterThanOrEqual(10);
    const missing = readmes.filter((f) => !all.some((b) => b.file === f && b.quickstart && b.mode.kind === 'run'));
    expect(missing.map((f) => f.path)).toEqual([]);
  });

  it('a quickstart imports only its package, what installing it brings, and Node built-ins', () => {
    const wrong: string[] = [];
    for (const block of all.filter((b) => b.quickstart && b.file.locale === 'en')) {
      const pkg = JSON.parse(readFileSync(join(root, block.file.packageDir as string, 'package.json'), 'utf8')) as Manifest;
      const brought = new Set([pkg.name, ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
      for (const [, spec] of block.code.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)) {
        const name = (spec as string).startsWith('@') ? (spec as string).split('/').slice(0, 2).join('/') : (spec as string).split('/')[0];
        if (!(spec as string).startsWith('node:') && !brought.has(name as string))
          wrong.push(`${where(block)}: imports ${spec}, which ${pkg.name} does not bring`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a translation has the same code blocks as the original, in the same order', () => {
    const drift: string[] = [];
    for (const e of extracted.filter((x) => x.file.locale === 'zh-CN')) {
      const original = originals.get(english(e.file.path));
      if (original === undefined) {
        drift.push(`${e.file.path}: no ${english(e.file.path)}`);
        continue;
      }
      if (original.length !== e.blocks.length) drift.push(`${e.file.path}: ${e.blocks.length} blocks, the original has ${original.length}`);
      for (const block of e.blocks) if (!sameAsOriginal(block)) drift.push(`${where(block)}: differs from the original's block`);
    }
    expect(drift).toEqual([]);
  });

  it('type-checks every block in one program (quickstarts also as .mjs)', () => {
    const byPath = new Map(variants.map((v) => [v.path, v]));
    const diagnostics = checkVirtualFiles(
      new Map(variants.map((v) => [v.path, v.text])),
      (path) => byPath.get(path)?.block.file.path ?? path,
    );
    expect([...new Set(diagnostics.map((d) => d.text))]).toEqual([]);
  }, 240_000);

  for (const variant of variants.filter((v) => v.block.mode.kind === 'run')) {
    it(`${where(variant.block)} runs as .${variant.ext}`, async () => {
      mkdirSync(blockDir(variant.block), { recursive: true });
      writeFileSync(variant.path, variant.text);
      // Samples may print; the test reads their assertions, not their output.
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        await import(/* @vite-ignore */ variant.path);
      } finally {
        log.mockRestore();
      }
    }, 60_000);
  }
});

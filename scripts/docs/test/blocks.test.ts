// The extractor and the type-checker of the docs test, on small Markdown texts: line numbers,
// markers, and errors reported where they are in the Markdown file.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockDir, chainOf, type DocFile, extractBlocks, moduleText } from '../blocks';
import { checkVirtualFiles, codeShape } from '../program';

const readme: DocFile = { path: 'packages/core/README.md', packageDir: 'packages/core', locale: 'en' };
const text = [
  '# Title', // 1
  '', // 2
  '```ts', // 3
  'const a: number = 1;', // 4
  '```', // 5
  '', // 6
  '```sh', // 7
  'npm install x', // 8
  '```', // 9
  '<!-- docs-test: no-run — needs a PostgreSQL server -->', // 10
  '```js', // 11
  'const b = 2;', // 12
  '```', // 13
  '- a list item:', // 14
  '', // 15
  '  <!-- docs-test: continues — uses a from the quickstart -->', // 16
  '  ```ts', // 17
  '  const c: string = String(a);', // 18
  '  ```', // 19
  '',
].join('\n');

describe('extractBlocks', () => {
  const { blocks, problems } = extractBlocks(readme, text);

  it('finds ts, js and mjs blocks (indented ones too) with the line of their first code line, and skips other languages', () => {
    expect(problems).toEqual([]);
    expect(blocks.map((b) => [b.lang, b.line, b.code])).toEqual([
      ['ts', 4, 'const a: number = 1;\n'],
      ['js', 12, 'const b = 2;\n'],
      ['ts', 18, '  const c: string = String(a);\n'],
    ]);
  });

  it('reads markers: the first block of a package README is its quickstart', () => {
    expect(blocks.map((b) => [b.mode.kind, b.continues, b.quickstart])).toEqual([
      ['run', false, true],
      ['no-run', false, false],
      ['run', true, false],
    ]);
    expect(blocks[1]?.mode).toEqual({ kind: 'no-run', reason: 'needs a PostgreSQL server' });
  });

  it('refuses a marker without a reason, an unknown marker, and a marker that is not right before a fence', () => {
    const bad = ['<!-- docs-test: skip -->', '```ts', 'x;', '```', '<!-- docs-test: later — some day maybe -->', '```ts', 'y;', '```'];
    bad.push('<!-- docs-test: skip — a reason long enough -->', 'some prose', '```ts', 'z;', '```');
    expect(extractBlocks(readme, bad.join('\n')).problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'docs-test: skip needs a reason after a dash'],
      [5, 'unknown docs-test marker "later" (expected no-run, skip or continues)'],
      [9, 'a docs-test marker must sit right before a code fence'],
    ]);
  });

  it('keeps every line where it is in the file, also for a block that continues the quickstart', () => {
    const module = moduleText(chainOf(blocks[2] as (typeof blocks)[number], blocks));
    const lines = module.split('\n');
    expect(lines[3]).toBe('const a: number = 1;');
    expect(lines[17]).toBe('  const c: string = String(a);');
    expect(lines.slice(4, 17).every((l) => l === '')).toBe(true);
  });

  it('runs a block that imports a database driver next to @aisle/postgres, any other next to its package', () => {
    const [first] = blocks;
    expect(blockDir(first as (typeof blocks)[number])).toMatch(/packages\/core\/\.docs-blocks$/);
    expect(blockDir({ ...(first as (typeof blocks)[number]), code: "import pg from 'pg';\n" })).toMatch(
      /packages\/postgres\/\.docs-blocks$/,
    );
  });
});

describe('checkVirtualFiles', () => {
  it('reports a type error at its line and column in the Markdown file, as .ts and as .mjs', () => {
    const dir = join(import.meta.dirname, '.virtual');
    const code = "import { localDate } from '@aisle/core';\n\nconst day: number = localDate(new Date(0), 'Asia/Shanghai');\n";
    const mjs = "import { localDate } from '@aisle/core';\n\nconst day = localDate(new Date(0), 'Asia/Shanghai');\nday.toFixed(2);\n";
    const files = new Map([
      [join(dir, 'a.ts'), `\n\n\n${code}export {};\n`],
      [join(dir, 'b.mjs'), `\n${mjs}export {};\n`],
    ]);
    const out = checkVirtualFiles(files, (path) => (path.endsWith('.ts') ? 'docs/a.md' : 'docs/b.md')).map((d) => d.text);
    expect(out).toEqual([
      "docs/a.md:6:7 (as .ts) TS2322: Type 'string' is not assignable to type 'number'.",
      "docs/b.md:5:5 (as .mjs) TS2551: Property 'toFixed' does not exist on type 'string'. Did you mean 'fixed'?",
    ]);
  }, 120_000);
});

describe('codeShape', () => {
  it('ignores comments and layout, and nothing else', () => {
    expect(codeShape('const a = 1; // one\n')).toBe(codeShape('const  a =\n  1; /* 一 */'));
    expect(codeShape('const a = 1;')).not.toBe(codeShape('const a = 2;'));
  });
});

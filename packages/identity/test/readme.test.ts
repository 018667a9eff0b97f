import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Docs that run: every ```ts block of the README is executed against the sources, and each
// `console.log(…); // value` line must print that value.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
// A block opts out only with an explicit first-line marker that says why.
const OPT_OUT = /^\/\/ not run by the README test: \S/;
const all = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const blocks = all.filter((block) => !OPT_OUT.test(block));
const dir = new URL('./.readme-blocks/', import.meta.url);

describe('README', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has code blocks, and every opted-out block says why', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(all.length - blocks.length).toBeLessThanOrEqual(1);
  });

  blocks.forEach((block, i) => {
    it(`block ${i + 1} runs and prints what its comments say`, async () => {
      mkdirSync(dir, { recursive: true });
      const source = block.replaceAll("from '@aisle/identity'", "from '../../src/index'");
      const file = new URL(`block-${i + 1}.ts`, dir);
      writeFileSync(file, `${source}\nexport {};\n`);
      const printed: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        printed.push(args.map((a) => String(a)).join(' '));
      });
      try {
        await import(/* @vite-ignore */ file.href);
      } finally {
        spy.mockRestore();
      }
      // The comment is the value, optionally in quotes, optionally followed by `: explanation`.
      const expected = [...block.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) =>
        (m[1] as string).split(': ')[0]?.replace(/^'(.*)'$/, '$1'),
      );
      expect(printed).toEqual(expected);
    });
  });
});

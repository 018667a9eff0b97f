import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes, repoRoot } from '../src/codes';
import { entries } from '../src/entries/index';
import { DOCS_DIR, errorPages, samplePath } from '../src/pages';

const codes = errorCodes();
const known = new Set(codes.map((c) => c.code));
const samples = readdirSync(join(repoRoot, 'examples/error-codes/src/samples')).map((f) => f.replace(/\.ts$/, ''));
const mdFiles = (dir: string) =>
  readdirSync(join(repoRoot, dir), { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.md'))
    .map((d) => `${dir}/${d.name}`);

describe('error-code catalogue', () => {
  it('reads every package’s codes (about 120, each with its TSDoc)', () => {
    expect(codes.length).toBeGreaterThanOrEqual(110);
    expect(new Set(codes.map((c) => c.code.split('_')[0]))).toEqual(
      new Set(['CORE', 'CONSENT', 'DEID', 'POINTS', 'SEGMENT', 'FOOTFALL', 'IDENTITY', 'INCIDENTS', 'CUSTODY', 'POSTGRES']),
    );
    for (const c of codes) expect(c.doc, `${c.code} has no TSDoc in packages/${c.folder}/src/errors.ts`).not.toBe('');
  });

  it('has an entry and a sample for every code, and none for a code that does not exist', () => {
    expect([...entries.keys()].filter((code) => !known.has(code))).toEqual([]);
    expect(samples.filter((code) => !known.has(code))).toEqual([]);
    expect(codes.filter((c) => !entries.has(c.code)).map((c) => c.code)).toEqual([]);
    expect(codes.filter((c) => !samples.includes(c.code)).map((c) => c.code)).toEqual([]);
  });

  it('every sample names its own code, asserts it, and imports only what a user has (node:*, @aisle/*, PGlite)', () => {
    for (const { code } of codes) {
      const text = readFileSync(join(repoRoot, samplePath(code)), 'utf8');
      expect(text, code).toContain(code);
      for (const [, from] of text.matchAll(/^import .* from '([^']+)';$/gm)) {
        expect(from, `${code} imports ${from}`).toMatch(/^(node:[a-z_/]+|@aisle\/[a-z]+(\/[a-z]+)?|@electric-sql\/pglite)$/);
      }
      // Unless its entry says why it must stage the error, a sample provokes it and checks the code.
      if (entries.get(code)?.note === undefined) {
        const checked = [
          new RegExp(`assert\\.(throws|rejects)\\([\\s\\S]*?code: '${code}'`), // assert.throws(fn, { code })
          new RegExp(`assert\\.equal\\([\\w.?]*\\.code, '${code}'\\)`), // assert.equal(error.code, code)
          new RegExp(`assert\\.match\\([^\\n]*/\\^${code}: /\\)`), // a CLI's stderr line
        ];
        expect(
          checked.some((r) => r.test(text)),
          `${code}: the sample does not assert the code it provokes`,
        ).toBe(true);
      }
    }
  });

  it('docs/errors holds exactly the generated pages, up to date (run `pnpm --filter @aisle-examples/error-codes run generate`)', () => {
    const pages = errorPages();
    const onDisk = [...mdFiles(DOCS_DIR), ...(existsSync(join(repoRoot, DOCS_DIR, 'zh-CN')) ? mdFiles(`${DOCS_DIR}/zh-CN`) : [])].sort();
    // A page for a code that does not exist (or a code without its page, in either language) fails here.
    expect(onDisk).toEqual([...pages.keys()].sort());
    for (const [path, text] of pages) expect(readFileSync(join(repoRoot, path), 'utf8'), path).toBe(text);
    expect(pages.size).toBe(2 * codes.length + 2);
  });

  it('no page names an unknown code', () => {
    const prefixes = 'CORE|CONSENT|DEID|POINTS|SEGMENT|FOOTFALL|IDENTITY|INCIDENTS|CUSTODY|POSTGRES';
    for (const [path, text] of errorPages()) {
      for (const [named] of text.matchAll(new RegExp(`\\b(?:${prefixes})_[A-Z0-9_]*[A-Z0-9]\\b`, 'g'))) {
        expect(known.has(named), `${path} names ${named}`).toBe(true);
      }
    }
  });
});

describe('every sample provokes its error and runs the fix', () => {
  it.each(codes.map((c) => c.code))('%s', async (code) => {
    await import(`../src/samples/${code}.ts`);
  });
});

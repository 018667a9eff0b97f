// READMEs on npm and guides on the site link only to what exists there; every package says where
// its source lives; every README has its translation and says so.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docFiles, root } from '../blocks';
import { DOCS_SITE, linkProblems, linksOf, REPOSITORY } from '../links';

const files = docFiles();
const packageDirs = readdirSync(join(root, 'packages')).map((d) => `packages/${d}`);
const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
    name: string;
    files?: string[];
    repository?: { type?: string; url?: string; directory?: string };
    homepage?: string;
  };

describe('links', () => {
  it('finds the links it checks (the checker reads Markdown links and skips code)', () => {
    const text = 'See [a](../../x.md) and ![b](img.png).\n```ts\n// [not](a-link.md)\n```\n`[nor](this.md)` [c]: https://aisle.dev/\n';
    expect(linksOf(text).map((l) => [l.line, l.target])).toEqual([
      [1, '../../x.md'],
      [1, 'img.png'],
    ]);
    expect(
      linkProblems(
        { path: 'packages/core/README.md', packageDir: 'packages/core', locale: 'en' },
        '[x](../../examples/a.md) [y](api/core.api.md)',
      ),
    ).toEqual([
      'packages/core/README.md:1: ../../examples/a.md: no ../ links: link the docs site or the repository absolutely',
      `packages/core/README.md:1: api/core.api.md: not in the package's "files": it is not on npm`,
    ]);
    expect(
      linkProblems({ path: 'packages/core/README.md', packageDir: 'packages/core', locale: 'en' }, `[g](${DOCS_SITE}en/guides/nope)`),
    ).toEqual([`packages/core/README.md:1: ${DOCS_SITE}en/guides/nope: no guide docs/guides/nope.md`]);
  });

  it('every README and guide links only to files that ship, the docs site or the repository', () => {
    expect(files.flatMap((file) => linkProblems(file))).toEqual([]);
  });

  it('every package.json names the repository and its directory, and ships its README translation', () => {
    const wrong: string[] = [];
    for (const dir of packageDirs) {
      const pkg = manifest(dir);
      if (pkg.repository?.url !== `git+${REPOSITORY}.git`) wrong.push(`${dir}: repository.url ${pkg.repository?.url}`);
      if (pkg.repository?.directory !== dir) wrong.push(`${dir}: repository.directory ${pkg.repository?.directory}`);
      if (pkg.homepage !== `${DOCS_SITE}en/packages/${dir.slice('packages/'.length)}`) wrong.push(`${dir}: homepage ${pkg.homepage}`);
      if (!pkg.files?.includes('README.zh-CN.md')) wrong.push(`${dir}: "files" lacks README.zh-CN.md`);
    }
    expect(wrong).toEqual([]);
  });

  it('every README has a Simplified Chinese translation, and each links the other on its first lines', () => {
    const wrong: string[] = [];
    for (const dir of packageDirs) {
      const en = files.find((f) => f.path === `${dir}/README.md`);
      const zh = files.find((f) => f.path === `${dir}/README.zh-CN.md`);
      if (en === undefined || zh === undefined) {
        wrong.push(`${dir}: README.md and README.zh-CN.md`);
        continue;
      }
      const head = (path: string) => readFileSync(join(root, path), 'utf8').split('\n').slice(0, 5).join('\n');
      if (!head(en.path).includes('](README.zh-CN.md)')) wrong.push(`${en.path}: no language line linking README.zh-CN.md`);
      if (!head(zh.path).includes('](README.md)')) wrong.push(`${zh.path}: no language line linking README.md`);
      if (!/[\u4e00-\u9fff]{20}/u.test(readFileSync(join(root, zh.path), 'utf8').replace(/[^\u4e00-\u9fff]/gu, ''))) {
        wrong.push(`${zh.path}: not in Chinese`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

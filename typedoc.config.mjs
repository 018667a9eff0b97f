// One API site for every package: entry points are each package's exports, read through the
// `@aisle/source` condition (so subpath entries such as `@aisle/segments/bitmap` are included).
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const entryPoints = readdirSync('packages')
  .filter((dir) => existsSync(`packages/${dir}/package.json`))
  .flatMap((dir) => {
    const pkg = JSON.parse(readFileSync(`packages/${dir}/package.json`, 'utf8'));
    return Object.entries(pkg.exports ?? {})
      .map(([, target]) => (typeof target === 'object' && target !== null ? target['@aisle/source'] : undefined))
      .filter((source) => typeof source === 'string')
      .map((source) => `packages/${dir}/${source.replace(/^\.\//, '')}`);
  });

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'Aisle',
  entryPoints,
  entryPointStrategy: 'resolve',
  tsconfig: 'tsconfig.json',
  out: 'docs/api',
  readme: 'README.md',
  treatWarningsAsErrors: true,
  excludePrivate: true,
  excludeInternal: true,
  githubPages: false,
  disableSources: true,
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: false, unusedMergeModuleWith: true },
};

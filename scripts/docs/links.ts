// Links in READMEs and guides. A package README is read on npm, where only the files the package
// ships exist: it links to absolute URLs (the docs site, the repository) or to shipped files.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { type DocFile, root } from './blocks';

/** The documentation site: zh-CN at the root, English under `/en/` (docs-site). */
export const DOCS_SITE = 'https://aisle.dev/';
/** The repository, as every package.json's `repository.url` names it. */
export const REPOSITORY = 'https://github.com/aisle-dev/aisle';

/** A link target outside code, with its line. */
export interface Link {
  readonly line: number;
  readonly target: string;
}

/** Every Markdown link and image target outside fenced code and inline code spans. */
export function linksOf(text: string): Link[] {
  const links: Link[] = [];
  let fenced = false;
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*```/.test(raw)) fenced = !fenced;
    if (fenced) return;
    const line = raw.replace(/`[^`]*`/g, '``');
    for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      links.push({ line: i + 1, target: m[1] as string });
    for (const m of line.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/g)) links.push({ line: i + 1, target: m[1] as string });
  });
  return links;
}

/** What a package publishes: its package.json `files` (directories and files, `!` exclusions ignored). */
export function shippedFiles(packageDir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, packageDir, 'package.json'), 'utf8')) as { files?: string[] };
  // npm always ships package.json, README*, LICENSE* and CHANGELOG* whatever `files` says.
  return [...(pkg.files ?? []).filter((f) => !f.startsWith('!')), 'package.json'];
}

const ships = (shipped: readonly string[], path: string): boolean =>
  shipped.some((entry) => path === entry || path.startsWith(`${entry.replace(/\/$/, '')}/`));

/** The problems with one document's links, as `file:line: message`. */
export function linkProblems(file: DocFile, text = readFileSync(join(root, file.path), 'utf8')): string[] {
  const problems: string[] = [];
  const dir = posix.dirname(file.path);
  const say = (link: Link, message: string) => problems.push(`${file.path}:${link.line}: ${link.target}: ${message}`);
  for (const link of linksOf(text)) {
    const target = link.target;
    if (target.startsWith('#') || target.startsWith('mailto:')) continue;
    if (/^https?:\/\//.test(target)) {
      if (target.startsWith('http://')) say(link, 'use https');
      else if (target.startsWith(DOCS_SITE)) {
        const problem = sitePageProblem(target.slice(DOCS_SITE.length));
        if (problem) say(link, problem);
      } else if (target.startsWith(`${REPOSITORY}/`)) {
        const m = /^(?:blob|tree)\/main\/([^#?]+)/.exec(target.slice(REPOSITORY.length + 1));
        if (!m) say(link, `a repository link is ${REPOSITORY}/blob/main/<path> or /tree/main/<path>`);
        else if (!existsSync(join(root, decodeURIComponent(m[1] as string)))) say(link, `${m[1]} does not exist in the repository`);
      } else if (/example\.(invalid|com)|localhost/.test(target)) say(link, 'a placeholder URL');
      continue;
    }
    if (/^[a-z]+:/i.test(target)) {
      say(link, 'an unexpected scheme');
      continue;
    }
    const path = posix.normalize(posix.join(dir, decodeURIComponent(target.replace(/[#?].*$/, ''))));
    if (target.includes('../')) say(link, 'no ../ links: link the docs site or the repository absolutely');
    else if (!existsSync(join(root, path))) say(link, 'no such file');
    else if (file.packageDir !== undefined) {
      const inPackage = posix.relative(file.packageDir, path);
      if (!ships(shippedFiles(file.packageDir), inPackage)) say(link, `not in the package's "files": it is not on npm`);
    } else if (file.path.startsWith('docs/guides/') && !path.startsWith('docs/guides/')) {
      say(link, 'a guide links other guides relatively, anything else absolutely');
    }
  }
  return problems;
}

/** Pages the site has (docs-site): packages/<dir>, guides/<slug>, api/…, errors/…, architecture. */
function sitePageProblem(rest: string): string | undefined {
  const page = rest
    .replace(/^en\//, '')
    .replace(/[#?].*$/, '')
    .replace(/\/$/, '');
  if (page === '' || page === 'en' || page === 'architecture' || page.startsWith('api') || page.startsWith('errors/')) return undefined;
  const pkg = /^packages\/([a-z-]+)$/.exec(page);
  if (pkg) return existsSync(join(root, 'packages', pkg[1] as string, 'README.md')) ? undefined : `no package ${pkg[1]}`;
  const guide = /^guides\/([a-z0-9-]+)$/.exec(page);
  if (guide) return existsSync(join(root, 'docs', 'guides', `${guide[1]}.md`)) ? undefined : `no guide docs/guides/${guide[1]}.md`;
  return `not a page of the docs site (packages/<name>, guides/<slug>, api/…, errors/…, architecture)`;
}

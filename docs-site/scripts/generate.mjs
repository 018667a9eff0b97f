// Generates the site's Markdown into docs-site/content/ (git-ignored) from single sources:
// the hand-written pages in docs-site/pages/, every package's README.md / README.zh-CN.md, the
// audience guides listed in guides.json, the error-code pages in docs/errors/ (when present) and
// the API reference from TSDoc (typedoc + typedoc-plugin-markdown + typedoc-vitepress-theme), in
// both language trees: zh-CN at the root, English under /en/. Fails loudly on anything missing.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const site = fileURLToPath(new URL('..', import.meta.url));
const root = join(site, '..');
const content = join(site, 'content');
const generated = join(site, '.vitepress', 'generated');

/** The two language trees: zh-CN at `/`, English at `/en/`. */
const LOCALES = [
  { key: 'zh-CN', prefix: '', typedocLang: 'zh' },
  { key: 'en', prefix: 'en/', typedocLang: 'en' },
];

const started = Date.now();
const log = (message) => console.log(`[docs] ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s ${message}`);

function fail(message) {
  console.error(`[docs] ${message}`);
  process.exit(1);
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const write = (path, text) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

// ── sources ────────────────────────────────────────────────────────────────────────────────────

const packages = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .sort()
  .map((dir) => {
    const pkg = readJson(join(root, 'packages', dir, 'package.json'));
    const readme = join(root, 'packages', dir, 'README.md');
    if (!existsSync(readme)) fail(`packages/${dir}/README.md is missing: every package has a guide on the site`);
    const zh = join(root, 'packages', dir, 'README.zh-CN.md');
    return { dir, name: pkg.name, description: pkg.description ?? '', en: readme, zh: existsSync(zh) ? zh : null };
  });

const manifest = readJson(join(site, 'guides.json'));
const guides = manifest.guides.map((guide) => {
  for (const key of ['en', 'zh-CN']) {
    const path = guide[key];
    if (path !== null && !existsSync(join(root, path))) fail(`guides.json lists ${path} (${guide.slug}, ${key}) but it does not exist`);
  }
  if (guide.en === null) fail(`guides.json: ${guide.slug} has no English text`);
  return guide;
});
const listed = new Set(guides.flatMap((g) => [g.en, g['zh-CN']]).filter((p) => p !== null));
for (const file of readdirSync(join(root, 'docs', 'guides')).filter((f) => f.endsWith('.md'))) {
  if (!listed.has(`docs/guides/${file}`))
    fail(`docs/guides/${file} is not listed in docs-site/guides.json: add it (or it would be missing from the site)`);
}

/**
 * The error-code pages, when docs/errors exists: `<name>.md` (English) and `<name>.zh-CN.md`, or
 * `en/<name>.md` and `zh-CN/<name>.md`, in any nesting. Returns page → { en, zh } source paths.
 */
function errorPages() {
  const dir = join(root, 'docs', 'errors');
  const pages = new Map();
  if (!existsSync(dir)) return pages;
  const walk = (abs) => {
    for (const name of readdirSync(abs).sort()) {
      const path = join(abs, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) {
        let rel = relative(dir, path).split('\\').join('/');
        let key = 'en';
        if (rel.endsWith('.zh-CN.md')) {
          key = 'zh-CN';
          rel = rel.replace(/\.zh-CN\.md$/, '.md');
        } else if (rel.startsWith('zh-CN/')) {
          key = 'zh-CN';
          rel = rel.slice('zh-CN/'.length);
        } else if (rel.startsWith('en/')) rel = rel.slice('en/'.length);
        const page = rel.replace(/\.md$/, '').replace(/(^|\/)README$/, '$1index');
        const entry = pages.get(page) ?? { en: null, zh: null };
        entry[key === 'en' ? 'en' : 'zh'] = relative(root, path).split('\\').join('/');
        pages.set(page, entry);
      }
    }
  };
  walk(dir);
  return pages;
}
const errors = errorPages();

// ── links ──────────────────────────────────────────────────────────────────────────────────────

/** Where a repository file can be browsed, when package.json names a real repository. */
const repoUrl = (() => {
  const url = readJson(join(root, 'packages', 'core', 'package.json')).repository?.url ?? '';
  const m = /github\.com[/:]([^/]+)\/([^/.]+)/.exec(url);
  return m ? `https://github.com/${m[1]}/${m[2]}/blob/main/` : null;
})();

/** The language a repository file is written in: zh-CN for `*.zh-CN.md` and `zh-CN/` folders. */
const languageOf = (repoPath) => (/(\.zh-CN\.md$|\/zh-CN\/)/.test(repoPath) ? 'zh-CN' : 'en');

/** The site page (without locale prefix) for a repository file, or null when it is not on the site. */
function pageFor(repoPath) {
  const pkg = /^packages\/([^/]+)\/?(README(\.zh-CN)?\.md)?$/.exec(repoPath);
  if (pkg && packages.some((p) => p.dir === pkg[1])) return `packages/${pkg[1]}`;
  for (const guide of guides) if (repoPath === guide.en || repoPath === guide['zh-CN']) return `guides/${guide.slug}`;
  for (const [page, entry] of errors) {
    if (repoPath === entry.en || repoPath === entry.zh) return `errors/${page}`.replace(/(^|\/)index$/, '$1');
  }
  if (repoPath === 'docs/architecture.md') return 'architecture';
  return null;
}

/** The site's own address, as the READMEs link it (they are read on npm too): made site-relative here. */
const SITE = 'https://aisle.dev/';

/**
 * Rewrites the links of a Markdown file (outside code) for the site: a link to the site itself
 * becomes site-relative (so the dead-link check and the crawl cover it); a link to a file that is on
 * the site becomes a link to its page in the same language tree (or in the other tree when it is
 * this page's translation: a language switch); a link to any other repository file goes to the
 * repository browser (or loses its link when no repository is known).
 */
function rewriteLinks(markdown, sourcePath, prefix) {
  const here = pageFor(sourcePath);
  let fence = null;
  return markdown
    .split('\n')
    .map((line) => {
      const f = /^\s*(`{3,}|~{3,})/.exec(line);
      if (f) {
        if (fence === null) fence = f[1];
        else if (f[1].startsWith(fence)) fence = null;
        return line;
      }
      if (fence !== null) return line;
      return line.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, bang, text, target) => {
        if (target.startsWith(SITE)) return `${bang}[${text}](/${target.slice(SITE.length)})`;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return whole;
        const [path, hash] = target.split('#');
        const resolved = posix.normalize(posix.join(posix.dirname(sourcePath), path)).replace(/\/$/, '');
        if (resolved.startsWith('..')) fail(`${sourcePath}: link ${target} leaves the repository`);
        const page = pageFor(resolved);
        if (page !== null) {
          const switchTo =
            page === here && languageOf(resolved) !== languageOf(sourcePath) ? LOCALES.find((l) => l.key === languageOf(resolved)) : null;
          return `${bang}[${text}](/${switchTo ? switchTo.prefix : prefix}${page}${hash ? `#${hash}` : ''})`;
        }
        if (!existsSync(join(root, resolved))) fail(`${sourcePath}: link ${target} points at ${resolved}, which does not exist`);
        if (repoUrl !== null) return `${bang}[${text}](${repoUrl}${resolved}${hash ? `#${hash}` : ''})`;
        return text;
      });
    })
    .join('\n');
}

/** The sha-256 (first 16 hex digits) of a sample's trimmed code: how twoslash-pending.json names it. */
const sampleHash = (code) => createHash('sha256').update(code.trim()).digest('hex').slice(0, 16);
const samples = new Map();

/**
 * Marks every ```ts block for twoslash (type-checked at build time against the packages' .d.ts,
 * types on hover), with `src=<file>:<line>` so a type error names the source line.
 */
function twoslash(markdown, sourcePath) {
  const lines = markdown.split('\n');
  let open = null;
  for (let i = 0; i < lines.length; i++) {
    const f = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (f === null) continue;
    if (open === null) {
      const [lang = '', ...meta] = f[3].trim().split(/\s+/);
      open = { line: i, indent: f[1].length, fence: f[2], ts: lang === 'ts' || lang === 'typescript' };
      if (open.ts) lines[i] = `${f[1]}${f[2]}ts twoslash src=${sourcePath}:${i + 1}${meta.length > 0 ? ` ${meta.join(' ')}` : ''}`;
    } else if (f[2].startsWith(open.fence) && f[3].trim() === '') {
      if (open.ts) {
        const code = lines
          .slice(open.line + 1, i)
          .map((l) => l.slice(Math.min(open.indent, l.length - l.trimStart().length)))
          .join('\n');
        samples.set(sampleHash(code), `${sourcePath}:${open.line + 1}`);
      }
      open = null;
    }
  }
  return lines.join('\n');
}

/** A page whose text exists only in English, shown in the zh-CN tree: said in Chinese, marked lang="en". */
const englishOnly = (markdown) =>
  `::: info 仅有英文版\n本页暂无中文版，以下为英文原文。\n:::\n\n<div lang="en">\n\n${markdown}\n\n</div>\n`;

function page({ source, prefix, fallback, title, typecheck = true }) {
  const rel = relative(root, source).split('\\').join('/');
  const linked = rewriteLinks(readFileSync(source, 'utf8'), rel, prefix);
  let body = typecheck ? twoslash(linked, rel) : linked;
  if (fallback) body = englishOnly(body);
  return `---\ntitle: ${JSON.stringify(title)}\neditLink: false\n---\n\n<!-- generated from ${rel} by docs-site/scripts/generate.mjs: edit that file -->\n\n${body}`;
}

// ── write ──────────────────────────────────────────────────────────────────────────────────────

rmSync(content, { recursive: true, force: true });
rmSync(generated, { recursive: true, force: true });
cpSync(join(site, 'pages'), content, { recursive: true });

const sidebars = {};
for (const locale of LOCALES) {
  const zh = locale.key === 'zh-CN';
  const link = (path) => `/${locale.prefix}${path}`;
  const packageItems = packages.map((p) => {
    const source = zh && p.zh !== null ? p.zh : p.en;
    write(
      join(content, locale.prefix, 'packages', `${p.dir}.md`),
      page({ source, prefix: locale.prefix, fallback: zh && p.zh === null, title: p.name }),
    );
    return { text: p.name, link: link(`packages/${p.dir}`) };
  });
  const guideItems = guides.map((g) => {
    const source = join(root, zh && g['zh-CN'] !== null ? g['zh-CN'] : g.en);
    const title = g.title[locale.key];
    write(
      join(content, locale.prefix, 'guides', `${g.slug}.md`),
      page({ source, prefix: locale.prefix, fallback: zh && g['zh-CN'] === null, title }),
    );
    return { text: title, link: link(`guides/${g.slug}`) };
  });
  write(
    join(content, locale.prefix, 'architecture.md'),
    page({ source: join(root, 'docs', 'architecture.md'), prefix: locale.prefix, fallback: zh, title: zh ? '架构' : 'Architecture' }),
  );
  const errorItems = [];
  for (const [name, entry] of errors) {
    const source = zh && entry.zh !== null ? entry.zh : (entry.en ?? entry.zh);
    const fallback = zh && entry.zh === null;
    const title = /^#\s+(.+)$/m.exec(readFileSync(join(root, source), 'utf8'))?.[1] ?? name;
    write(
      join(content, locale.prefix, 'errors', `${name}.md`),
      // A code page's sample is its file in examples/error-codes/src/samples, which the repo's
      // typecheck checks and the error-codes test runs (240 twoslash programs would take minutes
      // and gigabytes here); the index pages' samples are checked on the site.
      page({ source: join(root, source), prefix: locale.prefix, fallback, title, typecheck: name.endsWith('index') }),
    );
    if (!name.endsWith('index')) errorItems.push({ text: title.replace(/`/g, ''), link: link(`errors/${name}`) });
  }
  sidebars[locale.key] = { packageItems, guideItems, errorItems, hasErrorIndex: errors.has('index') };
}
log(`${packages.length} package guides, ${guides.length} audience guides, ${errors.size} error pages, 2 languages`);

// ── API reference ──────────────────────────────────────────────────────────────────────────────

// The samples and the API reference read the packages' published types (dist/*.d.ts).
const unbuilt = packages.filter((p) => !existsSync(join(root, 'packages', p.dir, 'dist', 'index.d.ts')));
if (unbuilt.length > 0) {
  log(`building ${unbuilt.map((p) => p.name).join(', ')} (their .d.ts feed the type-checked samples)`);
  const r = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail('pnpm run build failed');
}

process.chdir(root);
const { Application } = await import('typedoc');
const base = (await import(join(root, 'typedoc.config.mjs'))).default;
/** The site's heading ids (see slugify in .vitepress/config.mts; a repeated id gets -1, -2, …). */
function headingIds(markdown) {
  const ids = new Set();
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fence = !fence;
    const h = fence ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (h === null) continue;
    const text = h[1]
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\\(.)/g, '$1')
      .replace(/`/g, '');
    const base = text
      .normalize('NFKD')
      .replace(/[\u0300-\u036F]/g, '')
      .replace(/[\s~`!@#$%^&*()\-+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
      .replace(/^(\d)/, '_$1')
      .toLowerCase();
    let id = base;
    for (let n = 1; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
  }
  return ids;
}

/**
 * typedoc-plugin-markdown's anchors do not always match the headings it writes: `#genesis-hash`
 * for `GENESIS_HASH` on the same page, `#consent_channels` from another page, `#incidentrecord-1`
 * for a heading the page has once. Point such a link at the one heading that matches it loosely
 * (`_` and `-` alike, without a `-N` suffix); anything else stays for the crawl to judge.
 */
function repairAnchors(dir) {
  const files = [];
  const walk = (abs) => {
    for (const name of readdirSync(abs)) {
      const path = join(abs, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  walk(dir);
  const loose = (anchor) => anchor.replace(/_/g, '-').replace(/-\d+$/, '');
  const ids = new Map(
    files.map((f) => {
      const exact = headingIds(readFileSync(f, 'utf8'));
      const byLoose = new Map();
      for (const id of exact) byLoose.set(loose(id), byLoose.has(loose(id)) ? null : id);
      return [f, { exact, byLoose }];
    }),
  );
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(/\]\(([^)#\s]*)#([^)\s]+)\)/g, (whole, path, anchor) => {
      const known = ids.get(path === '' ? file : join(dirname(file), path));
      if (known === undefined || known.exact.has(anchor)) return whole;
      const id = known.byLoose.get(loose(anchor));
      return typeof id === 'string' ? `](${path}#${id})` : whole;
    });
    if (fixed !== text) writeFileSync(file, fixed);
  }
}

// Converted once (the slow part), rendered once per language: typedoc's and the Markdown plugin's
// labels in that language; the comments themselves are the sources' (English) TSDoc.
const app = await Application.bootstrapWithPlugins({
  ...base,
  out: join(content, 'api'),
  plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
  readme: 'none',
  entryFileName: 'index',
  // One page per entry point (not per export): ~25 pages a language instead of ~850, which keeps
  // the VitePress build small (each page is a bundle chunk) and the pages searchable by heading.
  outputFileStrategy: 'modules',
  hidePageHeader: true,
  hideBreadcrumbs: true,
  useCodeBlocks: true,
  docsRoot: content,
  sidebar: { autoConfiguration: true, format: 'vitepress', pretty: true, collapsed: true },
});
const project = await app.convert();
if (project === undefined) fail('typedoc could not convert the project');
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) fail('typedoc reported problems (see above)');
log('API reference converted');
for (const locale of LOCALES) {
  const out = join(content, locale.prefix, 'api');
  app.options.setValue('out', out);
  app.options.setValue('lang', locale.typedocLang);
  app.internationalization.setLocale(locale.typedocLang);
  await app.generateOutputs(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) fail('typedoc reported problems (see above)');
  repairAnchors(out);
  sidebars[locale.key].apiItems = readJson(join(out, 'typedoc-sidebar.json'));
  log(`API reference (${locale.key}) written`);
}

write(join(generated, 'sidebar.json'), `${JSON.stringify(sidebars, null, 2)}\n`);
write(join(generated, 'samples.json'), `${JSON.stringify(Object.fromEntries(samples), null, 2)}\n`);
log('done');

// Aisle's documentation site: zh-CN at `/`, English at `/en/`. The Markdown is generated into
// content/ by scripts/generate.mjs (run first: `pnpm run docs` does both).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformerTwoslash } from '@shikijs/vitepress-twoslash';
import { type DefaultTheme, defineConfig } from 'vitepress';
import { tokenizeForIndex, tokenizeForSearch } from './cjk-search.mjs';

const sidebarFile = fileURLToPath(new URL('./generated/sidebar.json', import.meta.url));
if (!existsSync(sidebarFile))
  throw new Error('docs-site/.vitepress/generated/sidebar.json is missing: run `node scripts/generate.mjs` first');

interface LocaleSidebar {
  packageItems: DefaultTheme.SidebarItem[];
  guideItems: DefaultTheme.SidebarItem[];
  errorItems: DefaultTheme.SidebarItem[];
  hasErrorIndex: boolean;
  apiItems: DefaultTheme.SidebarItem[];
}
const sidebars = JSON.parse(readFileSync(sidebarFile, 'utf8')) as Record<'zh-CN' | 'en', LocaleSidebar>;

// Samples that do not type-check yet, each named by its code's hash (see twoslash-pending.json):
// rendered without types; any other sample with a type error fails the build, and a listed sample
// that now type-checks fails it too (take it off the list). AISLE_DOCS_TWOSLASH_RECORD=1 rewrites the list.
const pendingFile = fileURLToPath(new URL('../twoslash-pending.json', import.meta.url));
const pending = JSON.parse(readFileSync(pendingFile, 'utf8')) as { $comment: string; samples: Record<string, string> };
const samples = JSON.parse(readFileSync(fileURLToPath(new URL('./generated/samples.json', import.meta.url)), 'utf8')) as Record<
  string,
  string
>;
const record = process.env.AISLE_DOCS_TWOSLASH_RECORD === '1';
const sampleHash = (code: string) => createHash('sha256').update(code.trim()).digest('hex').slice(0, 16);
const failing = new Map<string, string>();
type TypesCache = NonNullable<NonNullable<Parameters<typeof transformerTwoslash>[0]>['typesCache']>;
const checked = new Map<string, Parameters<TypesCache['write']>[1]>();

function onTwoslashError(error: unknown, code: string, _lang: string, options: { meta?: { __raw?: string } }): string {
  const hash = sampleHash(code);
  const src = /\bsrc=(\S+)/.exec(options.meta?.__raw ?? '')?.[1] ?? samples[hash] ?? 'a hand-written page';
  failing.set(hash, src);
  if (record || hash in pending.samples) return code;
  const message = error instanceof Error ? error.message : String(error);
  throw new Error(`${src}: the sample does not type-check (twoslash, against the packages' dist/*.d.ts)\n${message}`);
}

function checkPending(): void {
  if (record) {
    const listed = Object.fromEntries([...failing].sort((a, b) => a[1].localeCompare(b[1])));
    writeFileSync(pendingFile, `${JSON.stringify({ $comment: pending.$comment, samples: listed }, null, 2)}\n`);
    console.log(`twoslash-pending.json: ${failing.size} samples that do not type-check yet`);
    return;
  }
  const fixed = Object.keys(pending.samples).filter((hash) => hash in samples && !failing.has(hash));
  if (fixed.length > 0)
    throw new Error(
      `these samples type-check now: take them off docs-site/twoslash-pending.json: ${fixed.map((h) => samples[h]).join(', ')}`,
    );
  const gone = Object.keys(pending.samples).filter((hash) => !(hash in samples));
  if (gone.length > 0)
    console.warn(
      `docs-site/twoslash-pending.json lists ${gone.length} samples that no longer exist (changed or removed): ${gone.map((h) => pending.samples[h]).join(', ')}`,
    );
}

/** VitePress's default slugify (@mdit-vue/shared), except that `_` is kept. */
function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    .replace(/\p{Cc}/gu, '')
    .replace(/[\s~`!@#$%^&*()\-+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
}

const labels = {
  'zh-CN': { guides: '指南', packages: '包', errors: '错误码', api: 'API 参考', architecture: '架构', overview: '总览' },
  en: {
    guides: 'Guides',
    packages: 'Packages',
    errors: 'Error codes',
    api: 'API reference',
    architecture: 'Architecture',
    overview: 'Overview',
  },
} as const;

/** No collapsible groups: the default theme nests the toggle in the header button (axe nested-interactive). */
function plain(items: DefaultTheme.SidebarItem[]): DefaultTheme.SidebarItem[] {
  const flat = items.length === 1 && items[0]?.link === undefined && items[0]?.items !== undefined ? items[0].items : items;
  return flat.map(({ collapsed: _, items: children, ...item }) => (children === undefined ? item : { ...item, items: plain(children) }));
}

function sidebar(key: 'zh-CN' | 'en', prefix: string): DefaultTheme.Sidebar {
  const s = sidebars[key];
  const l = labels[key];
  const groups: DefaultTheme.SidebarItem[] = [
    { text: l.guides, items: [...s.guideItems, { text: l.architecture, link: `${prefix}architecture` }] },
    { text: l.packages, items: s.packageItems },
  ];
  const result: DefaultTheme.SidebarMulti = {};
  if (s.errorItems.length > 0 || s.hasErrorIndex) {
    const index = s.hasErrorIndex ? [{ text: l.overview, link: `${prefix}errors/` }] : [];
    groups.push({ text: l.errors, items: index.length > 0 ? index : s.errorItems });
    result[`${prefix}errors/`] = [{ text: l.errors, items: [...index, ...s.errorItems] }];
  }
  result[`${prefix}api/`] = [{ text: l.api, items: [{ text: l.overview, link: `${prefix}api/` }, ...plain(s.apiItems)] }];
  result[prefix] = groups;
  return result;
}

function nav(key: 'zh-CN' | 'en', prefix: string): DefaultTheme.NavItem[] {
  const s = sidebars[key];
  const l = labels[key];
  return [
    { text: l.guides, link: s.guideItems[0]?.link ?? `${prefix}architecture` },
    { text: l.packages, link: s.packageItems[0]?.link ?? prefix },
    { text: l.api, link: `${prefix}api/` },
  ];
}

export default defineConfig({
  srcDir: 'content',
  title: 'Aisle',
  description: 'China-first customer-data compliance for retail',
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  lastUpdated: false,
  // A dead internal link fails the build (VitePress's default); the browser check crawls too.
  ignoreDeadLinks: false,
  locales: {
    root: {
      label: '简体中文',
      lang: 'zh-CN',
      description: '面向中国零售的客户数据合规',
      themeConfig: {
        nav: nav('zh-CN', '/'),
        sidebar: sidebar('zh-CN', '/'),
        outline: { label: '本页目录', level: [2, 3] },
        docFooter: { prev: '上一页', next: '下一页' },
        darkModeSwitchLabel: '外观',
        lightModeSwitchTitle: '切换到浅色模式',
        darkModeSwitchTitle: '切换到深色模式',
        sidebarMenuLabel: '菜单',
        returnToTopLabel: '回到顶部',
        langMenuLabel: '切换语言',
        notFound: { title: '页面未找到', quote: '这个地址没有页面。', linkLabel: '回到首页', linkText: '回到首页' },
      },
    },
    en: {
      label: 'English',
      lang: 'en',
      link: '/en/',
      themeConfig: { nav: nav('en', '/en/'), sidebar: sidebar('en', '/en/'), outline: { level: [2, 3] } },
    },
  },
  themeConfig: {
    search: {
      provider: 'local',
      options: {
        // MiniSearch's default tokenizer splits on spaces and punctuation only, which never finds a
        // Chinese word in mid-sentence: index CJK runs as characters + bigrams, search by bigrams.
        miniSearch: {
          options: { tokenize: tokenizeForIndex },
          searchOptions: { tokenize: tokenizeForSearch },
        },
        locales: {
          root: {
            translations: {
              button: { buttonText: '搜索', buttonAriaLabel: '搜索' },
              modal: {
                displayDetails: '显示详细列表',
                resetButtonTitle: '清除查询',
                backButtonTitle: '关闭搜索',
                noResultsText: '没有找到',
                footer: { selectText: '选择', navigateText: '切换', closeText: '关闭' },
              },
            },
          },
        },
      },
    },
  },
  buildEnd: checkPending,
  markdown: {
    // The high-contrast GitHub themes: the plain ones fall below 4.5:1 on the code background (axe).
    theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
    // Heading ids as the default, but keeping `_`: typedoc-plugin-markdown links `#consent_channels`.
    anchor: { slugify },
    // Samples marked `twoslash` are type-checked at build time against the packages' dist/*.d.ts
    // (a type error fails the build) and show types on hover.
    codeTransformers: [
      transformerTwoslash({
        onTwoslashError,
        // The same sample on both language trees is checked once per build (in memory: nothing
        // outlives the build, so a changed .d.ts is always seen).
        typesCache: { read: (code) => checked.get(code) ?? null, write: (code, data) => void checked.set(code, data) },
        twoslashOptions: {
          compilerOptions: {
            module: 99,
            moduleResolution: 100,
            target: 9,
            strict: true,
            types: ['node'],
            lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
          },
        },
      }),
    ],
  },
});

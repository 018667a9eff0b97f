// `pnpm bench:readme`: copies rows of bench/REPORT.md (written by `pnpm bench:report`) into the
// READMEs, so every speed figure a README shows is one the report measured, with its date,
// BENCH_SCALE, Node version and load average. A README asks for rows with a marked block:
//
//   <!-- bench:points/engine -->
//   …(written by this script)…
//   <!-- /bench -->
//
// The name selects the report rows whose benchmark is that name, or starts with it followed by a
// space or a comma (`points/ledger` takes `points/ledger (memory store), 8 clients` too). A name
// that selects no row, an unclosed block or a nested one fails loudly. README.zh-CN.md files get
// the same numbers under Chinese headings and caption.
//
// `node scripts/bench-readme.mjs --check` (run by `pnpm lint`) writes nothing and fails when a
// block differs from what the committed report gives, when a package with rows in the report has
// no block in its READMEs, or when a README and its translation name different blocks; it warns
// about report rows that no block quotes. The output
// is laid out as Biome formats Markdown tables (East Asian wide characters count two columns), so
// `biome check` leaves it alone.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPORT_URL = 'https://github.com/aisle-dev/aisle/blob/main/bench/REPORT.md';
const OPEN = /^<!--\s*bench:\s*(.*?)\s*-->\s*$/;
const CLOSE = /^<!--\s*\/bench\s*-->\s*$/;

/** A problem with the report or a README's blocks; the message names the file and line. */
export class BenchReadmeError extends Error {
  name = 'BenchReadmeError';
}

/** Splits one Markdown table line into its cells (an escaped `\|` stays inside its cell). */
function cells(line) {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

/**
 * Reads the report's header (date, Node version, cores, load averages, BENCH_SCALE) and the rows
 * of its first table (the one whose first column is `benchmark`).
 */
export function parseReport(text) {
  const lines = text.split('\n');
  const head = lines.find((l) => l.startsWith('Date '));
  if (head === undefined) throw new BenchReadmeError('bench/REPORT.md: no "Date …" line (is it the output of pnpm bench:report?)');
  const field = (re, what) => {
    const m = re.exec(head);
    if (m === null) throw new BenchReadmeError(`bench/REPORT.md: the "Date …" line has no ${what}: ${head}`);
    return m[1];
  };
  const meta = {
    date: field(/^Date (\d{4}-\d\d-\d\d \d\d:\d\d UTC)/, 'date'),
    node: field(/Node (v[\d.]+)/, 'Node version'),
    cores: Number(field(/(\d+) cores?\b/, 'core count')),
    loadStart: field(/load average at start ([\d.]+)/, 'load average at start'),
    loadEnd: field(/at end ([\d.]+)/, 'load average at end'),
    scale: field(/BENCH_SCALE=(\S+)/, 'BENCH_SCALE'),
    // Reports since 2026-12-01 carry the machine reference (bench/reference.mjs); older ones do not.
    reference: /^Machine reference .*: (\d+) at the start/.exec(lines.find((l) => l.startsWith('Machine reference ')) ?? '')?.[1],
  };
  const at = lines.findIndex((l) => /^\|\s*benchmark\s*\|/.test(l));
  if (at < 0) throw new BenchReadmeError('bench/REPORT.md: no table with a "benchmark" column');
  const names = cells(lines[at]);
  const rows = [];
  for (let i = at + 2; i < lines.length && lines[i].trim().startsWith('|'); i++) {
    const values = cells(lines[i]);
    if (values.length !== names.length) {
      throw new BenchReadmeError(`bench/REPORT.md:${i + 1}: ${values.length} cells, the header has ${names.length}`);
    }
    rows.push(Object.fromEntries(names.map((n, j) => [n, values[j]])));
  }
  return { ...meta, rows };
}

/** The rows a block name selects: the benchmark itself, or the name followed by a space or comma. */
export function selectRows(report, name) {
  return report.rows.filter((r) => r.benchmark === name || r.benchmark.startsWith(`${name} `) || r.benchmark.startsWith(`${name},`));
}

/** Display width as Biome counts it for table alignment: East Asian wide and fullwidth characters take two columns. */
function width(s) {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0);
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0x303e) ||
      (c >= 0x3041 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1f64f) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** A Markdown table laid out as Biome formats it (left-aligned, padded, separator at least 3). */
export function table(header, body) {
  const widths = header.map((h, j) => Math.max(3, width(h), ...body.map((r) => width(r[j]))));
  const line = (r) => `| ${r.map((c, j) => c + ' '.repeat(widths[j] - width(c))).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)];
}

const COLUMNS = [
  { key: 'subject', en: 'subject', zh: '被测对象' },
  { key: 'baseline', en: 'baseline', zh: '基线' },
  { key: 'size', en: 'size', zh: '规模' },
  { key: 'ratio', en: 'ratio', zh: '比值' },
  { key: 'rate', en: 'rate', zh: '速率' },
  { key: 'memory', en: 'memory', zh: '内存' },
  { key: 'target', en: 'target', zh: '目标' },
  { key: 'load', en: 'load', zh: '负载' },
];

const range = (xs) => {
  const ns = xs.map(Number).filter(Number.isFinite);
  if (ns.length === 0) return '—';
  const lo = Math.min(...ns).toFixed(1);
  const hi = Math.max(...ns).toFixed(1);
  return lo === hi ? lo : `${lo}–${hi}`;
};

/**
 * The lines between a block's markers: a caption stating where the figures come from, and a table
 * of the selected rows (columns that are empty in every selected row are left out).
 */
export function renderBlock(report, name, lang, where = name) {
  const rows = selectRows(report, name);
  if (rows.length === 0) {
    const known = [...new Set(report.rows.map((r) => r.benchmark))].join('; ');
    throw new BenchReadmeError(`${where}: bench:${name} selects no row of bench/REPORT.md (its benchmarks: ${known})`);
  }
  const columns = COLUMNS.filter((c) => rows.some((r) => (r[c.key] ?? '—') !== '—'));
  const zh = lang === 'zh-CN';
  const value = (r, key) => {
    const v = r[key] ?? '—';
    return zh && key === 'target' ? v.replace(/: met$/, '：达成').replace(/: missed$/, '：未达成') : v;
  };
  const header = columns.map((c) => (zh ? c.zh : c.en));
  const body = rows.map((r) => columns.map((c) => value(r, c.key)));
  const command = `\`BENCH_SCALE=${report.scale} pnpm bench:report\``;
  const load = range(rows.map((r) => r.load));
  const reference =
    report.reference === undefined
      ? ''
      : zh
        ? `；机器基准 ${report.reference} ms（\`node bench/reference.mjs\`，越低越快，跨报告比较速率时以它为准）`
        : `; machine reference ${report.reference} ms (\`node bench/reference.mjs\`, lower is faster: compare rates across reports by it)`;
  const caption = zh
    ? `摘自 [\`bench/REPORT.md\`](${REPORT_URL})（${command}，${report.date}，Node ${report.node}，${report.cores} 核；1 分钟负载均值：报告开始时 ${report.loadStart}，结束时 ${report.loadEnd}，测量这些行时 ${load}${reference}）。比值 = 同一次运行中基线耗时 ÷ 被测对象耗时，大于 1× 表示被测对象更快。由 \`pnpm bench:readme\` 从报告生成，请勿手改。`
    : `From [\`bench/REPORT.md\`](${REPORT_URL}) (${command}, ${report.date}, Node ${report.node}, ${report.cores} cores; 1-minute load average ${report.loadStart} at the start of the report, ${report.loadEnd} at its end, ${load} while these rows ran${reference}). Ratio = baseline time ÷ subject time in the same run; above 1× the subject is faster. Written from the report by \`pnpm bench:readme\`; do not edit by hand.`;
  return ['', caption, '', ...table(header, body), ''];
}

/** The language of a README from its file name: `README.zh-CN.md` → `zh-CN`, otherwise `en`. */
export const languageOf = (path) => (/\.zh-CN\.md$/.test(path) ? 'zh-CN' : 'en');

/**
 * Rewrites every block of one README from the report. Returns the new text and the block names in
 * order; throws {@link BenchReadmeError} on an unknown name or a malformed block.
 */
export function updateText(text, report, path) {
  const lang = languageOf(path);
  const lines = text.split('\n');
  const out = [];
  const names = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]);
    if (open === null) {
      if (CLOSE.test(lines[i])) throw new BenchReadmeError(`${path}:${i + 1}: <!-- /bench --> without an opening <!-- bench:name -->`);
      out.push(lines[i]);
      continue;
    }
    const name = open[1];
    if (name === '') throw new BenchReadmeError(`${path}:${i + 1}: <!-- bench: --> names no benchmark`);
    let end = i + 1;
    while (end < lines.length && !CLOSE.test(lines[end])) {
      if (OPEN.test(lines[end])) throw new BenchReadmeError(`${path}:${end + 1}: bench block opened inside bench:${name} (line ${i + 1})`);
      end++;
    }
    if (end === lines.length) throw new BenchReadmeError(`${path}:${i + 1}: bench:${name} is never closed with <!-- /bench -->`);
    out.push(lines[i], ...renderBlock(report, name, lang, `${path}:${i + 1}`), lines[end]);
    names.push(name);
    i = end;
  }
  return { text: out.join('\n'), names };
}

/** The Markdown files that may hold blocks: the root READMEs, every package's and example's, and the docs. */
export function readmeFiles(root) {
  const files = [];
  const add = (p) => existsSync(join(root, p)) && files.push(p);
  add('README.md');
  add('README.zh-CN.md');
  for (const parent of ['packages', 'examples']) {
    if (!existsSync(join(root, parent))) continue;
    for (const d of readdirSync(join(root, parent)).sort()) {
      add(`${parent}/${d}/README.md`);
      add(`${parent}/${d}/README.zh-CN.md`);
    }
  }
  const walk = (dir) => {
    if (!existsSync(join(root, dir))) return;
    for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else if (e.name.endsWith('.md')) files.push(`${dir}/${e.name}`);
    }
  };
  walk('docs/guides');
  return files;
}

/**
 * Updates (or, with `check`, only compares) every README under `root` from `root/bench/REPORT.md`.
 * Returns the problems found (empty: all blocks are current) and the files written.
 */
export function run(root, { check = false } = {}) {
  const reportPath = join(root, 'bench', 'REPORT.md');
  if (!existsSync(reportPath)) throw new BenchReadmeError('bench/REPORT.md is missing: run pnpm bench:report');
  const report = parseReport(readFileSync(reportPath, 'utf8'));
  const problems = [];
  const written = [];
  const blocks = new Map();
  const changed = [];
  for (const file of readmeFiles(root)) {
    const before = readFileSync(join(root, file), 'utf8');
    let result;
    try {
      result = updateText(before, report, file);
    } catch (error) {
      if (!(error instanceof BenchReadmeError)) throw error;
      problems.push(error.message);
      continue;
    }
    blocks.set(file, result.names);
    if (result.text === before) continue;
    if (check) {
      const a = before.split('\n');
      const b = result.text.split('\n');
      let k = 0;
      while (k < a.length && a[k] === b[k]) k++;
      problems.push(`${file}:${k + 1}: bench block differs from bench/REPORT.md (run pnpm bench:readme)`);
    } else {
      changed.push([file, result.text]);
    }
  }
  // All or nothing: a README whose block cannot be written leaves every README as it was, so they
  // never quote two different reports.
  if (problems.length === 0) {
    for (const [file, text] of changed) {
      writeFileSync(join(root, file), text);
      written.push(file);
    }
  }
  // A translation names the same blocks in the same order as its original.
  for (const [file, names] of blocks) {
    if (languageOf(file) !== 'zh-CN') continue;
    const original = blocks.get(file.replace(/\.zh-CN\.md$/, '.md'));
    if (original !== undefined && original.join('\n') !== names.join('\n')) {
      problems.push(`${file}: bench blocks [${names.join(', ')}] differ from its original's [${original.join(', ')}]`);
    }
  }
  // Every package with rows in the report quotes them in its README and its translation.
  const measured = new Set(report.rows.map((r) => r.benchmark.split('/')[0]));
  for (const pkg of measured) {
    for (const file of [`packages/${pkg}/README.md`, `packages/${pkg}/README.zh-CN.md`]) {
      const names = blocks.get(file);
      if (names !== undefined && !names.some((n) => n.startsWith(`${pkg}/`))) {
        problems.push(`${file}: no <!-- bench:${pkg}/… --> block, but bench/REPORT.md has ${pkg} rows`);
      }
    }
  }
  // Rows no block selects are reported, not failed: a new bench needs a block, but a report
  // regenerated with it must not break the lint before someone adds one.
  const quoted = new Set([...blocks.values()].flat());
  const unquoted = [...new Set(report.rows.map((r) => r.benchmark))].filter(
    (b) => ![...quoted].some((n) => selectRows({ rows: [{ benchmark: b }] }, n).length > 0),
  );
  return { problems, written, report, unquoted };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
  const check = process.argv.includes('--check');
  try {
    const { problems, written, report, unquoted } = run(root, { check });
    for (const p of problems) console.error(`bench:readme: ${p}`);
    for (const b of unquoted) console.warn(`bench:readme: warning: no README block quotes the rows of ${b}`);
    if (!check) for (const f of written) console.log(`bench:readme: wrote ${relative(root, join(root, f))}`);
    console.log(
      `bench:readme: ${check ? 'checked' : 'updated'} the READMEs against bench/REPORT.md of ${report.date} (BENCH_SCALE=${report.scale}), ${problems.length} problem(s)`,
    );
    process.exit(problems.length === 0 ? 0 : 1);
  } catch (error) {
    if (!(error instanceof BenchReadmeError)) throw error;
    console.error(`bench:readme: ${error.message}`);
    process.exit(1);
  }
}

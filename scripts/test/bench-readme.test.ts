import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BenchReadmeError, parseReport, renderBlock, run, updateText } from '../bench-readme.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// A small report in the shape scripts/bench-report.mjs writes (after biome format).
const REPORT = `# Benchmark report

Date 2026-12-01 18:55 UTC · Node v20.20.2 · 2 cores (AMD EPYC) · load average at start 0.3 / 0.5 / 0.9, at end 1.1 / 1.0 / 0.8 · BENCH_SCALE=1 · 31.2 minutes in all

Command: \`BENCH_SCALE=1 pnpm bench:report\`.

| benchmark | subject | baseline | ratio | size | rate | memory | target | load |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| points/engine | @aisle/points evaluate | optimised hand-written function | 0.71× | 1M | 1.2 M/s | — | within 1.5× (ratio ≥ 0.67): met | 1.0 |
| points/engine | @aisle/points evaluate | @gorules/zen-engine | 21.50× | 20k | — | — | — | 1.2 |
| points/ledger (memory store), 8 clients | ledger earn + redeem | floor \\| retry | 0.12× | 25k | — | — | — | 0.9 |
| points/engineering | other | x | 1.00× | 1 | — | — | — | 0.5 |
| deid/ff1 | createFf1 + nodeAes | noble FF1 | 5.09× | 20k | 137,737 /s | — | ≥ 5× noble: missed | 1.4 |

## Bench scripts run

| package | script | size | status | seconds | CPU seconds | peak RSS | load at start | result rows |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| points | bench | BENCH_SCALE | ok | 56 | 66 | 386 MiB | 1.2 | 3 |
`;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fake repository: bench/REPORT.md and the given files. */
function fakeRepo(files: Record<string, string>, report = REPORT): string {
  const root = mkdtempSync(join(tmpdir(), 'aisle-bench-readme-'));
  dirs.push(root);
  for (const [path, text] of Object.entries({ 'bench/REPORT.md': report, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const readme = (blocks: string[], filler = 'stale figures\n') =>
  `# @aisle/points\n\n## Speed\n\nProse.\n\n${blocks.map((b) => `<!-- bench:${b} -->\n${filler}<!-- /bench -->\n`).join('\n')}\n## API\n`;

describe('bench:readme', () => {
  it('reads the date, scale, Node version, load averages and rows of the report', () => {
    const report = parseReport(REPORT);
    expect(report).toMatchObject({
      date: '2026-12-01 18:55 UTC',
      node: 'v20.20.2',
      cores: 2,
      loadStart: '0.3',
      loadEnd: '1.1',
      scale: '1',
    });
    expect(report.rows).toHaveLength(5);
    expect(report.rows[2]).toMatchObject({
      benchmark: 'points/ledger (memory store), 8 clients',
      baseline: 'floor \\| retry',
      ratio: '0.12×',
    });
  });

  it('writes a dated table of exactly the rows the block names, in English and in Chinese', () => {
    const report = parseReport(REPORT);
    const en = updateText(readme(['points/engine']), report, 'packages/points/README.md');
    expect(en.names).toEqual(['points/engine']);
    expect(en.text).not.toContain('stale figures');
    expect(en.text).toContain('`BENCH_SCALE=1 pnpm bench:report`, 2026-12-01 18:55 UTC, Node v20.20.2, 2 cores');
    expect(en.text).toContain('0.3 at the start of the report, 1.1 at its end, 1.0–1.2 while these rows ran');
    expect(en.text).toContain('| @aisle/points evaluate | optimised hand-written function | 1M   | 0.71×  |');
    expect(en.text).toContain('within 1.5× (ratio ≥ 0.67): met');
    // `points/engine` does not take `points/engineering`; the empty memory column is left out.
    expect(en.text).not.toContain('other');
    expect(en.text).not.toContain('memory');
    expect(en.text.startsWith('# @aisle/points\n\n## Speed\n\nProse.\n\n<!-- bench:points/engine -->\n\nFrom ')).toBe(true);
    expect(en.text.endsWith('<!-- /bench -->\n\n## API\n')).toBe(true);

    const zh = updateText(readme(['points/engine']), report, 'packages/points/README.zh-CN.md');
    expect(zh.text).toContain('| 被测对象');
    expect(zh.text).toContain('2026-12-01 18:55 UTC，Node v20.20.2，2 核');
    expect(zh.text).toContain('within 1.5× (ratio ≥ 0.67)：达成');
    expect(zh.text).toContain('| 1M   | 0.71×  |');
    // Rewriting a current block changes nothing.
    expect(updateText(en.text, report, 'packages/points/README.md').text).toBe(en.text);
  });

  it('carries the machine reference of a report that has one into both captions, and none from one without', () => {
    const withReference = REPORT.replace(
      '\nCommand: ',
      '\nMachine reference (`node bench/reference.mjs`: CPU milliseconds of one fixed workload, median of 3; lower is faster; compare rates across reports by it, ratios need no such help): 1591 at the start, 1630 at the end.\n\nCommand: ',
    );
    const report = parseReport(withReference);
    expect(report.reference).toBe('1591');
    const en = updateText(readme(['points/engine']), report, 'packages/points/README.md').text;
    expect(en).toContain('1.0–1.2 while these rows ran; machine reference 1591 ms (`node bench/reference.mjs`, lower is faster');
    const zh = updateText(readme(['points/engine']), report, 'packages/points/README.zh-CN.md').text;
    expect(zh).toContain('测量这些行时 1.0–1.2；机器基准 1591 ms');
    expect(parseReport(REPORT).reference).toBeUndefined();
    expect(updateText(readme(['points/engine']), parseReport(REPORT), 'README.md').text).not.toContain('machine reference');
  });

  it('takes the rows whose benchmark starts with the name and a space or comma', () => {
    const { text } = updateText(readme(['points/ledger']), parseReport(REPORT), 'README.md');
    expect(text).toContain('| ledger earn + redeem | floor \\| retry | 25k  | 0.12× |');
  });

  it('writes what biome formats to itself, wide characters included', () => {
    const report = parseReport(REPORT);
    for (const path of ['README.md', 'README.zh-CN.md']) {
      const { text } = updateText(readme(['points/engine', 'points/ledger', 'deid/ff1']), report, path);
      const biome = join(repo, 'node_modules', '.bin', 'biome');
      const out = spawnSync(biome, ['format', `--stdin-file-path=${path}`], { cwd: repo, input: text, encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      expect(out.stdout).toBe(text);
    }
  });

  it('fails loudly on a name that selects no row, naming the file, line and the known benchmarks', () => {
    const report = parseReport(REPORT);
    expect(() => updateText(readme(['points/engin']), report, 'packages/points/README.md')).toThrow(BenchReadmeError);
    expect(() => updateText(readme(['points/engin']), report, 'packages/points/README.md')).toThrow(
      /packages\/points\/README\.md:7: bench:points\/engin selects no row .*points\/engine/,
    );
    expect(() => renderBlock(report, 'segments/count', 'en')).toThrow(/selects no row/);
  });

  it('fails on an unclosed, nested, stray or empty marker', () => {
    const report = parseReport(REPORT);
    expect(() => updateText('<!-- bench:points/engine -->\ntext\n', report, 'R.md')).toThrow(/R\.md:1: .* never closed/);
    expect(() => updateText('<!-- bench:points/engine -->\n<!-- bench:deid/ff1 -->\n<!-- /bench -->\n', report, 'R.md')).toThrow(
      /R\.md:2: .*inside/,
    );
    expect(() => updateText('text\n<!-- /bench -->\n', report, 'R.md')).toThrow(/R\.md:2: .*without an opening/);
    expect(() => updateText('<!-- bench: -->\n<!-- /bench -->\n', report, 'R.md')).toThrow(/names no benchmark/);
  });

  it('--check finds a stale block and writes nothing; a write brings it up to date', () => {
    const files = {
      'packages/points/README.md': readme(['points/engine', 'points/ledger']),
      'packages/points/README.zh-CN.md': readme(['points/engine', 'points/ledger']),
      'packages/deid/README.md': readme(['deid/ff1']),
      'packages/deid/README.zh-CN.md': readme(['deid/ff1']),
    };
    const root = fakeRepo(files);
    const checked = run(root, { check: true });
    expect(checked.problems).toHaveLength(4);
    expect(checked.problems[0]).toMatch(/^packages\/deid\/README\.md:8: bench block differs from bench\/REPORT\.md/);
    expect(readFileSync(join(root, 'packages/points/README.md'), 'utf8')).toBe(files['packages/points/README.md']);

    const written = run(root);
    expect(written.problems).toEqual([]);
    // Every row is quoted except points/engineering, which no block selects.
    expect(written.unquoted).toEqual(['points/engineering']);
    expect(written.written).toHaveLength(4);
    expect(run(root, { check: true }).problems).toEqual([]);

    // A regenerated report makes the blocks stale again.
    writeFileSync(join(root, 'bench/REPORT.md'), REPORT.replace('0.71×', '0.80×'));
    expect(run(root, { check: true }).problems).toEqual([
      expect.stringMatching(/^packages\/points\/README\.md:\d+: bench block differs/),
      expect.stringMatching(/^packages\/points\/README\.zh-CN\.md:\d+: bench block differs/),
    ]);
  });

  it('writes nothing when one block names an unknown benchmark', () => {
    const root = fakeRepo({
      'packages/points/README.md': readme(['points/engine']),
      'packages/points/README.zh-CN.md': readme(['points/engine']),
      'packages/deid/README.md': readme(['deid/nope']),
      'packages/deid/README.zh-CN.md': readme(['deid/ff1']),
    });
    const result = run(root);
    expect(result.written).toEqual([]);
    expect(result.problems).toContainEqual(expect.stringMatching(/^packages\/deid\/README\.md:7: bench:deid\/nope selects no row/));
    expect(readFileSync(join(root, 'packages/points/README.md'), 'utf8')).toContain('stale figures');
  });

  it('requires a block in both READMEs of every measured package, with the same names in the same order', () => {
    const root = fakeRepo({
      'packages/points/README.md': readme(['points/engine', 'points/ledger']),
      'packages/points/README.zh-CN.md': readme(['points/ledger', 'points/engine']),
      'packages/deid/README.md': '# @aisle/deid\n',
      'packages/deid/README.zh-CN.md': readme(['deid/ff1']),
    });
    const { problems } = run(root);
    expect(problems).toEqual([
      "packages/deid/README.zh-CN.md: bench blocks [deid/ff1] differ from its original's []",
      "packages/points/README.zh-CN.md: bench blocks [points/ledger, points/engine] differ from its original's [points/engine, points/ledger]",
      'packages/deid/README.md: no <!-- bench:deid/… --> block, but bench/REPORT.md has deid rows',
    ]);
  });

  it('fails on a missing or foreign report', () => {
    const root = fakeRepo({ 'README.md': '# x\n' }, '# not a report\n');
    expect(() => run(root)).toThrow(/no "Date …" line/);
    rmSync(join(root, 'bench/REPORT.md'));
    expect(() => run(root)).toThrow(/REPORT\.md is missing/);
  });
});

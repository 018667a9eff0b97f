// Scores detectPii against the labelled corpora in test/fixtures (used by the detection tests
// and by `pnpm --filter @aisle/deid run pii:eval`). A found span counts as a true positive only
// when its kind and its exact text match a label.
import { readFileSync } from 'node:fs';
import { detectPii, type PiiSpan } from '../src/index';

export interface Labelled {
  readonly text: string;
  readonly pii: readonly { readonly kind: string; readonly text: string }[];
}

export interface KindScore {
  readonly kind: string;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
}

/** The corpora, each with what it is (see test/fixtures/SOURCE.md). */
export const CORPORA = [
  { file: 'pii-corpus.jsonl', label: 'mixed retail notes (generated + hand-written hard cases)' },
  {
    file: 'pii-corpus-zh.jsonl',
    label: 'Chinese retail prose beside real-format order/waybill/transaction/invoice/meeting numbers (generated)',
  },
  { file: 'pii-corpus-hard.jsonl', label: 'hand-written hard cases (names without context, partial addresses, look-alike numbers)' },
] as const;

export function loadCorpus(file: string): Labelled[] {
  return readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Labelled);
}

export function scoreCorpus(lines: readonly Labelled[], detect: (text: string) => PiiSpan[] = (t) => detectPii(t)) {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const count = (kind: string) => {
    let c = counts.get(kind);
    if (c === undefined) {
      c = { tp: 0, fp: 0, fn: 0 };
      counts.set(kind, c);
    }
    return c;
  };
  const misses: string[] = [];
  for (const line of lines) {
    const expected = [...line.pii];
    for (const span of detect(line.text)) {
      const i = expected.findIndex((e) => e.kind === span.kind && e.text === span.text);
      if (i >= 0) {
        count(span.kind).tp++;
        expected.splice(i, 1);
      } else {
        count(span.kind).fp++;
        misses.push(`FP ${span.kind} "${span.text}" in: ${line.text}`);
      }
    }
    for (const e of expected) {
      count(e.kind).fn++;
      misses.push(`FN ${e.kind} "${e.text}" in: ${line.text}`);
    }
  }
  const rows: KindScore[] = [...counts].map(([kind, { tp, fp, fn }]) => ({
    kind,
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  }));
  return { rows, misses };
}

export function formatTable(rows: readonly KindScore[]): string {
  const lines = ['| kind | tp | fp | fn | precision | recall |', '| --- | --: | --: | --: | --: | --: |'];
  for (const r of rows) lines.push(`| ${r.kind} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} |`);
  return lines.join('\n');
}

// Types for scripts/bench-readme.mjs, for its tests (scripts/test/bench-readme.test.ts).
export declare class BenchReadmeError extends Error {}
export interface ReportRow {
  readonly [column: string]: string;
}
export interface Report {
  readonly date: string;
  readonly node: string;
  readonly cores: number;
  readonly loadStart: string;
  readonly loadEnd: string;
  readonly scale: string;
  /** The machine reference's CPU milliseconds at the report's start (bench/reference.mjs); absent in reports before 2026-12-01. */
  readonly reference?: string | undefined;
  readonly rows: readonly ReportRow[];
}
export declare function parseReport(text: string): Report;
export declare function selectRows(report: Report, name: string): ReportRow[];
export declare function table(header: readonly string[], body: readonly (readonly string[])[]): string[];
export declare function renderBlock(report: Report, name: string, lang: 'en' | 'zh-CN', where?: string): string[];
export declare function languageOf(path: string): 'en' | 'zh-CN';
export declare function updateText(text: string, report: Report, path: string): { text: string; names: string[] };
export declare function readmeFiles(root: string): string[];
export declare function run(
  root: string,
  options?: { check?: boolean },
): {
  problems: string[];
  written: string[];
  report: Report;
  unquoted: string[];
};

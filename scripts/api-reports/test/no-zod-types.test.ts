// Aisle's public types are its own: no validator's types (zod's included) may appear in a
// committed API report, so upgrading zod can never change Aisle's public API. `pnpm test` runs
// this with the unit tests; `api:check` makes sure the committed reports are the built ones.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = fileURLToPath(new URL('../../../packages/', import.meta.url));

/** What gives a zod type away in a report, with what to call it in the failure. */
const ZOD_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['a zod type (Zod…)', /\bZod[A-Z]\w*/],
  ['a zod core type ($Zod…)', /\$Zod\w*/],
  ['a zod namespace reference (z.…)', /(?<![\w$.])z\.[A-Za-z_$]/],
  ['an import of zod', /\bfrom\s+['"]zod(?:\/[\w-]+)*['"]|\bimport\(\s*['"]zod(?:\/[\w-]+)*['"]\s*\)|\brequire\(\s*['"]zod/],
];

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly what: string;
  readonly text: string;
}

/** Every line of `text` that names a zod type, with why. */
function zodTypesIn(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, index) => {
    const what = ZOD_PATTERNS.filter(([, pattern]) => pattern.test(line)).map(([name]) => name);
    if (what.length > 0) findings.push({ file, line: index + 1, what: what.join(', '), text: line.trim() });
  });
  return findings;
}

function apiReports(): string[] {
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const apiDir = join(packagesDir, entry.name, 'api');
      let files: string[];
      try {
        files = readdirSync(apiDir);
      } catch {
        return [];
      }
      return files.filter((file) => file.endsWith('.api.md')).map((file) => join(apiDir, file));
    })
    .sort();
}

describe('API reports', () => {
  it('name no zod type, in any report of any package', () => {
    const reports = apiReports();
    // Every package has at least one report; a wrong folder must not make this pass vacuously.
    expect(reports.length).toBeGreaterThanOrEqual(20);
    expect(reports.some((file) => file.endsWith('/consent/api/consent.api.md'))).toBe(true);
    const findings = reports.flatMap((file) => zodTypesIn(file.slice(packagesDir.length), readFileSync(file, 'utf8')));
    const files = new Set(findings.map((f) => f.file));
    const listed = findings.slice(0, 20).map((f) => `packages/${f.file}:${f.line}: ${f.what}: ${f.text}`);
    expect(
      listed,
      `${findings.length} line(s) of zod types in ${files.size} API report(s) (${[...files].join(', ')}); write Aisle's own types instead`,
    ).toEqual([]);
  });

  it('the check catches every way a zod type shows in a report', () => {
    const leaked = [
      "import * as z from 'zod/mini';",
      "import { z } from 'zod';",
      'export const ActorSchema: z.ZodMiniDiscriminatedUnion<[z.ZodMiniObject<{',
      '}, z.core.$strip>;',
      'export type Actor = z.infer<typeof ActorSchema>;',
      'export const RuleSchema: ZodMiniObject<{ id: ZodMiniString<string> }>;',
      'readonly schema: $ZodType;',
      "export type T = import('zod/v4/core').output<S>;",
    ];
    for (const line of leaked) expect(zodTypesIn('x.api.md', line), line).not.toEqual([]);
    const clean = [
      'export const ActorSchema: Schema<Actor, Actor>;',
      "readonly zone: string; // 'Asia/Shanghai'",
      'export type Zodiac = string;',
      'export function toUtc(tz.offset: number): void;',
      'readonly xyz: number;',
    ];
    for (const line of clean) expect(zodTypesIn('x.api.md', line), line).toEqual([]);
  });
});

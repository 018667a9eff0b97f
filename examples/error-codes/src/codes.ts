import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConsentErrorCode } from '@aisle/consent';
import { CoreErrorCode } from '@aisle/core';
import { CustodyErrorCode } from '@aisle/custody';
import { DeidErrorCode } from '@aisle/deid';
import { FootfallErrorCode } from '@aisle/footfall';
import { IdentityErrorCode } from '@aisle/identity';
import { IncidentsErrorCode } from '@aisle/incidents';
import { PointsErrorCode } from '@aisle/points';
import { PostgresErrorCode } from '@aisle/postgres';
import { SegmentErrorCode } from '@aisle/segments';

/** One documented error code: where it comes from and what its TSDoc says. */
export interface ErrorCodeInfo {
  readonly code: string;
  /** The package folder (`consent`) and its npm name (`@aisle/consent`). */
  readonly folder: string;
  readonly packageName: string;
  /** The error class the package throws it with. */
  readonly errorClass: string;
  /** The key in the package's code map (`INVALID_INPUT` for `CONSENT_INVALID_INPUT`). */
  readonly key: string;
  /** The TSDoc comment above the code in `packages/<folder>/src/errors.ts`, as plain text (may be empty). */
  readonly doc: string;
}

/** Every package's code map, as the package exports it at runtime: the list of codes is never copied by hand. */
const MAPS: readonly { folder: string; errorClass: string; codes: Readonly<Record<string, string>> }[] = [
  { folder: 'core', errorClass: 'AisleError', codes: CoreErrorCode },
  { folder: 'consent', errorClass: 'ConsentError', codes: ConsentErrorCode },
  { folder: 'deid', errorClass: 'DeidError', codes: DeidErrorCode },
  { folder: 'points', errorClass: 'PointsError', codes: PointsErrorCode },
  { folder: 'segments', errorClass: 'SegmentError', codes: SegmentErrorCode },
  { folder: 'footfall', errorClass: 'FootfallError', codes: FootfallErrorCode },
  { folder: 'identity', errorClass: 'IdentityError', codes: IdentityErrorCode },
  { folder: 'incidents', errorClass: 'IncidentError', codes: IncidentsErrorCode },
  { folder: 'custody', errorClass: 'CustodyError', codes: CustodyErrorCode },
  { folder: 'postgres', errorClass: 'PostgresError', codes: PostgresErrorCode },
];

/** The repository root (this file is examples/error-codes/src/codes.ts). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * TSDoc comments by code, read from the source text of `errors.ts`: a `/** … *\/` block directly
 * followed by `KEY: 'CODE'`. Tags (`@…`) and `{@link X}` markup are reduced to text.
 */
function docsOf(folder: string): Map<string, string> {
  const text = readFileSync(`${repoRoot}packages/${folder}/src/errors.ts`, 'utf8');
  const docs = new Map<string, string>();
  for (const m of text.matchAll(/\/\*\*((?:[^*]|\*(?!\/))*)\*\/\s*[A-Z0-9_]+\s*:\s*'([A-Z0-9_]+)'/g)) {
    const body = (m[1] ?? '')
      .split('\n')
      .map((line) => line.replace(/^\s*\*\s?/, '').trim())
      .filter((line) => !line.startsWith('@'))
      .join(' ')
      .replace(/\{@link\s+([^}|\s]+)(?:\s*\|\s*([^}]+))?\}/g, (_, target: string, label?: string) => `\`${label ?? target}\``)
      .replace(/\s+/g, ' ')
      .trim();
    docs.set(m[2] as string, body);
  }
  return docs;
}

/** Every error code of every package, in package order, then in the order the package declares them. */
export function errorCodes(): ErrorCodeInfo[] {
  return MAPS.flatMap(({ folder, errorClass, codes }) => {
    const docs = docsOf(folder);
    return Object.entries(codes).map(([key, code]) => ({
      code,
      folder,
      packageName: `@aisle/${folder}`,
      errorClass,
      key,
      doc: docs.get(code) ?? '',
    }));
  });
}

import { CustodyError, CustodyErrorCode } from '../errors';

/** The longest path a manifest accepts, in UTF-16 code units (Linux's PATH_MAX is 4096 bytes). */
export const MAX_PATH_LENGTH = 4096;

// Control characters (C0, DEL, C1) and the backslash: never in a manifest path.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * Why a path cannot be in a manifest, or `undefined` when it can: relative, `/`-separated, no
 * empty, `.` or `..` segments (so it can never name anything outside the directory), no
 * backslashes or control characters, at most {@link MAX_PATH_LENGTH} code units. Linear in the
 * path's length.
 */
export function pathProblem(path: unknown): string | undefined {
  if (typeof path !== 'string') return `expected a string, received ${path === null ? 'null' : typeof path}`;
  if (path.length === 0) return 'expected a non-empty relative path';
  if (path.length > MAX_PATH_LENGTH) return `expected at most ${MAX_PATH_LENGTH} characters, received ${path.length}`;
  if (FORBIDDEN.test(path)) return 'backslashes and control characters are not allowed';
  if (path.startsWith('/')) return 'absolute paths are not allowed';
  for (const segment of path.split('/')) {
    if (segment === '') return 'empty path segments ("//" or a trailing "/") are not allowed';
    if (segment === '..') return '".." segments would escape the directory';
    if (segment === '.') return '"." segments are not allowed';
  }
  return undefined;
}

/** Throws `CUSTODY_PATH_ESCAPE` unless {@link pathProblem} finds nothing. */
export function assertPath(path: unknown, where: string): string {
  const problem = pathProblem(path);
  if (problem !== undefined) {
    const shown = typeof path === 'string' ? JSON.stringify(path.slice(0, 120)) : String(typeof path);
    throw new CustodyError(CustodyErrorCode.PATH_ESCAPE, `${where}: ${problem}, received ${shown}`, { details: { where } });
  }
  return path as string;
}

/** Orders by UTF-16 code units, as canonical JSON orders keys (never by locale). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

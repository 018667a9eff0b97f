import { createHash } from 'node:crypto';

/**
 * The hex SHA-256 of `text`'s UTF-8 bytes with Node's native hash: the same digest as `hashBody`
 * of `@aisle/core` (a lone surrogate is encoded as U+FFFD by both), several times faster. The
 * adapter is Node-only; core keeps its portable hash. @internal
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

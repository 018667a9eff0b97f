import { ValidationError } from '@aisle/core';
import { describe } from './validate';

/**
 * A feed position: the writing transaction's id (xid8, 64-bit) and the entry's identity position.
 * Both travel as decimal text and are compared by the database as numbers, never as text.
 */
export interface FeedPosition {
  readonly tx: string;
  readonly position: string;
}

export const START: FeedPosition = { tx: '0', position: '0' };

const CURSOR = /^p1\.(0|[1-9]\d{0,19})\.(0|[1-9]\d{0,18})$/;

/** `p1.<tx>.<position>`: opaque to callers (the contract says so), readable in a log line. */
export function encodeCursor(at: FeedPosition): string {
  return `p1.${at.tx}.${at.position}`;
}

export function decodeCursor(cursor: unknown): FeedPosition {
  const match = typeof cursor === 'string' ? CURSOR.exec(cursor) : null;
  if (match === null || BigInt(match[1] as string) > 0xffff_ffff_ffff_ffffn || BigInt(match[2] as string) > 0x7fff_ffff_ffff_ffffn) {
    throw new ValidationError(
      [{ path: ['after'], message: `expected a cursor returned by feed() or heads(), received ${describe(cursor)}` }],
      {
        label: 'feed cursor',
      },
    );
  }
  return { tx: match[1] as string, position: match[2] as string };
}

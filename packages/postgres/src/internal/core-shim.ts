// TEMPORARY until @aisle/core exports entryBody/hashBody/parseEntryBody (same definitions).
import { AisleError, canonicalJson, CoreErrorCode, type Json, type NewStreamEntry, type StreamEntry } from '@aisle/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function entryBody(streamId: string, seq: number, prev: string, entry: NewStreamEntry): string {
  return canonicalJson({ v: 1, stream: streamId, seq, prev, id: entry.id, type: entry.type, data: entry.data });
}
export function hashBody(body: string): string {
  return bytesToHex(sha256(utf8ToBytes(body)));
}
export function parseEntryBody<T extends Json = Json>(body: string, hash: string): StreamEntry<T> {
  const value = JSON.parse(body) as Record<string, unknown>;
  if (value.v !== 1) throw new AisleError(CoreErrorCode.CHAIN_BROKEN, 'malformed', { details: { context: 'core', reason: 'malformed' } });
  return { streamId: value.stream as string, seq: value.seq as number, id: value.id as string, type: value.type as string, data: value.data as T, prev: value.prev as string, hash };
}

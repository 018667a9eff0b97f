import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../canonical-json';
import { AisleError, CoreErrorCode } from '../errors';
import { GENESIS_HASH } from '../hash-chain';
import { encodeUtf8 } from '../utf8';
import type { Checkpoint, StoredCheckpoint, StreamEntry, StreamHead, StreamStore } from './contract';
import { verifyStreamEntries } from './entry';

/**
 * The Merkle Tree Hash of RFC 6962 (§2.1) over stream heads, in the order given (stream-id
 * order in a checkpoint): each leaf is the UTF-8 canonical JSON `[streamId, length, head]`,
 * hashed as `SHA-256(0x00 ‖ leaf)`, and inner nodes as `SHA-256(0x01 ‖ left ‖ right)`, splitting
 * at the largest power of two below the count. The empty tree is `SHA-256("")`.
 *
 * @example
 * ```ts
 * import { merkleRoot } from '@aisle/core';
 *
 * merkleRoot([]); // 'e3b0c442…b855'
 * ```
 *
 * @public
 */
export function merkleRoot(heads: ReadonlyArray<StreamHead>): string {
  return bytesToHex(merkleOfBytes(heads.map((h) => encodeUtf8(canonicalJson([h.streamId, h.length, h.head])))));
}

/** RFC 6962 Merkle Tree Hash over raw leaf inputs (exported for known-answer tests). @internal */
export function merkleOfBytes(leaves: ReadonlyArray<Uint8Array>): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  // Level by level from the leaves up. Pairing adjacent nodes and carrying an odd last node up
  // unchanged gives exactly RFC 6962's largest-power-of-two split.
  let level: Uint8Array[] = leaves.map((leaf) => sha256(concatBytes(LEAF, leaf)));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(sha256(concatBytes(NODE, level[i] as Uint8Array, level[i + 1] as Uint8Array)));
    if (level.length % 2 === 1) next.push(level[level.length - 1] as Uint8Array);
    level = next;
  }
  return level[0] as Uint8Array;
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/**
 * The hash of a checkpoint's fields (all but `hash`).
 *
 * @example
 * ```ts
 * import { checkpointHash } from '@aisle/core';
 *
 * const ok = checkpointHash(kept) === kept.hash;
 * ```
 *
 * @public
 */
export function checkpointHash(checkpoint: Omit<Checkpoint, 'hash'>): string {
  const { sequence, previous, cut, entryCount, streamCount, root, algorithm } = checkpoint;
  return bytesToHex(sha256(encodeUtf8(canonicalJson({ sequence, previous, cut, entryCount, streamCount, root, algorithm }))));
}

/**
 * Takes a checkpoint: every stream's head at one stable cut of the feed, a Merkle root over them,
 * chained to the store's previous checkpoint. Stores it (with its leaves) and returns it: keep the
 * returned value outside the store and pass it to {@link verifyStore}. When another process
 * takes one at the same moment, this retries on the new latest.
 *
 * @throws {@link AisleError} `CORE_STORE_RETRIES_EXHAUSTED` after 5 lost races; the store's errors.
 *
 * @example
 * ```ts
 * import { createCheckpoint, createMemoryStreamStore, verifyStore } from '@aisle/core';
 *
 * const store = createMemoryStreamStore();
 * const kept = await createCheckpoint(store);
 * (await verifyStore(store, { checkpoint: kept })).ok; // true
 * ```
 *
 * @public
 */
export async function createCheckpoint(store: StreamStore): Promise<Checkpoint> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const previous = (await store.checkpoints()).at(-1);
    const { cut, heads } = await store.heads();
    let entryCount = 0;
    for (const head of heads) entryCount += head.length;
    const fields = {
      sequence: (previous?.sequence ?? 0) + 1,
      previous: previous?.hash ?? GENESIS_HASH,
      cut,
      entryCount,
      streamCount: heads.length,
      root: merkleRoot(heads),
      algorithm: 'sha256-merkle-v1' as const,
    };
    const checkpoint: Checkpoint = { ...fields, hash: checkpointHash(fields) };
    try {
      await store.saveCheckpoint({ checkpoint, leaves: heads });
      return checkpoint;
    } catch (error) {
      if (!AisleError.isInstance(error, CoreErrorCode.STORE_VERSION_CONFLICT)) throw error;
    }
  }
  throw new AisleError(CoreErrorCode.STORE_RETRIES_EXHAUSTED, 'Another process took a checkpoint on every one of 5 attempts');
}

/**
 * What {@link verifyStore} found wrong:
 * `hash` (an entry edited, or history rewritten under a checkpointed head), `link` (an entry
 * inserted or reordered), `sequence` (an entry at the wrong position), `malformed` (unreadable),
 * `truncated` (newest entries deleted), `missing` (a checkpointed stream deleted), `checkpoint`
 * (a stored checkpoint forged, replaced or missing, or the kept one does not match).
 *
 * @public
 */
export type StoreProblemKind = 'hash' | 'link' | 'sequence' | 'malformed' | 'truncated' | 'missing' | 'checkpoint';

/** @public */
export interface StoreProblem {
  readonly kind: StoreProblemKind;
  readonly streamId?: string | undefined;
  /** The first bad entry's position, where one is known. */
  readonly seq?: number | undefined;
  readonly message: string;
}

/**
 * Entries newer than the checkpoint: intact as far as their chain goes, but not yet covered by a
 * checkpoint kept outside the store, so their deletion could not be detected.
 *
 * @public
 */
export interface UncoveredEntries {
  readonly streamId: string;
  readonly fromSeq: number;
  readonly count: number;
}

/**
 * The report of {@link verifyStore}: `ok` when nothing is wrong (entries may still be uncovered).
 *
 * @public
 */
export interface StoreVerification {
  readonly ok: boolean;
  readonly streams: number;
  readonly entries: number;
  readonly problems: ReadonlyArray<StoreProblem>;
  readonly uncovered: ReadonlyArray<UncoveredEntries>;
}

/**
 * Options of {@link verifyStore}.
 *
 * @public
 */
export interface VerifyStoreOptions {
  /** The checkpoint kept outside the store. Without it, no deletion can be detected and every entry is uncovered. */
  readonly checkpoint?: Checkpoint | undefined;
  /** Only streams whose id starts with this (one package's streams). */
  readonly prefix?: string | undefined;
  /** Streams read per page (default 500). */
  readonly pageSize?: number | undefined;
}

/**
 * Verifies a whole store: every stream's chain (positions, links, hashes), its head row against
 * its entries, and, given a checkpoint kept outside, the stored checkpoint chain, the checkpoint's
 * leaves against its root, and every checkpointed stream against its leaf (missing, truncated,
 * rewritten). Entries newer than the checkpoint are reported as uncovered. Reads one stream at a
 * time; never throws for bad data.
 *
 * @example
 * ```ts
 * import { createCheckpoint, createMemoryStreamStore, verifyStore } from '@aisle/core';
 *
 * const store = createMemoryStreamStore();
 * await store.append('s-1', [{ id: 'e-1', type: 't', data: 1 }], { expectedVersion: 'no_stream' });
 * const kept = await createCheckpoint(store);
 * const report = await verifyStore(store, { checkpoint: kept });
 * report.ok; // true
 * report.uncovered; // []
 * ```
 *
 * @public
 */
export async function verifyStore(store: StreamStore, options: VerifyStoreOptions = {}): Promise<StoreVerification> {
  const problems: StoreProblem[] = [];
  const uncovered: UncoveredEntries[] = [];
  const prefix = options.prefix ?? '';
  const pageSize = options.pageSize ?? 500;
  let leaves: ReadonlyArray<StreamHead> = [];
  if (options.checkpoint !== undefined) leaves = await checkCheckpoints(store, options.checkpoint, problems);
  leaves = leaves.filter((leaf) => leaf.streamId.startsWith(prefix));

  let streams = 0;
  let entries = 0;
  let leafIndex = 0;
  const leafBefore = (streamId: string | undefined) => {
    // Leaves whose stream sorts before `streamId` (or all remaining) have no stream: deleted.
    while (leafIndex < leaves.length) {
      const leaf = leaves[leafIndex] as StreamHead;
      if (streamId !== undefined && leaf.streamId >= streamId) break;
      problems.push({
        kind: 'missing',
        streamId: leaf.streamId,
        message: `Stream ${leaf.streamId} (${leaf.length} entries at the checkpoint) is gone`,
      });
      leafIndex++;
    }
  };
  let after: string | undefined = prefix === '' ? undefined : prefixFloor(prefix);
  for (;;) {
    const ids = await store.streamIds({ after, limit: pageSize });
    let done = ids.length < pageSize;
    for (const streamId of ids) {
      if (!streamId.startsWith(prefix)) {
        if (streamId > prefix) done = true;
        continue;
      }
      leafBefore(streamId);
      const leaf = leaves[leafIndex]?.streamId === streamId ? (leaves[leafIndex++] as StreamHead) : undefined;
      streams++;
      let stream: ReadonlyArray<StreamEntry>;
      let version: number;
      try {
        const slice = await store.read(streamId);
        stream = slice.entries;
        version = slice.version;
      } catch (error) {
        if (!AisleError.isInstance(error, CoreErrorCode.CHAIN_BROKEN)) throw error;
        problems.push({ kind: 'malformed', streamId, message: `Stream ${streamId} holds an unreadable entry` });
        continue;
      }
      entries += stream.length;
      const verified = verifyStreamEntries(streamId, stream);
      if (!verified.ok) {
        const kind = verified.reason === 'stream' ? 'sequence' : verified.reason;
        problems.push({ kind, streamId, seq: verified.seq, message: verified.message });
      } else if (version > stream.length) {
        problems.push({
          kind: 'truncated',
          streamId,
          seq: stream.length,
          message: `Stream ${streamId} records ${version} entries but holds ${stream.length}: its newest entries were deleted`,
        });
      }
      if (leaf !== undefined) {
        if (stream.length < leaf.length) {
          problems.push({
            kind: 'truncated',
            streamId,
            seq: stream.length,
            message: `Stream ${streamId} holds ${stream.length} entries but the checkpoint covers ${leaf.length}`,
          });
        } else if (stream[leaf.length - 1]?.hash !== leaf.head && leaf.length > 0) {
          problems.push({
            kind: 'hash',
            streamId,
            seq: leaf.length - 1,
            message: `Entry ${leaf.length - 1} of ${streamId} is not the one the checkpoint covers: history was rewritten`,
          });
        }
        if (stream.length > leaf.length) uncovered.push({ streamId, fromSeq: leaf.length, count: stream.length - leaf.length });
      } else if (stream.length > 0) {
        uncovered.push({ streamId, fromSeq: 0, count: stream.length });
      }
    }
    if (done || ids.length === 0) break;
    after = ids[ids.length - 1];
  }
  leafBefore(undefined);
  return { ok: problems.length === 0, streams, entries, problems, uncovered };
}

/** The greatest string below every id starting with `prefix` is unknowable; start just before it. */
function prefixFloor(prefix: string): string | undefined {
  const last = prefix.charCodeAt(prefix.length - 1);
  return last === 0 ? prefix.slice(0, -1) || undefined : `${prefix.slice(0, -1) + String.fromCharCode(last - 1)}\uffff`;
}

async function checkCheckpoints(store: StreamStore, kept: Checkpoint, problems: StoreProblem[]): Promise<ReadonlyArray<StreamHead>> {
  if (checkpointHash(kept) !== kept.hash) {
    problems.push({ kind: 'checkpoint', message: `The kept checkpoint ${kept.sequence} does not match its own hash: it was altered` });
  }
  const chain = await store.checkpoints();
  let previous = GENESIS_HASH;
  for (const stored of chain) {
    if (stored.previous !== previous) {
      problems.push({ kind: 'checkpoint', message: `Stored checkpoint ${stored.sequence} does not link to the one before it` });
    }
    if (checkpointHash(stored) !== stored.hash) {
      problems.push({ kind: 'checkpoint', message: `Stored checkpoint ${stored.sequence} was altered: its fields do not match its hash` });
    }
    previous = stored.hash;
  }
  const stored: StoredCheckpoint | undefined = await store.loadCheckpoint(kept.sequence);
  if (stored === undefined) {
    problems.push({ kind: 'checkpoint', message: `The store has no checkpoint ${kept.sequence}: it was deleted` });
    return [];
  }
  if (stored.checkpoint.hash !== kept.hash) {
    problems.push({ kind: 'checkpoint', message: `Stored checkpoint ${kept.sequence} is not the one kept outside: it was replaced` });
  }
  if (merkleRoot(stored.leaves) !== kept.root || stored.leaves.length !== kept.streamCount) {
    problems.push({
      kind: 'checkpoint',
      message: `The stored leaves of checkpoint ${kept.sequence} do not reproduce its root: they were altered`,
    });
    return [];
  }
  return stored.leaves;
}

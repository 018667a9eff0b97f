import { canonicalJson, type Json } from '../canonical-json';
import { AisleError, CoreErrorCode } from '../errors';
import { GENESIS_HASH } from '../hash-chain';
import { ValidationError } from '../validation';
import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  DueTimer,
  FeedEntry,
  FeedPage,
  HeadsAtCut,
  NewStreamEntry,
  ReadSnapshotOptions,
  StoredCheckpoint,
  StreamEntry,
  StreamSlice,
  StreamSnapshot,
  StreamStore,
} from './contract';
import {
  checkAppend,
  checkSnapshotOptions,
  checkStreamId,
  describe,
  entryBodyOfText,
  hashBody,
  normaliseInstant,
  parseEntryBody,
} from './entry';

/** One stored entry: the canonical body and its hash, as a database row would hold them. */
interface Row {
  body: string;
  hash: string;
  readonly id: string;
  readonly position: number;
  /** Set when a tamper hook deletes the row, so the feed stops returning it as a database would. */
  deleted: boolean;
}

/** A stream: its rows and its head row (length and head hash), kept apart as an adapter keeps them. */
interface StreamRows {
  readonly rows: Row[];
  /** Entry id → position, for the retry check (a unique index in a database). */
  readonly ids: Map<string, number>;
  version: number;
  head: string;
  snapshot: string | undefined;
  snapshotVersion: number;
}

interface IdempotencyRecord {
  readonly fingerprint: string;
  readonly streamId: string;
  readonly from: number;
  readonly count: number;
}

/**
 * Raw access to an in-memory store's rows behind its back, for tamper tests (see
 * `describeStreamStore` in `@aisle/core/testing`). Never use it in production code.
 *
 * @public
 */
export interface RawStreamAccess {
  /** Rewrites an entry's data in its stored body without rehashing. */
  editData(streamId: string, seq: number, data: Json): Promise<void>;
  /** Swaps two stored entries of a stream (the rows trade places). */
  swap(streamId: string, a: number, b: number): Promise<void>;
  /** Deletes a stream's newest entries; with `rewriteHead` the head row is rewritten to match. */
  deleteNewest(streamId: string, count: number, options: { readonly rewriteHead: boolean }): Promise<void>;
  /** Deletes a whole stream (rows and head row). */
  deleteStream(streamId: string): Promise<void>;
  /** Overwrites fields of a stored checkpoint. */
  editCheckpoint(sequence: number, patch: Partial<Checkpoint>): Promise<void>;
}

/**
 * An in-memory store with raw row access for tests.
 *
 * @public
 */
export interface MemoryStreamStoreHarness {
  readonly store: StreamStore;
  readonly raw: RawStreamAccess;
}

/**
 * An in-memory {@link StreamStore}: the reference implementation of the contract, for tests, the
 * examples and single-process tools. Data is kept as canonical text (so callers' objects can never
 * reach it) and every operation is atomic; positions in the feed are assigned at commit, so the
 * feed is trivially gap-free.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStore } from '@aisle/core';
 *
 * const store = createMemoryStreamStore();
 * await store.append('consent:u-1', [{ id: 'e-1', type: 'consent.given', data: { purposeId: 'marketing.sms' } }], {
 *   expectedVersion: 'no_stream',
 * });
 * (await store.read('consent:u-1')).version; // 1
 * ```
 *
 * @public
 */
export function createMemoryStreamStore(): StreamStore {
  return createMemoryStreamStoreHarness().store;
}

/**
 * {@link createMemoryStreamStore} with raw access to its rows, for tamper tests.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStoreHarness } from '@aisle/core';
 *
 * const { store, raw } = createMemoryStreamStoreHarness();
 * ```
 *
 * @public
 */
export function createMemoryStreamStoreHarness(): MemoryStreamStoreHarness {
  const streams = new Map<string, StreamRows>();
  const feed: Array<{ readonly streamId: string; readonly row: Row }> = [];
  const idempotency = new Map<string, IdempotencyRecord>();
  const counters = new Map<string, number>();
  // timers per stream, keyed by timer key; `dueMs` for ordering.
  const timers = new Map<string, Map<string, { dueAt: string; dueMs: number }>>();
  const checkpoints = new Map<number, { checkpoint: Checkpoint; leaves: string }>();
  // Stream ids in code-unit order, rebuilt after a stream is created or deleted.
  let sortedIds: string[] | undefined;

  const entryOf = <T extends Json>(row: Row): StreamEntry<T> => parseEntryBody<T>(row.body, row.hash);

  const resultOf = <T extends Json>(
    streamId: string,
    stream: StreamRows,
    from: number,
    count: number,
    duplicate: boolean,
  ): AppendResult<T> => ({
    streamId,
    version: stream.version,
    head: stream.head,
    entries: stream.rows.slice(from, from + count).map((row) => entryOf<T>(row)),
    duplicate,
  });

  const store: StreamStore = {
    async append<T extends Json>(streamId: string, entries: ReadonlyArray<NewStreamEntry<T>>, options: AppendOptions) {
      const checked = checkAppend(streamId, entries, options);
      const stream = streams.get(streamId);
      const length = stream?.version ?? 0;
      const idem = options.idempotency;
      const idemKey = idem === undefined ? undefined : `${idem.scope ?? streamId}\u0000${idem.key}`;
      if (idemKey !== undefined && idem !== undefined) {
        const previous = idempotency.get(idemKey);
        if (previous !== undefined) {
          if (previous.fingerprint !== idem.fingerprint) {
            throw new AisleError(
              CoreErrorCode.STORE_IDEMPOTENCY_CONFLICT,
              `Idempotency key "${idem.key}" was used before for a different request`,
              {
                details: { scope: idem.scope ?? streamId, key: idem.key },
              },
            );
          }
          const original = streams.get(previous.streamId);
          if (original !== undefined) return resultOf<T>(previous.streamId, original, previous.from, previous.count, true);
        }
      }
      // A retry of an append whose response was lost: the same ids at the same positions.
      if (stream !== undefined) {
        const positions = entries.map((entry) => stream.ids.get(entry.id) ?? -1);
        const present = positions.filter((p) => p >= 0).length;
        if (present > 0) {
          const first = positions[0] ?? -1;
          const expectedFirst = typeof options.expectedVersion === 'number' ? options.expectedVersion : first;
          const contiguous = present === entries.length && first === expectedFirst && positions.every((p, i) => p === first + i);
          if (!contiguous) {
            throw new AisleError(
              CoreErrorCode.STORE_DUPLICATE_ID,
              `Stream ${streamId} already holds ${present} of the ${entries.length} entry ids, not as this exact append`,
              { details: { streamId, present, count: entries.length } },
            );
          }
          return resultOf<T>(streamId, stream, first, entries.length, true);
        }
      }
      const expected = options.expectedVersion;
      const matches =
        expected === 'any' ||
        (expected === 'no_stream' && length === 0) ||
        (expected === 'stream_exists' && length > 0) ||
        (typeof expected === 'number' && expected === length);
      if (!matches) {
        throw new AisleError(
          CoreErrorCode.STORE_VERSION_CONFLICT,
          `Stream ${streamId}: expected version ${String(expected)}, found ${length === 0 ? 'no stream' : length}`,
          { details: { streamId, expected, actual: length } },
        );
      }
      for (const move of options.counters ?? []) {
        const used = counters.get(move.key) ?? 0;
        if (move.delta > 0 && used + move.delta > move.limit) {
          throw new AisleError(
            CoreErrorCode.STORE_LIMIT_EXCEEDED,
            `Counter "${move.key}" would reach ${used + move.delta}, over its limit ${move.limit}`,
            { details: { key: move.key, used, delta: move.delta, limit: move.limit } },
          );
        }
      }
      // Everything is checked: commit (nothing below can fail for the caller's input).
      const target: StreamRows = stream ?? {
        rows: [],
        ids: new Map(),
        version: 0,
        head: GENESIS_HASH,
        snapshot: undefined,
        snapshotVersion: 0,
      };
      if (stream === undefined) {
        streams.set(streamId, target);
        sortedIds = undefined;
      }
      const from = target.version;
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i] as NewStreamEntry<T>;
        const body = entryBodyOfText(streamId, target.version, target.head, entry.id, entry.type, checked.data[i] as string);
        const row: Row = { body, hash: hashBody(body), id: entry.id, position: feed.length + 1, deleted: false };
        target.ids.set(entry.id, target.rows.length);
        target.rows.push(row);
        feed.push({ streamId, row });
        target.version += 1;
        target.head = row.hash;
      }
      if (options.snapshot !== undefined) {
        target.snapshot = checked.snapshot;
        target.snapshotVersion = target.version;
      }
      for (const move of options.counters ?? []) counters.set(move.key, (counters.get(move.key) ?? 0) + move.delta);
      if (options.timers !== undefined) {
        let mine = timers.get(streamId);
        if (mine === undefined) {
          mine = new Map();
          timers.set(streamId, mine);
        }
        for (const key of options.timers.clear ?? []) mine.delete(key);
        for (const timer of options.timers.set ?? []) {
          const dueAt = normaliseInstant(timer.dueAt);
          mine.set(timer.key, { dueAt, dueMs: Date.parse(dueAt) });
        }
      }
      if (idemKey !== undefined && idem !== undefined) {
        idempotency.set(idemKey, { fingerprint: idem.fingerprint, streamId, from, count: entries.length });
      }
      return resultOf<T>(streamId, target, from, entries.length, false);
    },

    async read<T extends Json = Json>(streamId: string, options: { from?: number | undefined; limit?: number | undefined } = {}) {
      checkStreamId(streamId);
      const from = options.from ?? 0;
      const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
      checkRange('from', from, 0);
      checkRange('limit', limit, 1);
      const stream = streams.get(streamId);
      if (stream === undefined) return { streamId, version: 0, head: GENESIS_HASH, entries: [] } satisfies StreamSlice<T>;
      return {
        streamId,
        version: stream.version,
        head: stream.head,
        entries: stream.rows.slice(from, from + limit).map((row) => entryOf<T>(row)),
      } satisfies StreamSlice<T>;
    },

    async readSnapshot(streamId: string, options?: ReadSnapshotOptions) {
      checkStreamId(streamId);
      const tail = checkSnapshotOptions(options);
      const stream = streams.get(streamId);
      const snapshotVersion = stream?.snapshot === undefined ? 0 : stream.snapshotVersion;
      const snapshot: StreamSnapshot = {
        streamId,
        version: stream?.version ?? 0,
        head: stream?.head ?? GENESIS_HASH,
        snapshotVersion,
        snapshot: stream?.snapshot === undefined ? undefined : (JSON.parse(stream.snapshot) as Json),
        ...(tail ? { tail: (stream?.rows ?? []).slice(snapshotVersion).map((row) => entryOf(row)) } : {}),
      };
      return snapshot;
    },

    async feed<T extends Json = Json>(options: { after?: string | undefined; limit?: number | undefined } = {}) {
      const after = options.after === undefined ? 0 : parseCursor(options.after);
      const limit = options.limit ?? 1000;
      checkRange('limit', limit, 1);
      const entries: FeedEntry<T>[] = [];
      for (let i = after; i < feed.length && entries.length < limit; i++) {
        const item = feed[i];
        if (item === undefined || item.row.deleted) continue;
        entries.push({ ...entryOf<T>(item.row), position: String(item.row.position) });
      }
      const last = entries.at(-1);
      const page: FeedPage<T> = { entries, cursor: last === undefined ? String(after) : last.position };
      return page;
    },

    async feedLag() {
      return { heldBackEntries: 0, oldestOpenMs: 0 };
    },

    async streamIds(options: { after?: string | undefined; limit?: number | undefined } = {}) {
      const limit = options.limit ?? 1000;
      checkRange('limit', limit, 1);
      const after = options.after;
      if (after !== undefined && typeof after !== 'string')
        throw new ValidationError([{ path: ['after'], message: `expected a stream id, received ${describe(after)}` }]);
      sortedIds ??= [...streams.keys()].sort(compareCodeUnits);
      const ids = sortedIds;
      let lo = 0;
      let hi = ids.length;
      while (after !== undefined && lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((ids[mid] as string) <= after) lo = mid + 1;
        else hi = mid;
      }
      return ids.slice(lo, lo + limit);
    },

    async heads() {
      sortedIds ??= [...streams.keys()].sort(compareCodeUnits);
      const ids = sortedIds;
      const result: HeadsAtCut = {
        cut: String(feed.length),
        heads: ids.map((streamId) => {
          const stream = streams.get(streamId) as StreamRows;
          return { streamId, length: stream.version, head: stream.head };
        }),
      };
      return result;
    },

    async counters(keys) {
      if (!Array.isArray(keys))
        throw new ValidationError([{ path: ['keys'], message: `expected an array of keys, received ${describe(keys)}` }]);
      return new Map(keys.map((key) => [key, counters.get(key) ?? 0] as const));
    },

    async dueTimers(options) {
      const at = normaliseInstantArg(options?.at);
      const limit = options.limit ?? 100;
      checkRange('limit', limit, 1);
      const atMs = Date.parse(at);
      const prefix = options.prefix ?? '';
      if (typeof prefix !== 'string')
        throw new ValidationError([{ path: ['prefix'], message: `expected a string, received ${describe(prefix)}` }]);
      const after = options.after === undefined ? undefined : checkAfter(options.after);
      const order = (a: { dueMs: number; streamId: string; key: string }, b: { dueMs: number; streamId: string; key: string }) =>
        a.dueMs - b.dueMs || compareCodeUnits(a.streamId, b.streamId) || compareCodeUnits(a.key, b.key);
      const due: Array<DueTimer & { dueMs: number }> = [];
      for (const [streamId, mine] of timers) {
        if (!streamId.startsWith(prefix)) continue;
        for (const [key, timer] of mine) {
          const candidate = { streamId, key, dueAt: timer.dueAt, dueMs: timer.dueMs };
          if (timer.dueMs <= atMs && (after === undefined || order(candidate, after) > 0)) due.push(candidate);
        }
      }
      due.sort(order);
      return due.slice(0, limit).map(({ streamId, key, dueAt }) => ({ streamId, key, dueAt }));
    },

    async saveCheckpoint(stored: StoredCheckpoint) {
      const sequence = stored?.checkpoint?.sequence;
      if (!Number.isSafeInteger(sequence) || sequence < 1) {
        throw new ValidationError([
          { path: ['checkpoint', 'sequence'], message: `expected a whole number >= 1, received ${describe(sequence)}` },
        ]);
      }
      if (checkpoints.has(sequence)) {
        throw new AisleError(CoreErrorCode.STORE_VERSION_CONFLICT, `Checkpoint ${sequence} is already stored`, {
          details: { checkpoint: sequence },
        });
      }
      checkpoints.set(sequence, { checkpoint: { ...stored.checkpoint }, leaves: canonicalJson(stored.leaves as unknown as Json) });
    },

    async checkpoints() {
      return [...checkpoints.keys()]
        .sort((a, b) => a - b)
        .map((sequence) => ({ ...(checkpoints.get(sequence) as { checkpoint: Checkpoint }).checkpoint }));
    },

    async loadCheckpoint(sequence) {
      const stored = checkpoints.get(sequence);
      if (stored === undefined) return undefined;
      return { checkpoint: { ...stored.checkpoint }, leaves: JSON.parse(stored.leaves) as StoredCheckpoint['leaves'] };
    },
  };

  const existing = (streamId: string): StreamRows => {
    const stream = streams.get(streamId);
    if (stream === undefined) throw new RangeError(`No stream ${streamId}`);
    return stream;
  };

  const raw: RawStreamAccess = {
    async editData(streamId, seq, data) {
      const row = existing(streamId).rows[seq];
      if (row === undefined) throw new RangeError(`No entry ${seq} in ${streamId}`);
      const parsed = JSON.parse(row.body) as Record<string, unknown>;
      parsed.data = data;
      row.body = canonicalJson(parsed as Json);
    },
    async swap(streamId, a, b) {
      const rows = existing(streamId).rows;
      const ra = rows[a];
      const rb = rows[b];
      if (ra === undefined || rb === undefined) throw new RangeError(`No entries ${a} and ${b} in ${streamId}`);
      rows[a] = rb;
      rows[b] = ra;
    },
    async deleteNewest(streamId, count, options) {
      const stream = existing(streamId);
      for (const row of stream.rows.splice(stream.rows.length - count, count)) row.deleted = true;
      if (options.rewriteHead) {
        stream.version = stream.rows.length;
        stream.head = stream.rows.at(-1)?.hash ?? GENESIS_HASH;
      }
    },
    async deleteStream(streamId) {
      for (const row of existing(streamId).rows) row.deleted = true;
      streams.delete(streamId);
      sortedIds = undefined;
      timers.delete(streamId);
    },
    async editCheckpoint(sequence, patch) {
      const stored = checkpoints.get(sequence);
      if (stored === undefined) throw new RangeError(`No checkpoint ${sequence}`);
      stored.checkpoint = { ...stored.checkpoint, ...patch };
    },
  };

  return { store, raw };
}

function parseCursor(cursor: unknown): number {
  if (typeof cursor !== 'string' || !/^(0|[1-9]\d{0,15})$/.test(cursor)) {
    throw new ValidationError([{ path: ['after'], message: `expected a cursor returned by feed(), received ${describe(cursor)}` }], {
      label: 'feed cursor',
    });
  }
  return Number(cursor);
}

function checkAfter(after: unknown): { dueMs: number; streamId: string; key: string } {
  const timer = (typeof after === 'object' && after !== null ? after : {}) as Partial<DueTimer>;
  if (typeof timer.streamId !== 'string' || typeof timer.key !== 'string' || typeof timer.dueAt !== 'string') {
    throw new ValidationError([{ path: ['after'], message: `expected a timer returned by dueTimers(), received ${describe(after)}` }]);
  }
  return { dueMs: Date.parse(normaliseInstantArg(timer.dueAt)), streamId: timer.streamId, key: timer.key };
}

function checkRange(name: string, value: unknown, min: number): void {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new ValidationError([{ path: [name], message: `expected a whole number >= ${min}, received ${describe(value)}` }]);
  }
}

function normaliseInstantArg(value: unknown): string {
  try {
    if (typeof value !== 'string') throw new Error();
    return normaliseInstant(value);
  } catch {
    throw new ValidationError([{ path: ['at'], message: `expected an ISO 8601 instant with an offset, received ${describe(value)}` }]);
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

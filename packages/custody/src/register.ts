import {
  AisleError,
  assertTimeZone,
  CoreErrorCode,
  decideAndRetry,
  defineId,
  type Json,
  localDate,
  type StreamEntry,
  startOfLocalDay,
  systemClock,
  toInstant,
  verifyStreamEntries,
} from '@aisle/core';
import { CustodyError, CustodyErrorCode } from './errors';
import { checkIntegrityInput, notRecorded, safeScan } from './internal/check-input';
import {
  accessFlags,
  CHECK_TIMER,
  checkCategories,
  checkPeople,
  openTaskIds,
  type Plan,
  type PlanContext,
  planCheck,
  planMigrationOut,
  planRegistration,
  requireActive,
  requireInOrder,
  requireState,
  summariseIntegrity,
  TASK_TIMER_PREFIX,
} from './internal/plan';
import {
  AccessSchema,
  assertKeyReference,
  assertMediumId,
  CheckFieldsSchema,
  check,
  isoAt,
  MigrationFieldsSchema,
  PermissionsChangeSchema,
  RegistrationSchema,
  RetireSchema,
} from './internal/shapes';
import { type Manifest, manifestHash, parseManifest } from './manifest';
import type { CustodyRegister, CustodyRegisterOptions, DueCheck, RegisterMediumInput, ScanResult } from './register-types';
import {
  type AccessRecord,
  applyCustodyEvent,
  type CheckRecord,
  type CustodyEvent,
  foldMedium,
  type MediumState,
  type Registration,
} from './state';
import { assertManifestOf, verifyManifest } from './verify';

const STREAM_PREFIX = 'custody:';
const streamOf = (mediumId: string) => `${STREAM_PREFIX}${mediumId}`;
const DAY = 86_400_000;
const EntryId = defineId('cev');

/**
 * The backup-custody register on a `StreamStore`: one append-only, hash-chained stream per
 * medium (`custody:<mediumId>`); every change an event; state a pure fold of the stream, kept
 * as the stream's snapshot; decisions appended with the loaded version (decide-and-retry); check
 * due dates and re-backup tasks kept as the store's timers, so `due`, `overdue` and `openTasks`
 * never fold every stream.
 *
 * @throws `RangeError` / `AisleError` `CORE_INVALID_TIME_ZONE` for bad options.
 *
 * @example
 * ```ts
 * import { createMemoryStreamStore } from '@aisle/core';
 * import { createCustodyRegister } from '@aisle/custody';
 *
 * const custody = createCustodyRegister({ store: createMemoryStreamStore(), zone: 'Asia/Shanghai' });
 * const overdue = await custody.overdue('2028-12-01T09:00:00+08:00');
 * ```
 *
 * @public
 */
export function createCustodyRegister(options: CustodyRegisterOptions): CustodyRegister {
  const store = options.store;
  if (typeof store?.append !== 'function' || typeof store.dueTimers !== 'function')
    throw new TypeError('createCustodyRegister: `store` must be a StreamStore');
  const zone = assertTimeZone(options.zone);
  const clock = options.clock ?? systemClock;
  const interval = options.checkInterval ?? { years: 2 };
  const total = Object.values(interval).reduce<number>((sum, n) => sum + (typeof n === 'number' ? Math.abs(n) : 0), 0);
  if (total === 0) throw new RangeError('checkInterval: expected a positive duration such as { years: 2 }');
  const maxAttempts = options.maxAttempts ?? 8;
  const context: PlanContext = { zone, interval, categories: options.categories === undefined ? undefined : new Set(options.categories) };
  const now = () => clock.now();

  /** Loads a medium's state from its snapshot (and any entries after it). */
  const stateOf = (loaded: {
    snapshot: Json | undefined;
    snapshotVersion: number;
    entries: ReadonlyArray<StreamEntry>;
  }): MediumState | undefined => {
    let state = loaded.snapshotVersion > 0 ? (loaded.snapshot as unknown as MediumState | undefined) : undefined;
    for (const entry of loaded.entries) state = applyCustodyEvent(state, entry as unknown as CustodyEvent);
    return state;
  };

  /** Decides against the loaded state, appends with its version, retries on conflicts. */
  const decideOn = async <R>(
    mediumId: string,
    decide: (state: MediumState | undefined) => { plan: Plan; result: (state: MediumState) => R },
  ) => {
    // One random id per request, kept across retries: two different requests never share entry
    // ids (the store would take the second for a replay of the first), and a retry of this one
    // after a lost response meets its own ids (CORE_STORE_DUPLICATE_ID) instead of writing twice.
    const requestId = EntryId.generate({ clock, ...(options.random === undefined ? {} : { random: options.random }) });
    const outcome = await decideAndRetry({
      store,
      streamId: streamOf(mediumId),
      load: 'snapshot',
      maxAttempts,
      decide(loaded) {
        const before = stateOf(loaded);
        const { plan, result } = decide(before);
        let after = before;
        for (const event of plan.events) after = applyCustodyEvent(after, event);
        return {
          entries: plan.events.map((event, i) => ({
            id: `${requestId}.${i}`,
            type: event.type,
            data: event.data as unknown as Json,
          })),
          snapshot: after as unknown as Json,
          timers: plan.timers,
          result: result(after as MediumState),
        };
      },
    });
    return outcome.result;
  };

  const readState = async (mediumId: string): Promise<MediumState | undefined> => {
    const snap = await store.readSnapshot(streamOf(mediumId));
    if (snap.version === 0) return undefined;
    if (snap.snapshotVersion === snap.version) return snap.snapshot as unknown as MediumState;
    const rest = await store.read(streamOf(mediumId), { from: snap.snapshotVersion });
    return stateOf({ snapshot: snap.snapshot, snapshotVersion: snap.snapshotVersion, entries: rest.entries });
  };

  const readVerified = async (mediumId: string): Promise<ReadonlyArray<StreamEntry>> => {
    const streamId = streamOf(mediumId);
    const slice = await store.read(streamId);
    const verification = verifyStreamEntries(streamId, slice.entries);
    if (!verification.ok) {
      throw new AisleError(CoreErrorCode.CHAIN_BROKEN, `The custody stream of medium ${JSON.stringify(mediumId)} failed verification`, {
        details: { context: 'custody', streamId, index: verification.seq, reason: verification.reason, problem: verification.message },
      });
    }
    return slice.entries;
  };

  const parseRegistration = (input: RegisterMediumInput, label: string): { registration: Registration; manifest: Manifest } => {
    if (typeof input !== 'object' || input === null) throw new CustodyError(CustodyErrorCode.INVALID_INPUT, `${label}: expected an object`);
    const { manifest: rawManifest, ...rest } = input;
    const registration = check(RegistrationSchema, rest, label) as Registration;
    if (registration.madeBy === registration.checkedBy) {
      throw new CustodyError(
        CustodyErrorCode.CHECKER_IS_MAKER,
        `${label}: checkedBy must be another person than madeBy (both are ${JSON.stringify(registration.madeBy)})`,
        { details: { mediumId: registration.id } },
      );
    }
    assertKeyReference(registration.encryption.keyRef);
    checkCategories(registration.contents.categories, context, `${label}.contents.categories`);
    checkPeople(registration.responsible, registration.permissions, context);
    if (Date.parse(registration.madeAt) > now().getTime()) {
      throw new CustodyError(CustodyErrorCode.INVALID_INPUT, `${label}.madeAt: ${registration.madeAt} is in the future`);
    }
    const manifest = parseManifest(rawManifest);
    assertManifestOf(manifest, registration.id, `${label}.manifest`);
    return { registration: { ...registration, madeAt: toInstant(registration.madeAt).toISOString() }, manifest };
  };

  const dueList = async (cutoff: Date, at: Date, limit: number | undefined): Promise<DueCheck[]> => {
    const timers = await store.dueTimers({ at: cutoff.toISOString(), limit: limit ?? 1000, prefix: STREAM_PREFIX });
    const today = startOfLocalDay(at, zone).getTime();
    return timers
      .filter((t) => t.key === CHECK_TIMER && t.streamId.startsWith(STREAM_PREFIX))
      .map((t) => ({
        mediumId: t.streamId.slice(STREAM_PREFIX.length),
        dueAt: t.dueAt,
        dueDate: localDate(t.dueAt, zone),
        daysOverdue: Math.max(0, Math.round((today - Date.parse(t.dueAt)) / DAY)),
      }));
  };

  return {
    zone,

    async register(input) {
      const { registration, manifest } = parseRegistration(input, 'registration');
      const at = now().toISOString();
      return decideOn(registration.id, (state) => {
        if (state !== undefined) {
          throw new CustodyError(CustodyErrorCode.ALREADY_REGISTERED, `Medium ${JSON.stringify(registration.id)} is already registered`, {
            details: { mediumId: registration.id },
          });
        }
        return { plan: planRegistration(registration, manifest, at, context), result: (s) => s };
      });
    },

    async setPermissions(mediumId, input) {
      assertMediumId(mediumId, 'mediumId');
      const fields = check(PermissionsChangeSchema, input, 'permissions');
      checkPeople(fields.responsible, fields.permissions, context);
      const at = isoAt(fields.at, now);
      return decideOn(mediumId, (loaded) => {
        const state = requireState(loaded, mediumId);
        requireActive(state);
        requireInOrder(state, at);
        const { at: _at, ...rest } = fields;
        return { plan: { events: [{ type: 'medium.permissions-set', data: { at, ...rest } }], timers: {} }, result: (s) => s };
      });
    },

    async recordCheck(mediumId, input) {
      assertMediumId(mediumId, 'mediumId');
      const fields = check(CheckFieldsSchema, input, 'check');
      const scanner = input.scanner;
      if (typeof scanner?.scan !== 'function' || typeof scanner.name !== 'string' || scanner.name.length === 0) {
        throw new CustodyError(CustodyErrorCode.INVALID_INPUT, 'check.scanner: expected a MalwareScanner ({ name, scan })');
      }
      const at = isoAt(fields.at, now);
      // Fail before scanning when the medium is unknown, closed, or the report is not for it.
      const current = requireState(await readState(mediumId), mediumId);
      requireActive(current);
      requireInOrder(current, at);
      const integrity = checkIntegrityInput(input.integrity, fields.readable, current);
      let malware: CheckRecord['malware'] = null;
      if (fields.readable) {
        let result: ScanResult;
        try {
          result = await scanner.scan({ mediumId, at });
        } catch (cause) {
          throw new CustodyError(
            CustodyErrorCode.SCANNER_FAILED,
            `The malware scanner ${JSON.stringify(scanner.name)} failed; no check was recorded`,
            { cause },
          );
        }
        const parsed = safeScan(result, scanner.name);
        malware = { scanner: scanner.name, ...parsed };
      }
      const record = {
        at,
        by: fields.by,
        readable: fields.readable,
        integrity: integrity === undefined ? null : summariseIntegrity(integrity),
        malware,
        ...(fields.notes === undefined ? {} : { notes: fields.notes }),
      };
      return decideOn(mediumId, (loaded) => {
        const state = requireState(loaded, mediumId);
        requireActive(state);
        requireInOrder(state, at);
        if (integrity !== undefined && integrity.manifestHash !== state.manifest.hash) notRecorded(mediumId);
        const plan = planCheck(state, record, context);
        // The check just appended is the state's newest.
        return { plan, result: (s) => ({ state: s, check: s.checks[s.checks.length - 1] as CheckRecord }) };
      });
    },

    async recordAccess(mediumId, input) {
      assertMediumId(mediumId, 'mediumId');
      const fields = check(AccessSchema, input, 'access');
      const at = isoAt(fields.at, now);
      return decideOn(mediumId, (loaded) => {
        const state = requireState(loaded, mediumId);
        requireActive(state);
        requireInOrder(state, at);
        const access: AccessRecord = { ...fields, at, flags: accessFlags(state, fields.by, fields.approvedBy) };
        return { plan: { events: [{ type: 'access.recorded', data: access }], timers: {} }, result: (s) => ({ state: s, access }) };
      });
    },

    async migrate(input) {
      if (typeof input !== 'object' || input === null)
        throw new CustodyError(CustodyErrorCode.INVALID_INPUT, 'migration: expected an object');
      const fields = check(
        MigrationFieldsSchema,
        { from: input.from, reason: input.reason, by: input.by, at: input.at, notes: input.notes },
        'migration',
      );
      const { registration, manifest } = parseRegistration(input.to, 'migration.to');
      if (registration.id === fields.from)
        throw new CustodyError(CustodyErrorCode.INVALID_INPUT, 'migration.to.id: the new medium must be another medium than the old one');
      const oldManifest = parseManifest(input.oldManifest);
      assertManifestOf(oldManifest, fields.from, 'migration.oldManifest');
      const at = isoAt(fields.at, now);
      const old = requireState(await readState(fields.from), fields.from);
      requireActive(old);
      requireInOrder(old, at);
      if (manifestHash(oldManifest) !== old.manifest.hash) notRecorded(fields.from);
      // Checked before intake: the new medium must hold exactly what the old one's manifest lists.
      const report = verifyManifest(oldManifest, manifest);
      if (!report.ok) {
        throw new CustodyError(
          CustodyErrorCode.MIGRATION_MISMATCH,
          `The new medium ${JSON.stringify(registration.id)} does not match ${JSON.stringify(fields.from)}: ${report.missing.length} missing, ${report.extra.length} extra, ${report.changed.length} changed; nothing was recorded`,
          { details: { report } },
        );
      }
      const migratedFrom = { mediumId: fields.from, reason: fields.reason, taskIds: openTaskIds(old) };
      // The new medium first: if the second append fails, a retry of the same migration finds it
      // registered from this medium and only closes the old one.
      const existing = await readState(registration.id);
      let to: MediumState;
      if (existing?.migratedFrom?.mediumId === fields.from && existing.manifest.hash === manifestHash(manifest)) to = existing;
      else {
        to = await decideOn(registration.id, (state) => {
          if (state !== undefined) {
            throw new CustodyError(CustodyErrorCode.ALREADY_REGISTERED, `Medium ${JSON.stringify(registration.id)} is already registered`, {
              details: { mediumId: registration.id },
            });
          }
          return { plan: planRegistration(registration, manifest, at, context, migratedFrom), result: (s) => s };
        });
      }
      const from = await decideOn(fields.from, (loaded) => {
        const state = requireState(loaded, fields.from);
        requireActive(state);
        requireInOrder(state, at);
        const plan = planMigrationOut(state, {
          at,
          by: fields.by,
          toMediumId: registration.id,
          reason: fields.reason,
          ...(fields.notes === undefined ? {} : { notes: fields.notes }),
        });
        return { plan, result: (s) => s };
      });
      return { from, to, report };
    },

    async retire(mediumId, input) {
      assertMediumId(mediumId, 'mediumId');
      const fields = check(RetireSchema, input, 'retirement');
      const at = isoAt(fields.at, now);
      return decideOn(mediumId, (loaded) => {
        const state = requireState(loaded, mediumId);
        if (state.status === 'retired') requireActive(state);
        requireInOrder(state, at);
        const open = openTaskIds(state);
        if (open.length > 0) {
          throw new CustodyError(
            CustodyErrorCode.OPEN_TASKS,
            `Medium ${JSON.stringify(mediumId)} has open re-backup tasks (${open.join(', ')}): migrate it to a new medium before retiring it`,
            { details: { mediumId, taskIds: open } },
          );
        }
        const { at: _at, ...rest } = fields;
        return {
          plan: { events: [{ type: 'medium.retired', data: { at, ...rest } }], timers: { clear: [CHECK_TIMER] } },
          result: (s) => s,
        };
      });
    },

    async medium(mediumId, opts = {}) {
      assertMediumId(mediumId, 'mediumId');
      if (opts.verify) return requireState(foldMedium(await readVerified(mediumId)), mediumId);
      return requireState(await readState(mediumId), mediumId);
    },

    async media() {
      const out: MediumState[] = [];
      let after = STREAM_PREFIX;
      for (;;) {
        const ids = await store.streamIds({ after, limit: 1000 });
        for (const id of ids) {
          if (!id.startsWith(STREAM_PREFIX)) return out;
          const state = await readState(id.slice(STREAM_PREFIX.length));
          if (state !== undefined) out.push(state);
        }
        if (ids.length < 1000) return out;
        after = ids[ids.length - 1] as string;
      }
    },

    async history(mediumId) {
      assertMediumId(mediumId, 'mediumId');
      const entries = await readVerified(mediumId);
      if (entries.length === 0) requireState(undefined, mediumId);
      foldMedium(entries); // refuses a malformed stream before anyone reads it as history
      return entries.map((entry) => ({
        seq: entry.seq,
        hash: entry.hash,
        event: { type: entry.type, data: entry.data } as unknown as CustodyEvent,
      }));
    },

    async due(at, opts = {}) {
      const instant = at === undefined ? now() : toInstant(at);
      const endOfDay = new Date(startOfLocalDay(new Date(startOfLocalDay(instant, zone).getTime() + 36 * 3_600_000), zone).getTime() - 1);
      return dueList(endOfDay, instant, opts.limit);
    },

    async overdue(at, opts = {}) {
      const instant = at === undefined ? now() : toInstant(at);
      return dueList(new Date(startOfLocalDay(instant, zone).getTime() - 1), instant, opts.limit);
    },

    async openTasks(opts = {}) {
      const timers = await store.dueTimers({ at: '9999-12-31T23:59:59.999Z', limit: opts.limit ?? 10_000, prefix: STREAM_PREFIX });
      return timers
        .filter((t) => t.key.startsWith(TASK_TIMER_PREFIX) && t.streamId.startsWith(STREAM_PREFIX))
        .map((t) => ({
          mediumId: t.streamId.slice(STREAM_PREFIX.length),
          taskId: t.key.slice(TASK_TIMER_PREFIX.length),
          openedAt: t.dueAt,
        }));
    },
  };
}

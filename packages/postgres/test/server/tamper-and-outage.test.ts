import { AisleError, CoreErrorCode, createCheckpoint, verifyStore } from '@aisle/core';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createPostgresStreamStore, migrate } from '../../src/index';
import { describeServer, freshSchema, gated, pool, url } from './server';

const entry = (id: string) => ({ id, type: 't', data: { id } });

describeServer('rows edited with plain SQL, and the database going away (PostgreSQL server)', () => {
  const db = pool(10);

  it('verifyStore names every kind of tampering done with plain SQL in one store', async () => {
    const schema = freshSchema('tamper');
    await migrate(db, { schema });
    const store = createPostgresStreamStore(db, { schema });
    for (const id of ['edited', 'swapped', 'truncated', 'deleted', 'intact']) {
      await store.append(id, [entry(`${id}-0`), entry(`${id}-1`), entry(`${id}-2`)], { expectedVersion: 'no_stream' });
    }
    const kept = await createCheckpoint(store);
    const q = (sql: string) => db.query(sql.replaceAll('$s', `"${schema}"`));
    // A middle entry's body edited (its jsonb copy too, as someone covering their tracks would).
    await q(
      `UPDATE $s.entries SET body = replace(body, '"edited-1"}', '"EDITED"}'), data = '{"id":"EDITED"}' WHERE stream_id = 'edited' AND seq = 1`,
    );
    // Two entries swapped.
    await q(`UPDATE $s.entries SET seq = -1 WHERE stream_id = 'swapped' AND seq = 0`);
    await q(`UPDATE $s.entries SET seq = 0 WHERE stream_id = 'swapped' AND seq = 2`);
    await q(`UPDATE $s.entries SET seq = 2 WHERE stream_id = 'swapped' AND seq = -1`);
    // The newest entry deleted and the head row rewritten to match.
    await q(`DELETE FROM $s.entries WHERE stream_id = 'truncated' AND seq = 2`);
    await q(
      `UPDATE $s.streams SET version = 2, head = (SELECT hash FROM $s.entries WHERE stream_id = 'truncated' AND seq = 1) WHERE stream_id = 'truncated'`,
    );
    // A whole stream deleted.
    await q(`DELETE FROM $s.entries WHERE stream_id = 'deleted'`);
    await q(`DELETE FROM $s.streams WHERE stream_id = 'deleted'`);
    // The stored checkpoint edited.
    await q(`UPDATE $s.checkpoints SET entry_count = entry_count - 3 WHERE sequence = ${kept.sequence}`);

    const report = await verifyStore(store, { checkpoint: kept });
    const named = (kind: string, streamId?: string) =>
      report.problems.some((p) => p.kind === kind && (streamId === undefined || p.streamId === streamId));
    expect(report.ok).toBe(false);
    expect(named('hash', 'edited')).toBe(true);
    expect(named('sequence', 'swapped') || named('link', 'swapped')).toBe(true);
    expect(named('truncated', 'truncated')).toBe(true);
    expect(named('missing', 'deleted')).toBe(true);
    expect(named('checkpoint')).toBe(true);
    expect(report.problems.some((p) => p.streamId === 'intact')).toBe(false);
  });

  it('a connection killed mid-append is CORE_STORE_UNAVAILABLE, writes nothing, and the retry applies once', async () => {
    const schema = freshSchema('outage');
    await migrate(db, { schema });
    const victimPool = pool(2);
    const slow = gated(victimPool);
    const store = createPostgresStreamStore(db, { schema });
    const slowStore = createPostgresStreamStore(slow, { schema });
    await store.append('s', [entry('s0')], { expectedVersion: 'no_stream' });
    victimPool.on('error', () => {}); // the terminated idle client reports here
    const gate = slow.hold('COMMIT');
    const attempt = slowStore.append('s', [entry('s1'), entry('s2')], {
      expectedVersion: 1,
      idempotency: { key: 'k1', fingerprint: 'f1' },
      counters: [{ key: 'c', delta: 1, limit: 10 }],
    });
    await gate.reached;
    // The server drops the connection while the transaction is open (an outage, a failover).
    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction' AND query LIKE '%${schema}%'`,
    );
    gate.release();
    const error = await attempt.catch((e: unknown) => e);
    expect(AisleError.isInstance(error, CoreErrorCode.STORE_UNAVAILABLE)).toBe(true);
    expect((await store.read('s')).version).toBe(1);
    expect((await store.counters(['c'])).get('c')).toBe(0);
    const retried = await store.append('s', [entry('s1'), entry('s2')], {
      expectedVersion: 1,
      idempotency: { key: 'k1', fingerprint: 'f1' },
      counters: [{ key: 'c', delta: 1, limit: 10 }],
    });
    expect(retried.duplicate).toBe(false);
    expect((await store.read('s')).version).toBe(3);
    const again = await store.append('s', [entry('s1'), entry('s2')], {
      expectedVersion: 1,
      idempotency: { key: 'k1', fingerprint: 'f1' },
    });
    expect(again.duplicate).toBe(true);
    expect((await store.counters(['c'])).get('c')).toBe(1);
  });

  it('a statement timeout (a blocked head row) is CORE_STORE_UNAVAILABLE and writes nothing', async () => {
    const schema = freshSchema('timeout');
    await migrate(db, { schema });
    const store = createPostgresStreamStore(db, { schema });
    await store.append('s', [entry('s0')], { expectedVersion: 'no_stream' });
    const blocker = await db.connect();
    const impatient = new pg.Pool({ connectionString: url, max: 1, statement_timeout: 200 });
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT 1 FROM "${schema}".streams WHERE stream_id = 's' FOR UPDATE`);
      const error = await createPostgresStreamStore(impatient, { schema })
        .append('s', [entry('s1')], { expectedVersion: 'any' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: CoreErrorCode.STORE_UNAVAILABLE, details: { sqlState: '57014' } });
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
      await impatient.end();
    }
    expect((await store.read('s')).version).toBe(1);
  });
});

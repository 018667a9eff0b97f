// The floor every bench of this package measures in the same run: a minimal transaction that
// inserts one journal row and updates one balance row for the same member (what any ledger on
// PostgreSQL must at least do), and, for reads, one primary-key SELECT of that balance row.
//
// The write floor the targets are measured against is `floorWriteOneStatement`: the insert and
// the update in one statement (a data-modifying CTE, its own transaction), one round trip, as a
// strong engineer writes this transaction for throughput and as the stores write an append. The
// BEGIN; INSERT; UPDATE; COMMIT form (`floorWrite`, four round trips) was the floor until
// 2026-12-01, and ratios against it flattered every store write (one statement each): on that
// day's machine, where a round trip is dear, it ran at 0.56-0.57x the one statement's throughput
// at 32 clients in `pnpm bench:report`. bench/domain.ts still measures it every run, prints each
// store write against both floors and records its own ratio to the one-statement floor.
import type pg from 'pg';

/** Creates the floor's tables in `schema` with `members` balance rows (`member-0` …). */
export async function createFloor(admin: pg.Pool, schema: string, members: number): Promise<void> {
  await admin.query(
    `CREATE TABLE ${schema}.floor_journal (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, member text NOT NULL, amount integer NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
  );
  await admin.query(`CREATE TABLE ${schema}.floor_balance (member text PRIMARY KEY, balance bigint NOT NULL)`);
  await admin.query(`INSERT INTO ${schema}.floor_balance SELECT 'member-' || g, 0 FROM generate_series(0, $1::int - 1) g`, [members]);
}

/**
 * The floor write: BEGIN; INSERT journal; UPDATE balance; COMMIT — with named prepared statements
 * when the stores it is compared with use them (`prepared`), so both sides plan once per connection.
 */
export const floorWrite =
  (pool: pg.Pool, schema: string, prepared = false) =>
  async (member: string) => {
    const client = await pool.connect();
    const insert = `INSERT INTO ${schema}.floor_journal (member, amount) VALUES ($1, $2)`;
    const update = `UPDATE ${schema}.floor_balance SET balance = balance + $2 WHERE member = $1`;
    try {
      await client.query('BEGIN');
      await client.query(prepared ? { name: 'floor_insert', text: insert, values: [member, 10] } : { text: insert, values: [member, 10] });
      await client.query(prepared ? { name: 'floor_update', text: update, values: [member, 10] } : { text: update, values: [member, 10] });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    return 0;
  };

/**
 * The floor write in one statement: `WITH j AS (INSERT journal) UPDATE balance`, one round trip
 * and one implicit transaction (a named prepared statement when `prepared`). The strong floor:
 * see the top of this file.
 */
export const floorWriteOneStatement = (pool: pg.Pool, schema: string, prepared = false) => {
  const text = `WITH j AS (INSERT INTO ${schema}.floor_journal (member, amount) VALUES ($1, $2))
UPDATE ${schema}.floor_balance SET balance = balance + $2 WHERE member = $1`;
  return async (member: string) => {
    const { rowCount } = await pool.query(prepared ? { name: 'floor_one', text, values: [member, 10] } : { text, values: [member, 10] });
    if (rowCount !== 1) throw new Error(`floor: no balance row for ${member}`);
    return 0;
  };
};

/** The floor read: one primary-key SELECT (a named prepared statement when `prepared`). */
export const floorRead =
  (pool: pg.Pool, schema: string, prepared = false) =>
  async (member: string) => {
    const text = `SELECT balance FROM ${schema}.floor_balance WHERE member = $1`;
    await pool.query(prepared ? { name: 'floor_read', text, values: [member] } : { text, values: [member] });
    return 0;
  };

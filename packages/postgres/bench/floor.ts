// The floor every bench of this package measures in the same run: a minimal transaction that
// inserts one journal row and updates one balance row for the same member (what any ledger on
// PostgreSQL must at least do), and, for reads, one primary-key SELECT of that balance row.
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

/** The floor read: one primary-key SELECT (a named prepared statement when `prepared`). */
export const floorRead =
  (pool: pg.Pool, schema: string, prepared = false) =>
  async (member: string) => {
    const text = `SELECT balance FROM ${schema}.floor_balance WHERE member = $1`;
    await pool.query(prepared ? { name: 'floor_read', text, values: [member] } : { text, values: [member] });
    return 0;
  };

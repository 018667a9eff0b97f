import { type Entries, entry } from '../entry';

/** @aisle/postgres */
export const postgres: Entries = {
  POSTGRES_INVALID_SCHEMA: entry(
    [
      'A schema name with characters other than `a-z`, `0-9` and `_` (a hyphen, capitals), or starting with a digit or `pg_`.',
      'Use a plain lower-case identifier (`aisle_demo`).',
    ],
    [
      '模式名不是 1–63 个 `a-z`、`0-9`、`_` 字符，或不以字母或 `_` 开头。',
      '模式名含 `a-z`、`0-9`、`_` 以外的字符（连字符、大写），或以数字或 `pg_` 开头。',
      '使用小写标识符（如 `aisle_demo`）。',
    ],
  ),
  POSTGRES_MIGRATION_CHECKSUM: entry(
    [
      'An applied migration differs from the SQL this package ships: changed by hand, or applied by another build.',
      'Find what changed (the error names the migration); restore the shipped SQL, or rebuild a database you can rebuild.',
    ],
    [
      '已应用迁移的校验和与本包附带的 SQL 不同：模式被手工或其他构建修改过。',
      '已应用的迁移与本包附带的 SQL 不一致：被手工修改，或由其他构建应用。',
      '查明改动（错误会指出哪个迁移）；恢复附带的 SQL，或重建可重建的数据库。',
    ],
  ),
  POSTGRES_SCHEMA_TOO_NEW: entry(
    [
      'An older `@aisle/postgres` against a schema migrated by a newer one (a rollback of the application only).',
      'Upgrade the package everywhere that uses the schema; never downgrade a schema.',
    ],
    [
      '数据库中有比本包更新的迁移：请升级本包，不要降级模式。',
      '较旧的 `@aisle/postgres` 连接到由较新版本迁移过的模式（只回滚了应用）。',
      '在所有使用该模式的地方升级本包；不要降级模式。',
    ],
  ),
  POSTGRES_SCHEMA_NOT_MIGRATED: entry(
    [
      'A database whose Aisle schema was never created or only partly migrated.',
      'Run `migrate()` in code or `aisle-postgres migrate` in deployment.',
    ],
    [
      '模式未迁移（或只迁移了一部分）：请运行 `migrate` 或 `aisle-postgres migrate`。',
      '数据库中 Aisle 模式从未创建或只迁移了一部分。',
      '在代码中运行 `migrate()`，或在部署时运行 `aisle-postgres migrate`。',
    ],
  ),
  POSTGRES_DIRECTORY_LOCKED: entry(
    [
      'A second process (or a second open in this one) on an embedded PGlite directory; two writers would corrupt it.',
      'Share the one open database, or close it first; if the holder is gone, delete the lock file the message names.',
    ],
    [
      '另一进程占用了嵌入式数据库目录；`details.pid` 指明进程。',
      '第二个进程（或本进程再次打开）使用同一 PGlite 目录；两个写入方会损坏数据。',
      '共享已打开的数据库，或先关闭；若持有者已不存在，删除消息中指出的锁文件。',
    ],
  ),
  POSTGRES_INVALID_DATABASE: entry(
    [
      'A connection string, a `pg` Client or another object where a database handle is expected.',
      'Pass a `pg` Pool (so concurrent transactions get their own connections) or a PGlite instance.',
    ],
    [
      '作为数据库传入的值既不是 `pg` Pool、PGlite 实例，也不是 `PostgresQueryable`。',
      '需要数据库句柄的地方传入了连接字符串、`pg` Client 或其他对象。',
      '传入 `pg` Pool（并发事务各用各的连接）或 PGlite 实例。',
    ],
  ),
  POSTGRES_QUERY_FAILED: entry(
    [
      'The database refused a statement for a reason that is neither transient nor a missing schema: a hand-made constraint, a permission, a full disk.',
      "Read the SQLSTATE and server message in the error (`cause` has the driver's error) and fix the database; the schema belongs to `migrate()`.",
    ],
    [
      '语句失败，原因既不是冲突、瞬时故障也不是服务中断；`cause` 保存驱动的错误。',
      '数据库因非瞬时、非缺少模式的原因拒绝语句：手工添加的约束、权限不足、磁盘已满。',
      '查看错误中的 SQLSTATE 和服务器消息（驱动错误在 `cause` 中）并修复数据库；模式应由 `migrate()` 管理。',
    ],
  ),
  POSTGRES_CLI_USAGE: entry(
    [
      '`aisle-postgres` called with an unknown command or option, or without `--url` (or `AISLE_PG_URL` / `DATABASE_URL`).',
      'Run it with a known command and what it needs; it prints its usage and exits with 2.',
    ],
    [
      '命令行用法错误（未知命令或选项、缺少 `--url`）。',
      '调用 `aisle-postgres` 时命令或选项未知，或缺少 `--url`（或 `AISLE_PG_URL` / `DATABASE_URL`）。',
      '使用已知命令并提供所需参数；用法错误时它会打印用法并以 2 退出。',
    ],
  ),
};

#!/usr/bin/env bash
# Runs a command with a throwaway MariaDB server and AISLE_MYSQL_URL pointing at it:
#   bash scripts/with-mariadb.sh pnpm exec vitest run --project segments
# Composes with scripts/with-postgres.sh: `bash scripts/with-postgres.sh bash scripts/with-mariadb.sh pnpm test`.
# The server's data directory and socket live in a fresh temporary directory; it listens on
# 127.0.0.1 on a free port, with no grant tables (any user may connect, nothing else can reach it),
# no binary log and relaxed durability, and is stopped and deleted when this script exits, pass or fail.
# When AISLE_MYSQL_URL is already set, the command runs against that server instead.
# As root, a missing MariaDB is installed from the Debian packages (`mariadb-server`). Without a
# server: in CI (CI set) this fails; locally it warns and runs the command without AISLE_MYSQL_URL
# (the MariaDB suites then skip, saying so).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi
if [ -n "${AISLE_MYSQL_URL:-}" ]; then
  exec "$@"
fi

find_server() {
  for bin in /usr/sbin/mariadbd "$(command -v mariadbd 2>/dev/null || true)"; do
    if [ -n "$bin" ] && [ -x "$bin" ] && command -v mariadb-install-db >/dev/null 2>&1; then
      echo "$bin"
      return 0
    fi
  done
  return 1
}

no_server() {
  local why="$1"
  shift
  if [ -n "${CI:-}" ]; then
    echo "with-mariadb: $why; CI is set, so this is a failure (the MariaDB suites must not skip)" >&2
    exit 1
  fi
  echo "with-mariadb: WARNING: $why; running without AISLE_MYSQL_URL, the MariaDB suites will skip" >&2
  "$@"
  exit $?
}

SERVER="$(find_server || true)"
if [ -z "$SERVER" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "with-mariadb: installing mariadb-server from the Debian packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mariadb-server >/dev/null
  SERVER="$(find_server || true)"
fi
[ -n "$SERVER" ] || no_server "MariaDB (mariadbd, mariadb-install-db) is not installed" "$@"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/aisle-mariadb.XXXXXX")"
PORT="$(node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
USER_OPT=()
[ "$(id -u)" = 0 ] && USER_OPT=(--user=root)
PID=""

stop() {
  if [ -n "$PID" ]; then
    kill "$PID" >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do kill -0 "$PID" >/dev/null 2>&1 || break; sleep 0.1; done
    kill -9 "$PID" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mariadb-install-db --no-defaults --datadir="$WORK/data" "${USER_OPT[@]}" --auth-root-authentication-method=normal \
  --skip-test-db >"$WORK/install.log" 2>&1 || {
  cat "$WORK/install.log" >&2
  no_server "mariadb-install-db failed" "$@"
}
"$SERVER" --no-defaults --datadir="$WORK/data" --socket="$WORK/mysqld.sock" --pid-file="$WORK/mysqld.pid" \
  --port="$PORT" --bind-address=127.0.0.1 "${USER_OPT[@]}" --skip-grant-tables --skip-log-bin \
  --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=64M --max-connections=200 \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_nopad_bin --default-time-zone=+00:00 \
  --log-error="$WORK/server.log" >/dev/null 2>&1 &
PID=$!
for _ in $(seq 1 300); do
  [ -S "$WORK/mysqld.sock" ] && break
  kill -0 "$PID" >/dev/null 2>&1 || break
  sleep 0.1
done
if [ ! -S "$WORK/mysqld.sock" ]; then
  cat "$WORK/server.log" >&2 || true
  no_server "the server did not start" "$@"
fi

export AISLE_MYSQL_URL="mysql://root@127.0.0.1:${PORT}/"
echo "with-mariadb: MariaDB $("$SERVER" --version | awk '{print $3}') on 127.0.0.1:${PORT} (data in $WORK)" >&2
set +e
"$@"
STATUS=$?
set -e
exit "$STATUS"

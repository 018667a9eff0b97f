#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 server and AISLE_PG_URL pointing at it:
#   bash scripts/with-postgres.sh pnpm exec vitest run --project postgres
# The cluster lives in a fresh temporary directory (socket included), listens on 127.0.0.1 on a
# free port, runs with fsync off, and is stopped and deleted when this script exits, pass or fail.
# When AISLE_PG_URL is already set, the command runs against that server instead.
# AISLE_PG_BINDIR=<dir> uses the initdb/pg_ctl/postgres in <dir> instead (another major version, e.g.
# from `node scripts/postgres-binaries.mjs 13`); AISLE_PG_EXPECT_MAJOR=<n> makes the script fail unless
# the server it started is that major (and is passed on, so the server suites check it too).
# AISLE_PG_OPTIONS="-c name=value …" adds server settings (e.g. -c shared_preload_libraries=pg_stat_statements for a diagnosis).
# As root, a missing PostgreSQL 15 is installed from the Debian packages, and initdb/pg_ctl run as
# the `postgres` user (initdb refuses root). Without a server: in CI (CI set) this fails; locally
# it warns and runs the command without AISLE_PG_URL (the server suites then skip, saying so).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi
if [ -n "${AISLE_PG_URL:-}" ]; then
  exec "$@"
fi

find_bindir() {
  if [ -n "${AISLE_PG_BINDIR:-}" ]; then
    if [ -x "$AISLE_PG_BINDIR/initdb" ] && [ -x "$AISLE_PG_BINDIR/pg_ctl" ]; then
      echo "$AISLE_PG_BINDIR"
      return 0
    fi
    return 1
  fi
  for dir in /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null || true)"; do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

no_server() {
  local why="$1"
  shift
  if [ -n "${CI:-}" ]; then
    echo "with-postgres: $why; CI is set, so this is a failure (the server suites must not skip)" >&2
    exit 1
  fi
  echo "with-postgres: WARNING: $why; running without AISLE_PG_URL, the PostgreSQL server suites will skip" >&2
  "$@"
  exit $?
}

BINDIR="$(find_bindir || true)"
if [ -z "$BINDIR" ] && [ -n "${AISLE_PG_BINDIR:-}" ]; then
  no_server "AISLE_PG_BINDIR=$AISLE_PG_BINDIR has no initdb and pg_ctl" "$@"
fi
if [ -z "$BINDIR" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "with-postgres: installing postgresql-15 from the Debian packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
  BINDIR="$(find_bindir || true)"
fi
[ -n "$BINDIR" ] || no_server "PostgreSQL 15 (initdb, pg_ctl) is not installed" "$@"

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/aisle-pg.XXXXXX")"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
PORT="$(node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

stop() {
  as_owner "$BINDIR/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_owner "$BINDIR/initdb" --no-sync -D "$WORK/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || {
  cat "$WORK/initdb.log" >&2
  no_server "initdb failed" "$@"
}
if ! as_owner "$BINDIR/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 \
  -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 ${AISLE_PG_OPTIONS:-}" \
  start >/dev/null; then
  cat "$WORK/server.log" >&2 || true
  no_server "the server did not start" "$@"
fi

export AISLE_PG_URL="postgres://postgres@127.0.0.1:${PORT}/postgres"
VERSION="$("$BINDIR/postgres" --version | awk '{print $3}')"
if [ -n "${AISLE_PG_EXPECT_MAJOR:-}" ] && [ "${VERSION%%.*}" != "$AISLE_PG_EXPECT_MAJOR" ]; then
  echo "with-postgres: expected PostgreSQL $AISLE_PG_EXPECT_MAJOR, but $BINDIR/postgres is $VERSION" >&2
  exit 1
fi
echo "with-postgres: PostgreSQL $VERSION on 127.0.0.1:${PORT} (data in $WORK)" >&2
set +e
"$@"
status=$?
set -e
exit "$status"

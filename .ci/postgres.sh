#!/usr/bin/env bash
# A private PostgreSQL server for the tests, sourced by .ci/test.sh: `start_postgres` installs
# Debian's `postgresql` package if it is missing, makes a new cluster in a temporary folder
# (in memory where possible; as the `postgres` user when run as root: initdb refuses root),
# starts it on a free loopback port and sets GXAPPLY_TEST_DATABASE_URL; a trap stops it and
# removes the folder on exit.
# Nothing outside the temporary folder is changed, and the machine's own server is left alone.

postgres_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$found" ] && command -v apt-get >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "安装 PostgreSQL（测试用）……" >&2
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  if [ -z "$found" ] && command -v pg_ctl >/dev/null 2>&1; then
    found=$(dirname "$(command -v pg_ctl)")
  fi
  [ -n "$found" ] || { echo "找不到 PostgreSQL（initdb、pg_ctl），无法运行 PostgreSQL 测试" >&2; return 1; }
  echo "$found"
}

free_port() {
  "${PYTHON:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
  local bin port run_as=()
  bin=$(postgres_bin) || return 1
  # In memory where there is a tmpfs: the tests' thousand databases are made and dropped in
  # RAM (two to three times faster than on disk).
  local under=${TMPDIR:-/tmp}
  [ -d /dev/shm ] && [ -w /dev/shm ] && under=/dev/shm
  PG_FOLDER=$(mktemp -d "$under/gxapply-pg.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_FOLDER"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$PG_FOLDER/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    >"$PG_FOLDER/initdb.log" 2>&1 || { cat "$PG_FOLDER/initdb.log" >&2; return 1; }
  # As on an office's server: the superuser the tests administer with gets in from this machine
  # without a password, every role the tests create needs its own (so the wrong-password tests
  # meet a server that checks passwords).
  printf '%s\n' "local all postgres trust" "host all postgres 127.0.0.1/32 trust" \
    "host all all 127.0.0.1/32 scram-sha-256" >"$PG_FOLDER/data/pg_hba.conf"
  port=$(free_port)
  # Throw-away data: durability settings off make the tests' many small commits cheap.
  "${run_as[@]}" "$bin/pg_ctl" -D "$PG_FOLDER/data" -l "$PG_FOLDER/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_FOLDER -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_FOLDER/server.log" >&2; return 1; }
  PG_BIN=$bin
  PG_RUN_AS=("${run_as[@]}")
  trap stop_postgres EXIT
  export GXAPPLY_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
}

stop_postgres() {
  if [ -n "${PG_FOLDER:-}" ] && [ -d "$PG_FOLDER" ]; then
    "${PG_RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_FOLDER/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_FOLDER"
  fi
}

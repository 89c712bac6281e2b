#!/usr/bin/env bash
# Local PostgreSQL for development, tests, benchmarks and the demo.
#
#   scripts/postgres.sh start    install (Debian package) if missing, initialise, start, create the database
#   scripts/postgres.sh stop     stop the server this script started
#   scripts/postgres.sh status   exit 0 when the server answers
#   scripts/postgres.sh url      print the connection URL
#
# The server runs as the `postgres` user on 127.0.0.1 on a port of its own (54329 by default) so
# it never collides with a system server. Idempotent: starting a running server only prints its URL.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${INSTANTLY_PGPORT:-54329}"
data_dir="${INSTANTLY_PGDATA:-$repo/.pgdata}"
database="${INSTANTLY_PGDATABASE:-instantly}"
# A local development password; real deployments bring their own DATABASE_URL.
password="${INSTANTLY_PGPASSWORD:-instantly-local}"
socket_dir="/tmp"

url() { echo "postgres://postgres:${password}@127.0.0.1:${port}/${database}"; }

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_server() {
  echo "postgres.sh: PostgreSQL server binaries not found; installing Debian's postgresql package" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq postgresql >&2
  # The package starts a cluster of its own on 5432; ours is separate and on its own port.
}

# Runs a command as the postgres user (the server refuses to run as root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ready() {
  local bin="$1"
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" >/dev/null 2>&1
}

ensure_database() {
  local bin="$1"
  local exists
  exists=$(PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atqc \
    "SELECT 1 FROM pg_database WHERE datname = '${database}'")
  if [ "$exists" != "1" ]; then
    PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
  fi
}

start() {
  local bin
  bin=$(find_bin) || true
  if [ -z "${bin:-}" ]; then
    install_server
    bin=$(find_bin) || { echo "postgres.sh: PostgreSQL still not installed" >&2; exit 1; }
  fi

  if ready "$bin"; then
    ensure_database "$bin"
    url
    return 0
  fi

  if [ ! -s "$data_dir/PG_VERSION" ]; then
    mkdir -p "$data_dir"
    local pwfile
    pwfile=$(mktemp)
    echo "$password" >"$pwfile"
    chmod 644 "$pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$data_dir" "$pwfile"; fi
    chmod 700 "$data_dir"
    as_postgres "$bin/initdb" -D "$data_dir" -U postgres --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi

  local log="$data_dir/../$(basename "$data_dir").log"
  touch "$log"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$log"; fi
  # A stale pid file from a killed server would block the start.
  if [ -f "$data_dir/postmaster.pid" ] && ! as_postgres "$bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
    rm -f "$data_dir/postmaster.pid"
  fi
  as_postgres "$bin/pg_ctl" -D "$data_dir" -l "$log" -w -t 60 start \
    -o "-p $port -k $socket_dir -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null
  ensure_database "$bin"
  url
}

stop() {
  local bin
  bin=$(find_bin) || exit 0
  if [ -s "$data_dir/PG_VERSION" ]; then
    as_postgres "$bin/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

status() {
  local bin
  bin=$(find_bin) || { echo "not installed"; exit 1; }
  if ready "$bin"; then echo "running on 127.0.0.1:${port}"; else echo "not running"; exit 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *) echo "usage: scripts/postgres.sh start|stop|status|url" >&2; exit 2 ;;
esac

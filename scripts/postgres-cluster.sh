#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for tests and benchmarks, and prints its DATABASE_URL.
#   scripts/postgres-cluster.sh start [DIR] [PORT]   → prints postgres://loa:loa@127.0.0.1:PORT/loa
#   scripts/postgres-cluster.sh stop  [DIR]
# PostgreSQL refuses to run as root, so the cluster runs as the `postgres` system user.
set -euo pipefail
action=${1:-start}
dir=${2:-/tmp/loa-postgres}
port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$bin/initdb" ]] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
start)
  if [[ ! -f "$dir/PG_VERSION" ]]; then
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    as_postgres "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  fi
  psql="psql -h 127.0.0.1 -p $port -U postgres -v ON_ERROR_STOP=1 -qtA"
  $psql -c "SELECT 1 FROM pg_roles WHERE rolname='loa'" | grep -q 1 || $psql -c "CREATE ROLE loa LOGIN PASSWORD 'loa'"
  $psql -c "SELECT 1 FROM pg_database WHERE datname='loa'" | grep -q 1 || $psql -c "CREATE DATABASE loa OWNER loa"
  echo "postgres://loa:loa@127.0.0.1:$port/loa"
  ;;
stop)
  as_postgres "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
  ;;
*)
  echo "usage: $0 start|stop [DIR] [PORT]" >&2
  exit 2
  ;;
esac

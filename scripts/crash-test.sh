#!/usr/bin/env bash
# Crash test: petitions and signed Zalo events at load, `kill -9` of `loa serve` in the middle,
# a restart on the same database, then: every petition answered 201 stored exactly once under its
# code and e-mailed once, every event answered 200 stored once and processed, and no Zalo user sent
# the same reply twice (counted by the Zalo stand-in). On SQLite, and on PostgreSQL as well when
# DATABASE_URL is set (in a fresh database created next to it and dropped afterwards).
#   scripts/crash-test.sh                 LOA_BIN=.build/release/loa scripts/crash-test.sh
#   DATABASE_URL=$(scripts/postgres-cluster.sh start) scripts/crash-test.sh
# The server is killed twice, each time where a crash hurts most: just after the stand-in accepted
# a Zalo reply, and just after a notice reached sendmail (before Loa can have recorded either).
# Options through the environment: CRASH_THREADS (4 petition + 4 webhook clients), CRASH_BEFORE
# (seconds of load before the first kill, 8), CRASH_AFTER (after each restart, 5), CRASH_KILL_AT
# (reply,mail; any list of reply, mail and random).
# Exits non-zero if anything fails; the details are in the [sqlite]/[postgresql] lines.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/scratch-database.sh
root=$(pwd)
work=$(mktemp -d /tmp/loa-crash.XXXXXX)
pg_database=""
pg_admin=""

cleanup() {
  # Whatever the driver started and did not stop, should it have died first: only processes that
  # are still this run's loa (a pid may have been reused since).
  for pids in "$work"/*/pids; do
    [[ -f "$pids" ]] || continue
    while read -r pid; do
      grep -qa "$work" "/proc/$pid/environ" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    done <"$pids"
  done
  if [[ -n "$pg_database" ]]; then
    $pg_admin -c "DROP DATABASE IF EXISTS \"$pg_database\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

need=()
command -v python3 >/dev/null || need+=(python3)
command -v curl >/dev/null || need+=(curl)
command -v sqlite3 >/dev/null || need+=(sqlite3)
[[ -n "${DATABASE_URL:-}" ]] && ! command -v psql >/dev/null && need+=(postgresql-client)
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

loa=${LOA_BIN:-$root/.build/debug/loa}
if [[ -z "${LOA_BIN:-}" ]]; then
  echo "Building loa (debug)…"
  swift build --product loa 2>&1 | tail -n 1
fi
[[ -x "$loa" ]] || { echo "no loa binary at $loa" >&2; exit 1; }

driver=(python3 "$root/scripts/crash-test.py" --loa "$loa" --threads "${CRASH_THREADS:-4}"
  --before "${CRASH_BEFORE:-8}" --after "${CRASH_AFTER:-5}" --kill-at "${CRASH_KILL_AT:-reply,mail}")
status=0
summary=()

run() {
  local label=$1 url=${2:-} started=$SECONDS
  mkdir -p "$work/$label"
  echo
  echo "=== crash test on $label ==="
  if "${driver[@]}" --label "$label" --work "$work/$label" --database-url "$url"; then
    summary+=("PASS $label ($((SECONDS - started)) s)")
  else
    summary+=("FAIL $label ($((SECONDS - started)) s)")
    status=1
    tail -n 20 "$work/$label/loa.log" 2>/dev/null | sed 's/^/  loa.log: /' || true
    # A server that died by a signal: its whole backtrace, which the last lines cut short.
    grep -n -A 80 -E '\*\*\* Signal [0-9]+|Fatal error' "$work/$label/loa.log" 2>/dev/null | head -n 160 | sed 's/^/  crash: /' || true
  fi
}

run sqlite

if [[ -n "${DATABASE_URL:-}" ]]; then
  # A database of its own, so that the test neither sees nor disturbs what else lives there: made
  # with the URL's own role if it may, else as the cluster's superuser (a local throwaway cluster).
  pg_database="loa_crash_$$"
  scratch_database "$pg_database"
  run postgresql "$url"
fi

echo
echo "=== crash test summary ==="
printf '%s\n' "${summary[@]}"
exit $status

#!/usr/bin/env bash
# Two processes, one PostgreSQL: two `loa jobs run` workers share the job queue while
# `loa jobs probe N` (default 10,000) enqueues probe jobs and waits for them; every probe must run
# exactly once (counted in `job_probes`, checked again here with psql, and both workers must have
# taken part). Then two `loa serve` processes on the same database: the petition rate limit per
# address, staff sessions, the five-wrong-passwords lock and Zalo's access token (refreshed once,
# through the Zalo stand-in) must hold across them.
#   DATABASE_URL=$(scripts/postgres-cluster.sh start) scripts/two-process-test.sh [N]
# Runs in a fresh database created next to DATABASE_URL and dropped afterwards; LOA_BIN overrides
# the binary (default: .build/debug/loa, built first). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/scratch-database.sh
root=$(pwd)
count=${1:-10000}
if [[ -z "${DATABASE_URL:-}" ]]; then
  echo "needs DATABASE_URL (PostgreSQL): DATABASE_URL=\$(scripts/postgres-cluster.sh start) $0" >&2
  exit 2
fi
work=$(mktemp -d /tmp/loa-two-process.XXXXXX)
pids=()
pg_database=""
pg_admin=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$pg_database" ]]; then
    $pg_admin -c "DROP DATABASE IF EXISTS \"$pg_database\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

need=()
command -v python3 >/dev/null || need+=(python3)
command -v curl >/dev/null || need+=(curl)
command -v psql >/dev/null || need+=(postgresql-client)
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

loa=${LOA_BIN:-$root/.build/debug/loa}
if [[ -z "${LOA_BIN:-}" ]]; then
  echo "Building loa (debug)…"
  swift build --product loa 2>&1 | tail -n 1
fi
[[ -x "$loa" ]] || { echo "no loa binary at $loa" >&2; exit 1; }

# A database of its own: with the URL's role if it may create one, else as the cluster's superuser.
pg_database="loa_two_process_$$"
scratch_database "$pg_database"
export DATABASE_URL=$url LOA_DEMO=0 LOG_LEVEL=warning
sql() { psql "$url" -X -q -At -F ' ' -v ON_ERROR_STOP=1 -c "$1"; }

failures=0
check() { # check OK "what"
  if [[ $1 == 1 ]]; then echo "PASS $2"; else echo "FAIL $2"; failures=$((failures + 1)); fi
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

started=$SECONDS
echo "=== one job queue, two worker processes, $count probe jobs ==="
# Migrate once before the workers start: two processes migrating an empty database at once race.
LOA_DATA_DIR="$work/migrate" "$loa" migrate >/dev/null
LOA_DATA_DIR="$work/worker-a" "$loa" jobs run >"$work/worker-a.log" 2>&1 &
worker_a=$!
pids+=("$worker_a")
LOA_DATA_DIR="$work/worker-b" "$loa" jobs run >"$work/worker-b.log" 2>&1 &
worker_b=$!
pids+=("$worker_b")
sleep 2
kill -0 "$worker_a" && kill -0 "$worker_b" || { cat "$work"/worker-*.log; exit 1; }
echo "workers: pid $worker_a and pid $worker_b"

set +e
LOA_DATA_DIR="$work/probe" "$loa" jobs probe "$count" --timeout 240 2>&1 | tee "$work/probe.log"
probe_status=${PIPESTATUS[0]}
set -e
check "$((probe_status == 0))" "loa jobs probe $count exited $probe_status"

run=$(grep -o 'probe-[0-9a-f]\{8\}' "$work/probe.log" | head -n 1 || true)
if [[ -n "$run" ]]; then
  read -r runs distinct <<<"$(sql "SELECT COUNT(*), COUNT(DISTINCT job_id) FROM job_probes WHERE probe_run = '$run'")"
  twice=$(sql "SELECT COUNT(*) FROM (SELECT job_id FROM job_probes WHERE probe_run = '$run' GROUP BY job_id HAVING COUNT(*) > 1) AS t")
  not_done=$(sql "SELECT COUNT(*) FROM jobs WHERE idempotency_key LIKE '$run:%' AND state <> 'done'")
  check "$((runs == count && distinct == count && twice == 0 && not_done == 0))" \
    "psql: $runs runs of $distinct distinct probes of $count, $twice run more than once, $not_done not done"
  # The worker's name is host:pid:n; both processes must have taken jobs.
  per_process=$(sql "SELECT split_part(worker, ':', 2), COUNT(*) FROM job_probes WHERE probe_run = '$run' GROUP BY 1 ORDER BY 1")
  echo "$per_process" | sed 's/^/  runs by pid: /'
  from_a=$(echo "$per_process" | awk -v p="$worker_a" '$1 == p { print $2 }')
  from_b=$(echo "$per_process" | awk -v p="$worker_b" '$1 == p { print $2 }')
  check "$(((${from_a:-0} > 0) && (${from_b:-0} > 0)))" "both worker processes ran probes (${from_a:-0} and ${from_b:-0})"
else
  check 0 "the probe printed its run id"
fi
kill "$worker_a" "$worker_b" 2>/dev/null || true
wait "$worker_a" "$worker_b" 2>/dev/null || true
echo "job part took $((SECONDS - started)) s"

echo
echo "=== two loa serve processes: rate limit, sessions, password lock, Zalo token ==="
password='mat-khau-thu-nghiem-2026'
LOA_DATA_DIR="$work/cli" "$loa" user create --email admin@crash.example.vn --role administrator --password "$password" >/dev/null
LOA_DATA_DIR="$work/cli" "$loa" user create --email khoa@crash.example.vn --role editor --password "$password" >/dev/null
# The Zalo stand-in, so that both servers need Zalo's access token: it counts the refreshes.
standin_port=$(free_port)
env -u DATABASE_URL LOA_DATA_DIR="$work/standin" "$loa" zalo stand-in --port "$standin_port" --accept-all >"$work/standin.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "LOA_ZALO_API_URL" "$work/standin.log" 2>/dev/null && break; sleep 0.5; done
zalo_env=$(grep -o 'LOA_ZALO_API_URL=.*' "$work/standin.log") || { cat "$work/standin.log"; exit 1; }
port_a=$(free_port)
port_b=$(free_port)
for side in a b; do
  port_var="port_$side"
  # shellcheck disable=SC2086 # the stand-in prints NAME=value pairs without spaces
  env $zalo_env LOA_DATA_DIR="$work/serve-$side" LOA_PETITIONS_PER_HOUR=5 LOA_TRUSTED_PROXIES=127.0.0.1 "$loa" serve --port "${!port_var}" >"$work/serve-$side.log" 2>&1 &
  pids+=($!)
done
for port in "$port_a" "$port_b"; do
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work"/serve-*.log; exit 1; }
done

set +e
python3 - "$port_a" "$port_b" "$password" "$zalo_env" <<'PY'
import hashlib, http.client, json, re, sys, threading, time, urllib.parse, urllib.request
a, b, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
zalo = dict(part.split("=", 1) for part in sys.argv[4].split())
failed = 0

def check(ok, what):
    global failed
    print(("PASS " if ok else "FAIL ") + what)
    failed += not ok

def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.getheaders(), response.read().decode("utf-8", "replace")

def cookies(headers):
    return {m.group(1): m.group(2) for name, value in headers if name.lower() == "set-cookie"
            for m in [re.match(r"([^=]+)=([^;]*)", value)] if m}

# LOA_PETITIONS_PER_HOUR=5 for one address, whichever process it reaches.
petition = json.dumps({"topic": "tien-luong", "title": "Hỏi về phụ cấp thâm niên khi chuyển ngạch",
    "content": "Xin hỏi phụ cấp thâm niên được tính thế nào khi chuyển ngạch?", "name": "Nguyễn Văn An",
    "email": "an@example.vn", "consent_publish": False}, ensure_ascii=False).encode()
statuses = [request(port, "POST", "/api/v1/petitions", petition,
    {"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.7"})[0] for port in (a, b, a, b, a, b)]
check(statuses == [201] * 5 + [429], f"rate limit across processes: {statuses} (expected five 201, then 429)")

def login(port, email, secret):
    _, headers, page = request(port, "GET", "/staff/login")
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    jar = cookies(headers)
    form = urllib.parse.urlencode({"email": email, "password": secret, "_csrf": csrf})
    status, headers, _ = request(port, "POST", "/staff/login", form, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
    return status, cookies(headers).get("loa_session")

status, session = login(a, "admin@crash.example.vn", password)
check(status in (302, 303) and bool(session), f"sign in on process A: {status}")
if session:
    status_b, _, _ = request(b, "GET", "/staff", headers={"Cookie": f"loa_session={session}"})
    status_none, _, _ = request(b, "GET", "/staff")
    check(status_b == 200 and status_none != 200, f"the session works on process B: {status_b} (without it: {status_none})")

wrong = [login(port, "khoa@crash.example.vn", "sai-mat-khau-123")[0] for port in (a, b, a, b, a)]
status, session = login(b, "khoa@crash.example.vn", password)
check(not session, f"five wrong passwords spread over A and B lock the account: {wrong}, then the right one on B: {status}")

# Zalo's refresh token works once: the two servers must share one access token, refreshed once
# under the database lock, never twice. Five users write to each server at the same moment.
def event(user):
    timestamp = str(int(time.time() * 1000))
    body = json.dumps({"app_id": zalo["LOA_ZALO_APP_ID"], "event_name": "user_send_text", "timestamp": timestamp,
        "sender": {"id": user}, "recipient": {"id": "579745863508352884"},
        "message": {"text": "menu", "msg_id": "two-process-" + user}}, separators=(",", ":")).encode()
    mac = hashlib.sha256(zalo["LOA_ZALO_APP_ID"].encode() + body + timestamp.encode()
        + zalo["LOA_ZALO_OA_SECRET_KEY"].encode()).hexdigest()
    return body, {"Content-Type": "application/json", "X-ZEvent-Signature": "mac=" + mac}

users = [(port, str(8460000000000000000 + i)) for i, port in enumerate([a, b] * 5)]
answers = {}
def send(port, user):
    answers[user] = request(port, "POST", "/webhooks/zalo", *event(user))[0]
threads = [threading.Thread(target=send, args=pair) for pair in users]
for thread in threads: thread.start()
for thread in threads: thread.join()
counts = {}
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    counts = json.loads(urllib.request.urlopen(zalo["LOA_ZALO_API_URL"] + "/standin/messages", timeout=10).read())
    if counts["messages"] >= len(users): break
    time.sleep(0.5)
replied = [counts.get("per_user", {}).get(user, 0) for _, user in users]
check(set(answers.values()) == {200} and replied == [1] * len(users),
    f"Zalo events on both servers answered {sorted(set(answers.values()))}, replies per user {replied}")
check(counts.get("refreshes") == 1 and counts.get("rejected_refreshes") == 0,
    f"one Zalo token refresh for both servers: {counts.get('refreshes')} refreshes, {counts.get('rejected_refreshes')} refused")
sys.exit(1 if failed else 0)
PY
http_status=$?
set -e
((http_status == 0)) || failures=$((failures + 1))

echo
echo "two-process test took $((SECONDS - started)) s"
if ((failures)); then
  echo "RESULT: FAIL ($failures)"
  exit 1
fi
echo "RESULT: PASS"

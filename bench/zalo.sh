#!/usr/bin/env bash
# Zalo channel benchmark, on a release build with SQLite:
#  1. Webhook: correctly signed events sent at a fixed rate (default 1000/s for 20 s) to
#     POST /webhooks/zalo while the job workers process them; p50/p95/p99 of the 200 answers,
#     the rate held, and a check that every acknowledged event is stored. Reference: nginx serving
#     a static file at the same rate, with the same client.
#  2. Broadcast: N generated subscribers (default 100000) sent an article through the Zalo
#     stand-in (`loa zalo stand-in --accept-all`) at LOA_ZALO_RATE (default 5000/s): time, rate
#     held and peak memory, and the same for N/10, to show memory stays flat.
#   bench/zalo.sh [SUBSCRIBERS] [EVENTS_PER_SECOND] [SECONDS] [BROADCAST_RATE]
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-100000}
rate=${2:-1000}
seconds=${3:-20}
broadcast_rate=${4:-5000}
loa_port=18191
nginx_port=18192
standin_port=18193
work=$(mktemp -d /tmp/loa-zalo-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
[[ -x /usr/bin/time ]] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

echo "Building Loa in release mode…"
swift build -c release --product loa 2>&1 | tail -n 1
loa=$PWD/.build/release/loa

# The stand-in plays Zalo; Loa talks to it as it would to openapi.zalo.me.
LOA_DATA_DIR="$work/standin" LOG_LEVEL=warning "$loa" zalo stand-in --port "$standin_port" --accept-all >"$work/standin.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do grep -q "LOA_ZALO_API_URL" "$work/standin.log" 2>/dev/null && break; sleep 0.5; done
zalo_env=$(grep -o 'LOA_ZALO_API_URL=.*' "$work/standin.log")
export $zalo_env
export LOA_DATA_DIR="$work/data" LOA_DEMO=0 LOG_LEVEL=warning LOA_ZALO_RATE="$broadcast_rate"
secret=$LOA_ZALO_OA_SECRET_KEY
app_id=$LOA_ZALO_APP_ID

"$loa" serve --port "$loa_port" >"$work/loa.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$loa_port/healthz" >/dev/null 2>&1 && break; sleep 1; done

mkdir -p "$work/www" "$work/tmp"
echo '{"error":0,"message":"Success"}' >"$work/www/ok.json"
chmod 755 "$work" "$work/www" && chmod 644 "$work/www/ok.json"
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 100000;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
NGINX
"$nginx_bin" -c "$work/nginx.conf"

echo "Webhook: $rate events/s for $seconds s…"
python3 - "$loa_port" "$nginx_port" "$rate" "$seconds" "$secret" "$app_id" "$work/data/loa.sqlite" <<'PY'
import asyncio, hashlib, json, sqlite3, subprocess, sys, time
loa_port, nginx_port, rate, seconds, secret, app_id, db = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
count = rate * seconds

def event(i):
    timestamp = str(1767225600000 + i)
    body = json.dumps({"app_id": app_id, "event_name": "user_send_text", "timestamp": timestamp,
        "sender": {"id": str(8400000000000000000 + i % 5000)}, "recipient": {"id": "579745863508352884"},
        "message": {"text": "lương cơ sở hiện nay là bao nhiêu", "msg_id": "bench%08d" % i}}, ensure_ascii=False).encode()
    mac = hashlib.sha256(app_id.encode() + body + timestamp.encode() + secret.encode()).hexdigest()
    return (b"POST /webhooks/zalo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-ZEvent-Signature: mac=" + mac.encode() +
            b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)

async def run(port, requests):
    latencies, statuses = [], {}
    queue = asyncio.Queue()
    async def connection():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while True:
            item = await queue.get()
            if item is None: break
            due, request = item
            now = time.perf_counter()
            if due > now: await asyncio.sleep(due - now)
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"): length = int(line.split(b":")[1])
            if length: await reader.readexactly(length)
            status = int(head.split(b" ")[1])
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append((time.perf_counter() - max(started, due)) * 1000)
        writer.close()
    start = time.perf_counter() + 0.2
    for i, request in enumerate(requests): queue.put_nowait((start + i / rate, request))
    workers = [asyncio.create_task(connection()) for _ in range(64)]
    for _ in workers: queue.put_nowait(None)
    began = time.perf_counter()
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - began
    return latencies, statuses, len(requests) / elapsed

def pct(values, p):
    values = sorted(values); return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

requests = [event(i) for i in range(count)]
loa_lat, loa_status, loa_rate = asyncio.run(run(loa_port, requests))
static = b"GET /ok.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
ref_lat, ref_status, ref_rate = asyncio.run(run(nginx_port, [static] * count))
stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM zalo_events").fetchone()[0]
print(f"\n| {count} requests at {rate}/s, 64 connections | answered/s | p50 | p95 | p99 | statuses |\n|---|---:|---:|---:|---:|---|")
print(f"| Loa POST /webhooks/zalo (verify, store, enqueue) | {loa_rate:.0f} | {pct(loa_lat,50):.2f} ms | {pct(loa_lat,95):.2f} ms | {pct(loa_lat,99):.2f} ms | {loa_status} |")
print(f"| nginx static file (reference) | {ref_rate:.0f} | {pct(ref_lat,50):.2f} ms | {pct(ref_lat,95):.2f} ms | {pct(ref_lat,99):.2f} ms | {ref_status} |")
print(f"\nratio Loa/nginx at p99: {pct(loa_lat,99) / max(pct(ref_lat,99), 0.001):.1f}; events acknowledged 200: {loa_status.get(200, 0)}, stored: {stored}")
if stored != loa_status.get(200, 0): sys.exit("an acknowledged event was not stored")
PY
kill "${pids[1]}" 2>/dev/null || true
wait "${pids[1]}" 2>/dev/null || true
# The chat replies still queued from the webhook run are not part of the broadcast measurement.
sqlite3 "$work/data/loa.sqlite" "UPDATE jobs SET state = 'done' WHERE state IN ('queued', 'running')"

# Subscribers written straight into the database (as Fluent stores them: upper-case UUID text,
# dates as seconds), and one article per run, imported (imports never broadcast by themselves).
add_subscribers() {
  python3 - "$work/data/loa.sqlite" "$1" "$2" <<'PY'
import sqlite3, sys, time, uuid
db, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
connection = sqlite3.connect(db)
now = time.time()
followers, topics = [], []
for i in range(start, end):
    fid = str(uuid.uuid4()).upper()
    followers.append((fid, str(8500000000000000000 + i), "", 1, now - 86400, now - 3600, now))
    topics.append((str(uuid.uuid4()).upper(), fid, "tien-luong", now))
connection.executemany("INSERT INTO zalo_followers (id, zalo_user_id, display_name, following, followed_at, last_interaction_at, created_at) VALUES (?,?,?,?,?,?,?)", followers)
connection.executemany("INSERT INTO zalo_follower_topics (id, follower_id, topic, created_at) VALUES (?,?,?,?)", topics)
connection.commit()
PY
}
article() {
  echo "{\"external_id\":\"bench-$1\",\"title\":\"Bản tin tiền lương số $1\",\"summary\":\"Thông tin mới về tiền lương.\",\"body\":\"Nội dung.\",\"topics\":[\"tien-luong\"],\"published_at\":\"2026-01-01T08:00:00+07:00\"}" >"$work/article-$1.jsonl"
  "$loa" import articles "$work/article-$1.jsonl" >"$work/import-$1.log" 2>&1 || { cat "$work/import-$1.log"; exit 1; }
}
broadcast() {
  /usr/bin/time -v "$loa" zalo broadcast --article "ban-tin-tien-luong-so-$1" >"$work/broadcast-$1.log" 2>&1 || {
    head -40 "$work/broadcast-$1.log"
    exit 1
  }
  local done peak
  done=$(grep -a "Xong" "$work/broadcast-$1.log" | tail -1)
  peak=$(grep "Maximum resident set size" "$work/broadcast-$1.log" | awk '{print $6}')
  echo "| $2 | $done | $((peak / 1024)) MB |"
  sqlite3 "$work/data/loa.sqlite" "SELECT outcome, error_code, COUNT(*) FROM zalo_deliveries GROUP BY 1, 2" | sed 's/^/    outcome|code|count: /'
  grep -ai "zalo" "$work/broadcast-$1.log" | grep -v "Xong" | sort | uniq -c | sort -rn | head -3
}
echo
echo "Broadcast through the stand-in at up to $broadcast_rate messages/s:"
echo "| subscribers | result | peak memory |"
echo "|---:|---|---:|"
small=$((subscribers / 10))
add_subscribers 0 "$small"
article 1
broadcast 1 "$small"
add_subscribers "$small" "$subscribers"
article 2
broadcast 2 "$subscribers"

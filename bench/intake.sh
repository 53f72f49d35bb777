#!/usr/bin/env bash
# Petition intake: wrk sends POST /api/v1/petitions (JSON, each from another address through a
# trusted proxy header, so the per-address limit does not stop it) to a release build on SQLite for
# SECONDS, 16 connections; every petition is validated, stored with its event and notice and a job
# in one transaction. Reference: nginx answering a static file to the same wrk. Prints petitions/s,
# p99, the ratio, and checks that every 201 is in the database.
#   bench/intake.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
loa_port=18196
nginx_port=18197
work=$(mktemp -d /tmp/loa-intake-bench.XXXXXX)
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
((${#missing[@]})) && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

echo "Building Loa in release mode…"
swift build -c release --product loa 2>&1 | tail -n 1
export LOA_DATA_DIR="$work/data" LOA_DEMO=0 LOA_JOBS=0 LOG_LEVEL=warning LOA_TRUSTED_PROXIES=127.0.0.1 LOA_PETITIONS_PER_HOUR=10000
.build/release/loa migrate >/dev/null
.build/release/loa serve --port "$loa_port" >"$work/loa.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$loa_port/healthz" >/dev/null 2>&1 && break; sleep 1; done

cat >"$work/post.lua" <<'LUA'
local counter = 0
request = function()
  counter = counter + 1
  local address = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local body = string.format('{"topic":"tien-luong","title":"Hỏi về phụ cấp thâm niên số %d","content":"Tôi là viên chức, xin hỏi cách tính phụ cấp thâm niên khi chuyển ngạch, lần %d.","name":"Nguyễn Văn An","email":"an%d@example.vn","consent_publish":true}', counter, counter, counter)
  return wrk.format("POST", "/api/v1/petitions", {["Content-Type"] = "application/json", ["X-Forwarded-For"] = address}, body)
end
local created = 0
response = function(status) if status == 201 then created = created + 1 end end
done = function(summary, latency, requests)
  io.write(string.format("statuses_total %d\n", summary.requests))
end
LUA
mkdir -p "$work/www" "$work/tmp"
echo '{"code":"PA-2026-000001","status":"received"}' >"$work/www/receipt.json"
chmod 755 "$work" "$work/www" && chmod 644 "$work/www/receipt.json"
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
NGINX
"$nginx_bin" -c "$work/nginx.conf" -p "$work"
sleep 1

echo "Loa: POST /api/v1/petitions for $seconds s, 16 connections…"
wrk -t2 -c16 -d"${seconds}s" --latency -s "$work/post.lua" "http://127.0.0.1:$loa_port" >"$work/loa.wrk" 2>&1
echo "nginx: static file for $seconds s, 16 connections…"
wrk -t2 -c16 -d"${seconds}s" --latency "http://127.0.0.1:$nginx_port/receipt.json" >"$work/nginx.wrk" 2>&1
stored=$(sqlite3 "$work/data/loa.sqlite" "SELECT COUNT(*) FROM petitions")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/loa.wrk")
loa_rps=$(awk '/Requests\/sec/ {print $2}' "$work/loa.wrk")
loa_p99=$(awk '$1=="99%" {print $2}' "$work/loa.wrk")
ref_rps=$(awk '/Requests\/sec/ {print $2}' "$work/nginx.wrk")
ref_p99=$(awk '$1=="99%" {print $2}' "$work/nginx.wrk")
total=$(awk '/requests in/ {print $1}' "$work/loa.wrk")
printf '\n| %s s, 16 connections | requests/s | p99 |\n|---|---:|---:|\n' "$seconds"
printf '| Loa POST /api/v1/petitions (validate, store, notice job) | %s | %s |\n' "$loa_rps" "$loa_p99"
printf '| nginx static file (reference) | %s | %s |\n' "$ref_rps" "$ref_p99"
printf '\nratio Loa/nginx: %s\n' "$(echo "scale=3; $loa_rps / $ref_rps" | bc)"
echo "answered: $total, non-2xx: ${non2xx:-0}, petitions stored: $stored"
[[ -z "$non2xx" && "$stored" -ge "$total" ]] || { echo "FAIL: some requests were refused or not stored"; exit 1; }

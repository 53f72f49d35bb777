#!/usr/bin/env bash
# Benchmark: one article page served by Loa (release build, SQLite, demo content) against the
# same bytes served by nginx as a static file, both loaded by wrk with 64 connections.
# Prints requests/s, p99 latency and the ratio Loa/nginx.
#   bench/portal-vs-nginx.sh [SECONDS]        (default 15 s per run)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
loa_port=18181
nginx_port=18182
work=$(mktemp -d /tmp/loa-bench.XXXXXX)
loa_pid=""
cleanup() {
  [[ -n "$loa_pid" ]] && kill "$loa_pid" 2>/dev/null || true
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
if ((${#missing[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

echo "Building Loa in release mode…"
swift build -c release --product loa 2>&1 | tail -n 1

LOA_DATA_DIR="$work/data" LOA_JOBS=0 LOG_LEVEL=warning .build/release/loa serve --port "$loa_port" >"$work/loa.log" 2>&1 &
loa_pid=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$loa_port/healthz" >/dev/null 2>&1 && break; sleep 1; done
slug=$(curl -fsS "http://127.0.0.1:$loa_port/api/v1/articles?per_page=1" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)
path="/bai-viet/$slug"

mkdir -p "$work/www"
curl -fsS "http://127.0.0.1:$loa_port$path" >"$work/www/article.html"
bytes=$(wc -c <"$work/www/article.html")
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  types { text/html html; }
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    etag on;
  }
}
NGINX
mkdir -p "$work/tmp"
"$nginx_bin" -c "$work/nginx.conf" -p "$work"
sleep 1

run() {
  local url=$1
  wrk -t2 -c64 -d"${duration}s" --latency "$url" >"$work/wrk.out" 2>&1
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.out")
  echo "$rps $p99"
}
to_ms() { # wrk prints 1.23ms, 456.00us or 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else { sub(/s$/, "", v); print v * 1000 } }'
}

echo "Warming up…"
wrk -t2 -c64 -d3s "http://127.0.0.1:$loa_port$path" >/dev/null
wrk -t2 -c64 -d3s "http://127.0.0.1:$nginx_port/article.html" >/dev/null

echo "Measuring ${duration}s each, 64 connections, page of $bytes bytes ($path)…"
read -r nginx_rps nginx_p99 < <(run "http://127.0.0.1:$nginx_port/article.html")
read -r loa_rps loa_p99 < <(run "http://127.0.0.1:$loa_port$path")

ratio=$(awk -v a="$loa_rps" -v b="$nginx_rps" 'BEGIN { printf "%.2f", a / b }')
printf '\n| server | requests/s | p99 latency |\n|---|---:|---:|\n'
printf '| nginx (static file) | %.0f | %.2f ms |\n' "$nginx_rps" "$(to_ms "$nginx_p99")"
printf '| Loa (article page) | %.0f | %.2f ms |\n' "$loa_rps" "$(to_ms "$loa_p99")"
printf '\nratio Loa/nginx: %s (goal ≥ 0.25; Vapor hello-world reaches about 0.3)\n' "$ratio"

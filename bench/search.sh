#!/usr/bin/env bash
# Search benchmark: N generated articles (default 10000; try 100000), index build time, query
# p50/p95/p99 through Loa's HTTP API for the labelled query mix, the same queries as plain FTS5
# statements in the sqlite3 shell on the same database, the ratio, and the labelled-set quality.
#   bench/search.sh [N] [ROUNDS]
# BENCH_DATA=DIR keeps the generated database in DIR and reuses it on the next run (the import of
# 100,000 articles takes 15–25 minutes on two cores), instead of a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
rounds=${2:-5}
port=18183
work=$(mktemp -d /tmp/loa-search-bench.XXXXXX)
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
command -v sqlite3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }

echo "Building Loa in release mode…"
swift build -c release --product loa 2>&1 | tail -n 1
loa=.build/release/loa
data=${BENCH_DATA:-$work/data}
export LOA_DATA_DIR="$data" LOA_DEMO=0 LOA_JOBS=0 LOG_LEVEL=warning

import_s="" reindex_s=""
if [[ -f "$data/loa.sqlite" && -n "${BENCH_DATA:-}" ]]; then
  echo "Reusing the database in $data ($(sqlite3 "$data/loa.sqlite" 'SELECT COUNT(*) FROM articles') articles)"
  $loa migrate >/dev/null
else
  echo "Generating $n articles…"
  python3 bench/generate-articles.py "$n" "$work/articles.jsonl"
  $loa migrate >/dev/null
  start=$(date +%s.%N)
  $loa import articles "$work/articles.jsonl" >/dev/null
  import_s=$(echo "$(date +%s.%N) - $start" | bc)
  start=$(date +%s.%N)
  $loa search reindex >/dev/null
  reindex_s=$(echo "$(date +%s.%N) - $start" | bc)
fi

$loa serve --port $port >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 1; done

python3 - "$port" "$rounds" "$data/loa.sqlite" <<'PY'
import http.client, json, statistics, subprocess, sys, time, unicodedata, urllib.parse, re, pathlib
port, rounds, db = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
queries = [json.loads(l)["q"] for l in open("bench/search-queries.jsonl", encoding="utf-8")]

def fold(text):
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).lower())
    return "".join(c for c in text if unicodedata.category(c) != "Mn").replace("đ", "d")

def syllables(text):
    return re.findall(r"[^\W_]+", fold(text))

def match(q):  # the same expression Loa builds: all syllables, plus adjacent pairs as boosters
    words = syllables(q)[:12]
    unique = list(dict.fromkeys(words))
    if not unique: return None
    expr = " AND ".join(f'"{w}"' for w in unique)
    pairs = list(dict.fromkeys(a + b for a, b in zip(words, words[1:])))
    if pairs: expr += " AND (" + " OR ".join(f'"{p}"' for p in pairs + [unique[0]]) + ")"
    return expr

connection = http.client.HTTPConnection("127.0.0.1", port)
def loa(q):
    started = time.perf_counter()
    connection.request("GET", "/api/v1/search?q=" + urllib.parse.quote(q))
    body = connection.getresponse().read()
    return (time.perf_counter() - started) * 1000, json.loads(body)["total"]

for q in queries: loa(q)  # warm up
loa_ms = [loa(q)[0] for _ in range(rounds) for q in queries]

# Plain FTS5 in the sqlite3 shell: the same match, ranking, limit and count, timed by the shell.
script = [".timer on"]
for _ in range(rounds):
    for q in queries:
        expr = match(q)
        if not expr: continue
        escaped = expr.replace("'", "''")
        script.append(f"SELECT rowid FROM search_fts WHERE search_fts MATCH '{escaped}' ORDER BY rank LIMIT 20;")
        script.append(f"SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH '{escaped}';")
result = subprocess.run(["sqlite3", db], input="\n".join(script), capture_output=True, text=True)
if result.stderr.strip():
    sys.exit("sqlite3 failed: " + result.stderr.strip()[:500])
output = result.stdout
times = [float(t) * 1000 for t in re.findall(r"Run Time: real ([0-9.]+)", output)]
sqlite_ms = [a + b for a, b in zip(times[0::2], times[1::2])]

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

print(f"\n| query path ({len(queries)} queries × {rounds}) | p50 | p95 | p99 |\n|---|---:|---:|---:|")
print(f"| Loa GET /api/v1/search (HTTP, snippets, JSON) | {pct(loa_ms,50):.2f} ms | {pct(loa_ms,95):.2f} ms | {pct(loa_ms,99):.2f} ms |")
print(f"| plain FTS5 in sqlite3 (match + count) | {pct(sqlite_ms,50):.2f} ms | {pct(sqlite_ms,95):.2f} ms | {pct(sqlite_ms,99):.2f} ms |")
print(f"\nratio Loa/sqlite3 at p95: {pct(loa_ms,95) / max(pct(sqlite_ms,95), 0.001):.1f}")
PY
[[ -n "$import_s" ]] && printf '\n%s articles: import with inline indexing %.1f s, `loa search reindex` %.1f s\n' "$n" "$import_s" "$reindex_s"
echo "Labelled-set quality (demo content):"
swift test --filter SearchQualityTests 2>&1 | grep "search quality" || true

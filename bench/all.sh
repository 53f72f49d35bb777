#!/usr/bin/env bash
# Every benchmark, then one table: each figure with its reference in the same run and the ratio.
#   bench/all.sh [quick|full]
#     quick (default, about 10 minutes): search on 10,000 articles, 10 s runs, 10,000 broadcast
#       recipients; full: search on 100,000 (BENCH_DATA keeps that database), 15 s runs, 100,000.
# Each script's own output is kept in bench/out/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-quick}
out=bench/out
mkdir -p "$out"
if [[ $mode == full ]]; then articles=100000 seconds=15 subscribers=100000; else articles=10000 seconds=10 subscribers=10000; fi

if [[ -z "${TABLE_ONLY:-}" ]]; then
  echo "Portal page against nginx…";    bench/portal-vs-nginx.sh "$seconds" >"$out/portal.txt" 2>&1
  echo "Search on $articles articles…"; bench/search.sh "$articles" 3 >"$out/search.txt" 2>&1
  echo "Petition intake…";              bench/intake.sh "$seconds" >"$out/intake.txt" 2>&1
  echo "Zalo webhook and broadcast…";   bench/zalo.sh "$subscribers" 1000 "$seconds" 5000 >"$out/zalo.txt" 2>&1
fi

cell() { grep -m1 -F "$2" "$out/$1.txt" | awk -F'|' -v c="$3" '{gsub(/^ +| +$/, "", $c); print $c}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { a += 0; b += 0; if (b == 0) print "–"; else printf (a / b < 0.1 ? "%.3f" : "%.2f"), a / b }'; }

portal_loa=$(cell portal "Loa (article page)" 3); portal_ref=$(cell portal "nginx (static file)" 3)
search_loa=$(cell search "Loa GET /api/v1/search" 4); search_ref=$(cell search "plain FTS5 in sqlite3" 4)
intake_loa=$(cell intake "Loa POST /api/v1/petitions" 3); intake_ref=$(cell intake "nginx static file" 3)
hook_rate=$(cell zalo "Loa POST /webhooks/zalo" 3)
hook_loa=$(cell zalo "Loa POST /webhooks/zalo" 6); hook_ref=$(cell zalo "nginx static file" 6)
broadcast=$(grep -E "^\| *$subscribers \|" "$out/zalo.txt" | head -1)

printf '\n| figure (%s) | Loa | reference | ratio |\n|---|---:|---:|---:|\n' "$mode"
printf '| article page, requests/s (64 connections) | %s | %s nginx static | %s |\n' "$portal_loa" "$portal_ref" "$(ratio "$portal_loa" "$portal_ref")"
printf '| search p95 on %s articles | %s | %s ranked FTS5 in sqlite3 | %s |\n' "$articles" "$search_loa" "$search_ref" \
  "$(ratio "${search_loa% ms}" "${search_ref% ms}")"
printf '| petitions stored per second | %s | %s nginx static | %s |\n' "$intake_loa" "$intake_ref" "$(ratio "$intake_loa" "$intake_ref")"
printf '| Zalo webhook p99 at 1000 events/s (%s answered/s) | %s | %s nginx static | %s |\n' "$hook_rate" "$hook_loa" "$hook_ref" \
  "$(ratio "${hook_loa% ms}" "${hook_ref% ms}")"
printf '| broadcast to %s subscribers: result, peak memory | %s | – | – |\n' "$subscribers" "$(echo "$broadcast" | awk -F'|' '{gsub(/^ +| +$/, "", $3); gsub(/^ +| +$/, "", $4); print $3 ", " $4}')"
printf '\nDetails: %s/{portal,search,intake,zalo}.txt\n' "$out"

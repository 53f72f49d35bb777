#!/usr/bin/env bash
# Schemathesis against Loa's own OpenAPI document (/openapi.json): generated and fuzzed requests to
# every operation, the stateful links between them, with a staff token, on a fresh SQLite data
# folder with the demo content. Fails on any 5xx and on any answer outside the document (status,
# content type, headers, body schema).
#   scripts/schemathesis.sh [MAX_EXAMPLES]      LOA_BIN=.build/release/loa scripts/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-30}
loa=${LOA_BIN:-.build/debug/loa}
port=18095
work=$(mktemp -d /tmp/loa-schemathesis.XXXXXX)
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; cp "$work/run.log" /tmp/schemathesis-last.log 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
keep=${KEEP:-}

command -v schemathesis >/dev/null || python3 -m pip install -q schemathesis 2>&1 | grep -v "WARNING: Running pip as the 'root'" || true
[[ -x "$loa" ]] || swift build --product loa 2>&1 | tail -n 1
export LOA_DATA_DIR="$work/data" LOA_PETITIONS_PER_HOUR=10000 LOA_COMMENTS_PER_HOUR=10000 LOG_LEVEL=warning
"$loa" migrate >/dev/null
"$loa" user create --email schemathesis@loa.example.gov.vn --role administrator --password "mat-khau-$(date +%s)-dai" >/dev/null
token=$("$loa" token create --email schemathesis@loa.example.gov.vn --name schemathesis | grep -oE '[A-Za-z0-9_-]{30,}' | tail -n 1)
"$loa" serve --port "$port" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 1; done

schemathesis run "http://127.0.0.1:$port/openapi.json" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --max-examples "$examples" --workers 2 --seed 20261129 --no-color 2>&1 | tee "$work/run.log" | grep -vE '^\s*$' | tail -n 25
# A schema the tool cannot use is reported as an error, not a failure, and skips the operation.
grep -qE "[0-9]+ generated, [0-9]+ passed" "$work/run.log" && ! grep -qE "failures?|[0-9]+ errors?|Schema Error" "$work/run.log" || {
  echo "schemathesis found failures"
  tail -n 40 "$work/serve.log"
  exit 1
}
echo "RESULT: PASS"

#!/usr/bin/env bash
# Real-browser end-to-end test (headless Chromium through Selenium, scripts/browser-test.py):
#   A. a citizen on a phone (390x844) sends a petition on /phan-anh by keyboard, reads the tracking
#      code and access key from the receipt and finds the petition on /phan-anh/tra-cuu;
#   B. on a desktop (1366x900) an editor writes an article and submits it, an approver (another
#      browser session) publishes it, and it is on the home page and opens at /bai-viet/{slug};
#   plus accessibility checks on every public page visited (labels, one h1, heading order,
#   html[lang=vi], img alt, text contrast, visible keyboard focus) and screenshots at 390 and 1366
#   wide of the home page, an article, the petition form, the receipt, tracking and /staff/dashboard.
#   scripts/browser-test.sh        LOA_BIN=.build/release/loa SCREENSHOTS=/tmp/shots scripts/browser-test.sh
# Installs what is missing (selenium from PyPI, chromium and chromium-driver from Debian), starts
# `loa serve` on a fresh temporary data folder (demo content) and removes everything on exit.
# Prints PASS/FAIL lines; exits non-zero if any check fails.
set -euo pipefail
# The screenshot folder, relative to where the script is started from (default ./browser-screenshots).
SCREENSHOTS=${SCREENSHOTS:-./browser-screenshots}
mkdir -p "$SCREENSHOTS"
export SCREENSHOTS=$(cd "$SCREENSHOTS" && pwd)
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d /tmp/loa-browser.XXXXXX)
server_pid=""

cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# What is missing
need=()
command -v python3 >/dev/null || need+=(python3 python3-pip)
command -v curl >/dev/null || need+=(curl)
[[ -x "${CHROMIUM_BIN:-/usr/bin/chromium}" ]] || need+=(chromium)
command -v chromedriver >/dev/null || [[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
if ((${#need[@]})); then
  echo "Installing ${need[*]}…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; }
fi
if ! python3 -c 'import selenium' 2>/dev/null; then
  echo "Installing selenium…"
  python3 -m pip install -q selenium 2>&1 | grep -v -i 'warning' || true
  python3 -c 'import selenium'
fi
export CHROMEDRIVER_BIN=${CHROMEDRIVER_BIN:-$(command -v chromedriver || echo /usr/bin/chromedriver)}
export SE_AVOID_STATS=true  # no Selenium Manager telemetry; the driver path is given explicitly

loa=${LOA_BIN:-$root/.build/debug/loa}
if [[ ! -x "$loa" ]]; then
  if [[ -n "${LOA_BIN:-}" ]]; then echo "no loa binary at $loa" >&2; exit 1; fi
  echo "Building loa (debug)…"
  swift build --product loa 2>&1 | tail -n 1
fi
[[ -x "$loa" ]] || { echo "no loa binary at $loa" >&2; exit 1; }

# A free port
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
export LOA_DATA_DIR=$work/data
mkdir -p "$LOA_DATA_DIR"
unset DATABASE_URL LOA_DEMO || true
# Petitions an hour from one address: the run sends one, but keep the limit out of the way.
export LOA_PETITIONS_PER_HOUR=${LOA_PETITIONS_PER_HOUR:-100}

export EDITOR_EMAIL=bien-tap@example.vn EDITOR_PASSWORD="Bien-tap-$RANDOM-thu-nghiem"
export APPROVER_EMAIL=nguoi-duyet@example.vn APPROVER_PASSWORD="Nguoi-duyet-$RANDOM-thu-nghiem"

"$loa" serve --hostname 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
export BROWSER_TEST_URL=http://127.0.0.1:$port
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "$BROWSER_TEST_URL/" && break
  kill -0 "$server_pid" 2>/dev/null || { echo "FAIL loa serve exited:"; tail -n 30 "$work/serve.log"; exit 1; }
  sleep 0.1
done
curl -fs -o /dev/null "$BROWSER_TEST_URL/" || { echo "FAIL loa serve did not answer on $BROWSER_TEST_URL"; tail -n 30 "$work/serve.log"; exit 1; }
echo "loa serve on $BROWSER_TEST_URL (data in $LOA_DATA_DIR)"

"$loa" user create --email "$EDITOR_EMAIL" --role editor --password "$EDITOR_PASSWORD" --name "Biên tập viên thử" >/dev/null
"$loa" user create --email "$APPROVER_EMAIL" --role approver --password "$APPROVER_PASSWORD" --name "Người duyệt thử" >/dev/null
echo "created $EDITOR_EMAIL (editor) and $APPROVER_EMAIL (approver)"

status=0
timeout 170 python3 "$root/scripts/browser-test.py" || status=$?
if ((status == 124)); then echo "FAIL the browser test ran out of time (170 s)"; fi
if ((status != 0)); then
  echo "--- last lines of the server log ---"
  tail -n 20 "$work/serve.log"
fi
exit "$status"

#!/usr/bin/env bash
# Runs every test on a real PostgreSQL that this script starts (installing it when missing),
# then prints one line: "N passed, N failed". Extra arguments go to `dotnet test` (e.g. --filter).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

# The browser tests drive Debian's Chromium; Playwright never downloads a browser.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Chromium is not installed; installing it with apt-get ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "The browser tests need Chromium at /usr/bin/chromium. Install it first: sudo apt-get install chromium" >&2
  fi
fi

# nginx, certbot, pebble, sslscan, docker-compose and chromium for the deployment and browser tests.
bash scripts/install-test-tools.sh || echo "Some deployment-test tools are missing (see above); those tests will fail." >&2

was_running=0
scripts/postgres.sh status >/dev/null 2>&1 && was_running=1
scripts/postgres.sh start eraport_test || { echo "0 passed, 1 failed"; exit 1; }
# On CI leave nothing running; on a developer machine a running database is reused by the next run.
if [ "$was_running" = 0 ] && [ -n "${CI:-}" ]; then trap 'scripts/postgres.sh stop' EXIT; fi

export ERAPORT_TEST_DB="$(scripts/postgres.sh url eraport_test)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
results=$(mktemp -d)
dotnet test ERaport.sln --logger "trx" --results-directory "$results" "$@"
rc=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<< "$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<< "$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A build failure runs no test: count it as a failure, never as green.
if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
rm -rf "$results"
# The browser tests keep screenshots of the main pages (and the apps' logs) of the last run here.
for shots in "$repo"/tests/ERaport.Tests/bin/*/*/TestResults/screenshots; do
  [ -d "$shots" ] && echo "Screenshots of the last browser test run: $shots"
done
echo "$passed passed, $failed failed"
exit $rc

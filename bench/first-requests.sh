#!/usr/bin/env bash
# Cold start of the Release build (issue 7): starts E-Raport in Production on a fresh database with the demo
# school, then prints the time until it is ready, the latency of the first and second call of command handlers
# the demo seeding did not use (a wrong password: RecordFailedSignIn; the right one after it: ClearFailedSignIns),
# the app's memory (VmRSS, VmHWM) and whether Roslyn (Microsoft.CodeAnalysis) was ever loaded.
# Usage: bench/first-requests.sh   (uses the project's PostgreSQL like scripts/bench.sh; builds nothing)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
dll=src/Web/bin/Release/net10.0/ERaport.Web.dll
[ -f "$dll" ] || { echo "$dll is missing: dotnet build src/Web -c Release" >&2; exit 1; }

db="eraport_cold_$(date -u +%Y%m%d%H%M%S)"
work=$(mktemp -d /tmp/eraport-cold.XXXXXX)
port=$((20000 + RANDOM % 20000))
pg_was_running=0
scripts/postgres.sh status >/dev/null 2>&1 && pg_was_running=1
app=""
cleanup() {
  set +e
  [ -n "$app" ] && { kill -TERM "$app" 2>/dev/null; wait "$app" 2>/dev/null; }
  scripts/postgres.sh drop "$db" 2>/dev/null
  rm -rf "$work"
  [ "$pg_was_running" = 0 ] && scripts/postgres.sh stop
}
trap cleanup EXIT
scripts/postgres.sh start "$db" >/dev/null

ms() { date +%s%3N; }
start=$(ms)
(
  cd src/Web
  export ConnectionStrings__EventStore="$(cd "$repo" && scripts/postgres.sh url "$db")" ReadModel__Path="$work/readmodel.db"
  export Demo__Seed=true Demo__LoginsFile="$work/logins.txt" DataProtection__KeysPath="$work/keys"
  export ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production DOTNET_NOLOGO=1
  exec dotnet "$repo/$dll"
) > "$work/app.log" 2>&1 &
app=$!
until [ -s "$work/logins.txt" ] && curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
  kill -0 "$app" 2>/dev/null || { cat "$work/app.log"; exit 1; }
  sleep 0.1
done
ready=$(( $(ms) - start ))

password() { awk -v u="$1" '$0 ~ "  "u"  " {print $NF}' "$work/logins.txt"; }
signin() { # user password -> milliseconds
  curl -s -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' \
    -d "{\"userName\":\"$1\",\"password\":\"$2\"}" "http://127.0.0.1:$port/api/session" | awk '{printf "%.0f", $1 * 1000}'
}
wrong1=$(signin kepsek wrong-password); wrong2=$(signin wali.x1 wrong-password)
right1=$(signin kepsek "$(password kepsek)"); right2=$(signin wali.x1 "$(password wali.x1)")
status() { awk -v k="$1:" '$1 == k {printf "%.0f MB", $2 / 1024}' "/proc/$app/status"; }
roslyn=$(grep -c 'Microsoft.CodeAnalysis' "/proc/$app/maps" || true)

echo "uptime: $(uptime)"
echo "ready (demo school seeded, /health 200): $ready ms"
echo "wrong password (RecordFailedSignIn), first / second call: $wrong1 / $wrong2 ms"
echo "right password after it (ClearFailedSignIns), first / second call: $right1 / $right2 ms"
echo "VmRSS $(status VmRSS), VmHWM $(status VmHWM); Roslyn mappings: $roslyn"

#!/usr/bin/env bash
# Restore drill: back up the event store, restore it into a fresh database, rebuild the read model from
# both, and prove they hold the same content (every table, every student's scores and history).
# Prints how long each step took. Exit code 0 only when the restored copy is identical.
# Env: ERAPORT_DB (default eraport), ERAPORT_SCHEMA (default eraport),
#      ERAPORT_APP_DLL (built app; default: builds src/Web in Release).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
db=${ERAPORT_DB:-eraport}
schema=${ERAPORT_SCHEMA:-eraport}
drill_db="${db}_drill_$(date -u +%Y%m%d%H%M%S)"
work=$(mktemp -d)
cleanup() {
  PGPASSWORD=$(cat "${ERAPORT_LOCAL:-$repo/.local}/pg/password") \
    "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -h 127.0.0.1 -p "${ERAPORT_PG_PORT:-55432}" -U postgres -d postgres -q \
    -c "drop database if exists \"$drill_db\"" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dll=${ERAPORT_APP_DLL:-}
if [ -z "$dll" ]; then
  dotnet build src/Web -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  dll="$repo/src/Web/bin/Release/net10.0/ERaport.Web.dll"
fi
seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.1f", b - a }'; }

t=$(seconds); dump=$(ERAPORT_DB=$db scripts/backup.sh "$work"); backup_s=$(elapsed "$t")
t=$(seconds); scripts/restore.sh "$dump" "$drill_db" >/dev/null; restore_s=$(elapsed "$t")

digest() {
  ConnectionStrings__EventStore="$(scripts/postgres.sh url "$1")" EventStore__Schema="$schema" \
    ReadModel__Path="$work/unused.db" dotnet "$dll" read-model-digest --until "$2" 2>/dev/null | grep -v '^\[\|^Searching\|^for commands\|^PublicKeyToken\|^$'
}
until=$(PGPASSWORD=$(cat "${ERAPORT_LOCAL:-$repo/.local}/pg/password") \
  "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -h 127.0.0.1 -p "${ERAPORT_PG_PORT:-55432}" -U postgres -d "$drill_db" -qtA \
  -c "select coalesce(max(seq_id), 0) from \"$schema\".mt_events")
t=$(seconds); original=$(digest "$db" "$until"); original_s=$(elapsed "$t")
t=$(seconds); restored=$(digest "$drill_db" "$until"); restored_s=$(elapsed "$t")

echo "backup ${backup_s}s, restore ${restore_s}s, rebuild from original ${original_s}s, rebuild from restored ${restored_s}s; events up to sequence $until"
if [ "$(grep -v '^#' <<< "$original")" = "$(grep -v '^#' <<< "$restored")" ] && [ -n "$original" ]; then
  grep -v '^#' <<< "$restored" | sed 's/^/  /'
  echo "Restore drill passed: the restored event store rebuilds into an identical read model."
else
  diff <(echo "$original") <(echo "$restored") || true
  echo "Restore drill FAILED: the restored copy differs." >&2
  exit 1
fi

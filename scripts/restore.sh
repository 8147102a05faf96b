#!/usr/bin/env bash
# Restores a dump made by scripts/backup.sh into a NEW database (never over a live one).
# Usage: scripts/restore.sh <dump> <new-database>
# Then point ConnectionStrings:EventStore at it; the read model rebuilds itself from the events on start.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dump=${1:?usage: scripts/restore.sh <dump> <new-database>}
db=${2:?usage: scripts/restore.sh <dump> <new-database>}
[ -f "$dump" ] || { echo "No such dump: $dump" >&2; exit 1; }
"$repo/scripts/postgres.sh" start >&2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
export PGPASSWORD
PGPASSWORD=$(cat "${ERAPORT_LOCAL:-$repo/.local}/pg/password")
port=${ERAPORT_PG_PORT:-55432}
exists=$("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtA -c "select 1 from pg_database where datname = '$db'")
[ "$exists" != 1 ] || { echo "Database $db already exists: restore into a new one." >&2; exit 1; }
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -c "create database \"$db\" owner eraport"
"$bin/pg_restore" -h 127.0.0.1 -p "$port" -U postgres -d "$db" --no-owner --role=eraport --exit-on-error "$dump"
echo "Restored $dump into database $db"

#!/usr/bin/env bash
# Consistent backup of E-Raport's event store (the source of truth) from the local PostgreSQL:
# pg_dump custom format (one snapshot transaction) plus the cluster's roles.
# Usage: scripts/backup.sh [output-dir]   (default .local/backups); prints the dump's path.
# Env: ERAPORT_DB (database, default eraport). The SQLite read model needs no backup: it is rebuilt.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
db=${ERAPORT_DB:-eraport}
out=${1:-$repo/.local/backups}
mkdir -p "$out"
"$repo/scripts/postgres.sh" start "$db" >&2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dump="$out/$db-$stamp.dump"
export PGPASSWORD
PGPASSWORD=$(cat "${ERAPORT_LOCAL:-$repo/.local}/pg/password")
port=${ERAPORT_PG_PORT:-55432}
"$bin/pg_dump" -h 127.0.0.1 -p "$port" -U postgres -Fc -f "$dump.partial" "$db"
"$bin/pg_dumpall" -h 127.0.0.1 -p "$port" -U postgres --globals-only > "$out/globals-$stamp.sql"
mv "$dump.partial" "$dump"
chmod 600 "$dump" "$out/globals-$stamp.sql"
echo "$dump"

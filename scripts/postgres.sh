#!/usr/bin/env bash
# A private PostgreSQL for E-Raport: data under .local/, loopback only, password auth.
# Usage: scripts/postgres.sh start|stop|status|url|drop [database]
# Env: ERAPORT_PG_PORT (default 55432), ERAPORT_LOCAL (default <repo>/.local)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
local_dir=${ERAPORT_LOCAL:-$repo/.local}
port=${ERAPORT_PG_PORT:-55432}
pwfile=$local_dir/pg/password

# As root the server runs as 'postgres', which must be able to reach its files. When the checkout sits in a
# folder others may not enter (e.g. a clone in a `mktemp -d` folder), the server's files go to /var/tmp.
others_can_enter() {
  local d=$1
  while [ "$d" != / ]; do
    if [ -e "$d" ] && [ $(( 8#$(stat -c %a "$d") & 1 )) = 0 ]; then return 1; fi
    d=$(dirname "$d")
  done
}
server_dir=$local_dir/pg
if [ "$(id -u)" = 0 ] && ! others_can_enter "$local_dir"; then
  server_dir=/var/tmp/eraport-pg-$(printf %s "$repo" | md5sum | cut -c1-12)
fi
data=$server_dir/data
run=$server_dir/run
log=$server_dir/log/postgres.log

find_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$d" ] && command -v pg_ctl >/dev/null; then d=$(dirname "$(readlink -f "$(command -v pg_ctl)")"); fi
  echo "$d"
}

install_if_missing() {
  bin=$(find_bin)
  if [ -n "$bin" ] && [ -x "$bin/initdb" ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL is not installed; installing it with apt-get ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(find_bin)
  fi
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL server binaries not found. Install them first: sudo apt-get install postgresql" >&2
    exit 1
  fi
}

# PostgreSQL refuses to run as root: run it as the 'postgres' user then.
as_owner() {
  # From / so that a working folder 'postgres' may not enter causes no warnings.
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

psql_admin() {
  PGPASSWORD=$(cat "$pwfile") "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

init_cluster() {
  [ -f "$data/PG_VERSION" ] && return
  mkdir -p "$local_dir/pg" "$run" "$(dirname "$log")"
  umask 077
  [ -f "$pwfile" ] || head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$pwfile"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/false postgres
    chmod 755 "$local_dir" "$local_dir/pg" "$server_dir" 2>/dev/null || true
    cp "$pwfile" "$run/.pw" && chown -R postgres "$run" "$(dirname "$log")"
    mkdir -p "$data" && chown postgres "$data"
    as_owner "$bin/initdb" -D "$data" -U postgres --pwfile="$run/.pw" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$run/.pw"
  else
    mkdir -p "$data"
    "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
}

is_running() { as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

ensure_database() {
  local db=$1
  if [ "$(psql_admin -c "select 1 from pg_roles where rolname='eraport'")" != 1 ]; then
    psql_admin -c "create role eraport login password '$(cat "$pwfile")'"
  fi
  if [ "$(psql_admin -c "select 1 from pg_database where datname='$db'")" != 1 ]; then
    psql_admin -c "create database \"$db\" owner eraport"
  fi
}

url() {
  echo "Host=127.0.0.1;Port=$port;Database=$1;Username=eraport;Password=$(cat "$pwfile")"
}

cmd=${1:-status}
db=${2:-eraport}
bin=$(find_bin)
case "$cmd" in
  start)
    install_if_missing
    init_cluster
    if ! is_running; then
      if ! as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $run -c fsync=on -c max_connections=300" start >/dev/null; then
        tail -n 5 "$log" >&2
        echo "PostgreSQL did not start. If port $port is taken (another checkout's database?), stop that one or choose another port: ERAPORT_PG_PORT=55433 $0 start" >&2
        exit 1
      fi
    fi
    ensure_database "$db"
    ;;
  stop)
    [ -n "$bin" ] && [ -f "$data/PG_VERSION" ] && is_running && as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    true
    ;;
  status)
    if [ -n "$bin" ] && [ -f "$data/PG_VERSION" ] && is_running; then echo "running on 127.0.0.1:$port"; else echo "stopped"; exit 3; fi
    ;;
  url) url "$db" ;;
  drop) # a scratch database (benchmarks); named explicitly, never the default
    [ -n "${2:-}" ] || { echo "usage: $0 drop DATABASE" >&2; exit 2; }
    is_running && psql_admin -c "drop database if exists \"$db\" with (force)" >/dev/null
    ;;
  *) echo "usage: $0 start|stop|status|url|drop [database]" >&2; exit 2 ;;
esac

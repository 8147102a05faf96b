#!/usr/bin/env bash
# Load benchmark (issue 7): the project's PostgreSQL (fsync on) with a fresh database, the app built and
# started in Release as its own process on a free loopback port, the first admin of each school created with
# the app's own `create-admin` command (the one way an installation gets its first account); then
# bench/ERaport.Benchmark seeds the schools through the public API and drives the app over HTTP.
# Results: bench/results/<timestamp>.md and .json.
#
# Usage: scripts/bench.sh [options]
#   school:    --schools 4 (a district: one admin each) --classes 36 --students 32-36 --subjects 12 --teachers 30 --objectives 4
#   this:      --keep (keep the database, read model and app log) --counters (dotnet-counters CSV of the app)
#              --app-pool N (cap the app's PostgreSQL connection pool: Maximum Pool Size=N)
#              --app-env NAME=VALUE (an environment variable for the app alone, e.g. DOTNET_GCHeapHardLimit=0xA000000; repeatable)
#              --server CPUS:MB (confine the app and PostgreSQL together to CPUS cores and MB of memory, page cache included,
#              as on a small VPS: a cgroup, root only; the benchmark tool stays outside. Example: --server 1:800)
#              --via-nginx (the measured phases go through the project's nginx as production runs it: Debian's nginx,
#              deploy/nginx's entrypoint and template, TLS with a self-signed certificate the tool alone trusts, on a free
#              loopback port; nginx's CPU is reported apart. Seeding still goes to the app directly: nginx limits sign-ins.
#              With --http-version 2 the tool speaks HTTP/2 to nginx, as browsers do; default HTTP/1.1 keep-alive)
#   benchmark: --duration 30 --writers 50 --correctors 50 --think-ms 1000 --readers 200 --paced-readers 200
#              --leger-share 0.8 --pdf-duration 20 --rebuild-events 0 --phases saves,revisions,corrections,... (all)
#              (see: dotnet bench/ERaport.Benchmark/bin/Release/net10.0/ERaport.Benchmark.dll)
# Example: scripts/bench.sh --duration 30 --read-duration 20
#          scripts/bench.sh --schools 1 --classes 3 --students 32 --subjects 4 --teachers 8 --duration 10 --writers 8 --correctors 8 \
#            --readers 40 --paced-readers 40 --read-classes 3   (a quick check)
#          scripts/bench.sh --via-nginx --schools 1 --classes 6 --students 32 --subjects 12 --teachers 12 --phases reads,paced,pdf \
#            --read-duration 20 --read-classes 6   (pages and PDFs through nginx and TLS; the same without --via-nginx to compare)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

schools=4 keep=0 counters=0 app_pool="" server="" via_nginx=0
bench_args=() extra_env=()
while [ $# -gt 0 ]; do
  case "$1" in
    --schools) schools=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --counters) counters=1; shift ;;
    --app-pool) app_pool=$2; shift 2 ;;
    --app-env) extra_env+=("$2"); shift 2 ;;
    --server) server=$2; shift 2 ;;
    --via-nginx) via_nginx=1; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) bench_args+=("$1"); shift ;;
  esac
done

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://dot.net" >&2; exit 1; }
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

stamp=$(date -u +%Y%m%d-%H%M%S)
db="eraport_bench_${stamp//-/_}"
results="$repo/bench/results"
work=$(mktemp -d /tmp/eraport-bench.XXXXXX)
mkdir -p "$results"

# Other sessions may use the same PostgreSQL: stop it at the end only if this script started it.
pg_was_running=0
scripts/postgres.sh status >/dev/null 2>&1 && pg_was_running=1
app=""; counters_pid=""; nginx=""; group_dirs=()

# --server: one cgroup for the app and PostgreSQL (v1: a memory and a cpuset group; v2: one group with both).
confine() {
  local cpus=${server%%:*} mb=${server##*:} group="eraport-bench-$stamp"
  [[ $server == *:* && $cpus =~ ^[1-9][0-9]*$ && $mb =~ ^[1-9][0-9]*$ ]] || { echo "--server CPUS:MB, e.g. --server 1:800" >&2; exit 2; }
  [ "$cpus" -le "$(nproc)" ] || { echo "--server: this machine has $(nproc) cores" >&2; exit 2; }
  if [ -w /sys/fs/cgroup/memory ] && [ -w /sys/fs/cgroup/cpuset ]; then
    group_dirs=("/sys/fs/cgroup/memory/$group" "/sys/fs/cgroup/cpuset/$group")
    mkdir "${group_dirs[@]}"
    echo $((mb * 1048576)) > "${group_dirs[0]}/memory.limit_in_bytes"
    cat /sys/fs/cgroup/cpuset/cpuset.mems > "${group_dirs[1]}/cpuset.mems"
    echo "0-$((cpus - 1))" > "${group_dirs[1]}/cpuset.cpus"
  elif [ -w /sys/fs/cgroup/cgroup.subtree_control ]; then
    echo "+memory +cpuset" > /sys/fs/cgroup/cgroup.subtree_control
    group_dirs=("/sys/fs/cgroup/$group")
    mkdir "${group_dirs[@]}"
    echo $((mb * 1048576)) > "${group_dirs[0]}/memory.max"
    echo 0 > "${group_dirs[0]}/memory.swap.max"
    echo "0-$((cpus - 1))" > "${group_dirs[0]}/cpuset.cpus"
  else
    echo "--server needs write access to cgroups (run as root)" >&2; exit 1
  fi
  server_label="$cpus core(s) and $mb MB"
}
join_group() { local d; for d in "${group_dirs[@]}"; do echo "$1" > "$d/cgroup.procs"; done; }
release_group() { # back to the parent group (PostgreSQL may serve others afterwards), then remove the group
  local d p
  for d in ${group_dirs[@]+"${group_dirs[@]}"}; do
    for p in $(cat "$d/cgroup.procs" 2>/dev/null); do echo "$p" > "$(dirname "$d")/cgroup.procs" 2>/dev/null; done
    rmdir "$d" 2>/dev/null || echo "Could not remove the cgroup $d" >&2
  done
}

cleanup() {
  set +e
  trap '' INT TERM
  stop_pid() { # pid signal: ask, wait up to 30 s, then kill
    kill -0 "$1" 2>/dev/null || return 0
    kill "-$2" "$1" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
  }
  [ -n "$nginx" ] && stop_pid "$nginx" QUIT # nginx's graceful stop, as the image's STOPSIGNAL
  [ -n "$app" ] && stop_pid "$app" TERM
  [ -n "$counters_pid" ] && stop_pid "$counters_pid" INT
  [ -f "$work/app.log" ] && cp "$work/app.log" "$results/$stamp-app.log"
  [ -f "$work/nginx.log" ] && cp "$work/nginx.log" "$results/$stamp-nginx.log"
  if [ "$keep" = 1 ]; then
    echo "Kept: database $db, read model and logs in $work"
  else
    scripts/postgres.sh drop "$db" 2>/dev/null
    rm -rf "$work"
  fi
  release_group
  [ "$pg_was_running" = 0 ] && scripts/postgres.sh stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "$server" ]; then
  confine
  # Memory is charged to the group a process was in when it touched it: PostgreSQL (re)starts inside the group.
  scripts/postgres.sh stop
  (join_group "$BASHPID" && scripts/postgres.sh start "$db")
  bench_args+=(--server-cgroup "${group_dirs[0]}" --server-limits "$server_label")
  echo "The app and PostgreSQL are confined to $server_label (${group_dirs[*]})"
else
  scripts/postgres.sh start "$db"
fi
connection=$(scripts/postgres.sh url "$db")

echo "Publishing the app as the container image does, and building the benchmark (Release) ..."
# Published, not built: a build output serves static files through the development handler (a file check per
# request) instead of the published manifest.
dotnet publish src/Web -c Release -o "$work/app" -p:UseAppHost=false -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/ERaport.Benchmark -c Release -nologo -v quiet -clp:ErrorsOnly

# A free loopback port: one nothing answers on, below Linux's ephemeral range (32768-60999), where nginx's
# connections to the app (one per request) would otherwise take it between the check and the bind.
free_port() {
  local candidate
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 12768))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  echo "No free port found" >&2; exit 1
}
port=$(free_port)

# Runtime settings under test reach the app only, not the build or the benchmark tool.
web=(env ${extra_env[@]+"${extra_env[@]}"} dotnet ERaport.Web.dll)
app_env() {
  export ConnectionStrings__EventStore="$connection${app_pool:+;Maximum Pool Size=$app_pool}"
  export ReadModel__Path="$work/readmodel.db" ASPNETCORE_ENVIRONMENT=Production
  # As in docker-compose.yml: X-Forwarded-* believed from nginx's address only.
  if [ "$via_nginx" = 1 ]; then export Proxy__KnownNetworks=127.0.0.1/32; fi
}

# One first admin per school, as an installation gets it: `create-admin` prints a one-time password once.
echo "Creating the first admin of $schools school(s) (create-admin) ..."
logins="$work/bench-logins.tsv"
create_admin() { # school number
  local id user out
  id=$(printf 'bench-%02d' "$1"); user=$(printf 'b%02d.admin' "$1")
  out=$(cd "$work/app" && app_env && "${web[@]}" create-admin --school "$id" --username "$user" --name "Operator $id" 2>&1) || { echo "$out" >&2; return 1; }
  printf 'admin\t%s\t%s\t%s\n' "$user" "$(sed -n 's/^ *one-time password: *//p' <<<"$out")" "$id"
}
seed_clock=$SECONDS
create_admin 1 > "$logins"   # the first also applies the database schema
pids=()
for i in $(seq 2 "$schools"); do # two at a time: each starts a host
  create_admin "$i" > "$work/admin-$i.tsv" & pids+=($!)
  if [ ${#pids[@]} = 2 ]; then for p in "${pids[@]}"; do wait "$p"; done; pids=(); fi
done
for p in ${pids[@]+"${pids[@]}"}; do wait "$p"; done
for i in $(seq 2 "$schools"); do cat "$work/admin-$i.tsv" >> "$logins"; done
chmod 600 "$logins"
echo "  $(wc -l < "$logins") admin(s) in $((SECONDS - seed_clock)) s"

echo "Starting E-Raport on http://127.0.0.1:$port (database $db) ..."
(
  cd "$work/app"
  app_env
  export ASPNETCORE_URLS="http://127.0.0.1:$port"
  [ -n "$server" ] && join_group "$BASHPID"
  exec "${web[@]}"
) > "$work/app.log" 2>&1 &
app=$!

if [ "$counters" = 1 ]; then
  tools="$repo/.local/tools"
  [ -x "$tools/dotnet-counters" ] || dotnet tool install dotnet-counters --tool-path "$tools" >/dev/null
  sleep 2
  "$tools/dotnet-counters" collect -p "$app" --format csv -o "$results/$stamp-counters.csv" --refresh-interval 1 \
    --counters System.Runtime,Microsoft.AspNetCore.Hosting,Microsoft.AspNetCore.Server.Kestrel,Npgsql </dev/null >/dev/null 2>&1 &
  counters_pid=$!
fi

# The project's nginx in front, as deploy/nginx's image runs it (tests/ERaport.Tests/Deploy/NginxServer.cs does the
# same): the entrypoint renders the template for server name localhost and serves its self-signed stand-in certificate.
if [ "$via_nginx" = 1 ]; then
  { [ -x /usr/sbin/nginx ] && command -v envsubst >/dev/null && command -v openssl >/dev/null; } || scripts/install-test-tools.sh
  nginx_dir="$work/nginx" nginx_port=$(free_port)
  mkdir -p "$nginx_dir/www"
  chmod 711 "$work" # nginx's workers (www-data) reach their temp files through it
  scripts/nginx-main-conf.sh "$nginx_dir"
  echo "Starting nginx on https://localhost:$nginx_port in front of the app ..."
  (
    export ERAPORT_SERVER_NAME=localhost ERAPORT_UPSTREAM="127.0.0.1:$port" \
      ERAPORT_HTTP_LISTEN="127.0.0.1:$(free_port)" ERAPORT_HTTPS_LISTEN="127.0.0.1:$nginx_port" \
      ERAPORT_RESOLVER=127.0.0.1 ERAPORT_ACME_ROOT="$nginx_dir/www" ERAPORT_LIVE_DIR="$nginx_dir/live" \
      ERAPORT_STANDIN_DIR="$nginx_dir/standin" ERAPORT_CERT_POLL_SECONDS=1 \
      ERAPORT_ERROR_PAGES="$repo/deploy/nginx/errors" NGINX_TEMPLATES_DIR="$repo/deploy/nginx/templates" NGINX_CONF_D="$nginx_dir/conf.d"
    [ -n "$server" ] && join_group "$BASHPID" # nginx runs on the same small server
    exec deploy/nginx/entrypoint.sh -c "$nginx_dir/nginx.conf" -e stderr
  ) > "$work/nginx.log" 2>&1 &
  nginx=$!
  # The entrypoint's `nginx -t` listens for a moment before nginx proper starts: wait for the master's pid file.
  for attempt in $(seq 1 100); do
    [ "$(cat "$nginx_dir/nginx.pid" 2>/dev/null)" = "$nginx" ] && (exec 3<>"/dev/tcp/127.0.0.1/$nginx_port") 2>/dev/null && break
    if ! kill -0 "$nginx" 2>/dev/null || [ "$attempt" = 100 ]; then echo "nginx did not start:" >&2; cat "$work/nginx.log" >&2; exit 1; fi
    sleep 0.2
  done
  bench_args+=(--load-url "https://localhost:$nginx_port" --trust-cert "$nginx_dir/standin/fullchain.pem" --nginx-pid "$nginx")
fi

# A run with settings under test says so in its title, unless it has a label of its own.
label=()
[ ${#extra_env[@]} -gt 0 ] && label+=("app env: ${extra_env[*]}")
[ "$via_nginx" = 1 ] && label+=("via nginx (TLS)")
if [ ${#label[@]} -gt 0 ] && [[ " ${bench_args[*]-} " != *" --label "* ]]; then
  bench_args+=(--label "$(IFS=';'; echo "${label[*]}")")
fi
dotnet bench/ERaport.Benchmark/bin/Release/net10.0/ERaport.Benchmark.dll \
  --url "http://127.0.0.1:$port" --logins "$logins" --schools "$schools" --app-pid "$app" --pg "$connection" --results "$results" \
  ${bench_args[@]+"${bench_args[@]}"}
echo "App log: $results/$stamp-app.log${counters_pid:+; counters: $results/$stamp-counters.csv}"

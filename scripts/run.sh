#!/usr/bin/env bash
# Runs E-Raport locally: a private PostgreSQL (data in .local/), a demo school on first start,
# the app on http://127.0.0.1:${ERAPORT_PORT:-5080}. Ctrl-C stops the app and the database.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
port=${ERAPORT_PORT:-5080}

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://dot.net" >&2; exit 1; }
scripts/postgres.sh start
trap 'scripts/postgres.sh stop' EXIT

echo "Building E-Raport ..."
dotnet build src/Web -c Release -nologo -v quiet -clp:ErrorsOnly

export ConnectionStrings__EventStore="$(scripts/postgres.sh url)"
export ReadModel__Path="$repo/.local/readmodel.db"
export Demo__Seed=true
export Demo__LoginsFile="$repo/.local/demo-logins.txt"
export ASPNETCORE_URLS="http://127.0.0.1:$port"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
export DOTNET_NOLOGO=1
echo "Starting E-Raport on http://127.0.0.1:$port (Ctrl-C stops it) ..."
# The app's content root is src/Web (static files, settings).
(cd src/Web && exec dotnet bin/Release/net10.0/ERaport.Web.dll) &
app=$!
# Ctrl-C or a kill stops the app gracefully first, then (EXIT trap) the database.
trap 'kill -TERM $app 2>/dev/null; wait $app 2>/dev/null' INT TERM
wait $app || true
wait $app 2>/dev/null || true

#!/usr/bin/env bash
# Regenerates Wolverine's handler adapters into src/Web/Internal/Generated (committed; the app compiles them in and,
# outside Development, loads them instead of compiling with Roslyn at run time). Run it after adding, removing or
# changing a command handler, and after a merge that touched handlers or src/Web/Internal/Generated; commit the result.
# CodegenTests fails while the committed files differ from what this writes.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo/src/Web"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# Old files may no longer compile (a handler renamed or removed): generate from a build without them.
rm -rf Internal/Generated
dotnet build -c Release -nologo -v quiet -clp:ErrorsOnly
# Building the host needs settings but touches no database.
ConnectionStrings__EventStore="Host=127.0.0.1;Database=codegen" ReadModel__Path="$(mktemp -d)/readmodel.db" \
  dotnet bin/Release/net10.0/ERaport.Web.dll codegen write --environment Development >/dev/null
echo "Wrote $(find Internal/Generated -name '*.cs' | wc -l) files to src/Web/Internal/Generated; building with them ..."
dotnet build -c Release -nologo -v quiet -clp:ErrorsOnly

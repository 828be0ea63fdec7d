#!/usr/bin/env bash
# Build, test and run the project. Needs only the .NET SDK (8.0 or later; tests run on net10.0).
#   ./build.sh            build everything
#   ./build.sh quickstart train AnoOnly and RandomizedPca on the bundled sample data (examples/QuickStart)
#   ./build.sh test       run all tests
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
case "${1:-build}" in
  build)      dotnet build AnoOnly.sln -c Release ;;
  quickstart) dotnet run --project examples/QuickStart -c Release ;;
  test)       dotnet test AnoOnly.sln -c Release --logger "console;verbosity=normal" ;;
  *) echo "usage: ./build.sh [build|quickstart|test]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Runs the whole test suite: starts PostgreSQL (unless a server is given), installs headless
# Chromium when missing (scripts/chromium.sh), builds, runs every test project, and ends with one
# summary line. This is what CI runs (.ci/run).
#
#   INSTANTLY_TEST_DATABASE_URL  use this server instead of starting a local one
#                                (a postgres:// URL; tests create and drop their own databases).
#                                CI sets it to its postgres service container.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -z "${INSTANTLY_TEST_DATABASE_URL:-}" ]; then
  url=$(scripts/postgres.sh start)
  export INSTANTLY_TEST_DATABASE_URL="${url%/*}/postgres"
else
  # Everything after the '@': host, port and database, never the password.
  echo "== PostgreSQL from INSTANTLY_TEST_DATABASE_URL: ${INSTANTLY_TEST_DATABASE_URL##*@}"
fi

# The HTML report test drives a real headless browser and fails without one.
chromium_version=$(scripts/chromium.sh)
echo "== $chromium_version"

dotnet build InstantlySync.sln -c Release -nologo -v quiet

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for project in tests/InstantlySync.Tests tests/InstantlySync.IntegrationTests; do
  echo "== $project"
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" >"$log" 2>&1 || status=1
  grep -v -E '^\s+Passed |^\s*$' "$log" || true
  passed=$(awk '/^ +Passed: +[0-9]+/ {s+=$2} END {print s+0}' "$log")
  failed=$(awk '/^ +Failed: +[0-9]+/ {s+=$2} END {print s+0}' "$log")
  total_passed=$(( ${total_passed:-0} + passed ))
  total_failed=$(( ${total_failed:-0} + failed ))
done

echo "${total_passed:-0} passed, ${total_failed:-0} failed"
if [ "$status" -ne 0 ] || [ "${total_failed:-0}" -ne 0 ] || [ "${total_passed:-0}" -eq 0 ]; then
  exit 1
fi

#!/usr/bin/env bash
# Performance benchmarks: builds Release, makes sure the local PostgreSQL runs, then runs
# tests/InstantlySync.Benchmarks with the given options and rewrites docs/performance.md.
#
#   scripts/bench.sh                          everything (about 75 minutes: whole sync (a) alone is ~55)
#   scripts/bench.sh --only upsert,memory     the parts that take minutes
#   scripts/bench.sh --only sync-few-emails   whole sync (b): 300,000 leads, 1,500 emails (about a minute)
#   scripts/bench.sh --only workspaces        three workspaces alone, then at once (a few minutes)
#   scripts/bench.sh --only transform         the modeled layer: transform --full, then incremental after a 1 % change
#   scripts/bench.sh --only report            the campaign report of 300,000 leads and 90 days: console, JSON, HTML
#   scripts/bench.sh --only sync --emails 2000   a quick whole-sync variant (not recorded in the report)
#   scripts/bench.sh --report-only            rewrite docs/performance.md from saved results
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [ -z "${INSTANTLY_BENCH_DATABASE_URL:-}" ]; then
  scripts/postgres.sh start >/dev/null
fi
dotnet build -c Release InstantlySync.sln -nologo -v quiet
exec dotnet run -c Release --no-build --project tests/InstantlySync.Benchmarks -- "$@"

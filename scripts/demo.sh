#!/usr/bin/env bash
# The main job end to end on this machine:
#   PostgreSQL (local, unless DATABASE_URL is set) -> fake Instantly API with two client workspaces
#   (unless INSTANTLY_API_KEY is set) -> migrate -> full sync on a time budget (exit 5) -> a plain sync that finishes it ->
#   fake clock advanced a day -> incremental sync -> dry run -> status -> a few example queries.
#   It stops what it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
run_dir="$repo/.run"
mkdir -p "$run_dir"

started_fake=""
cleanup() {
  if [ -n "$started_fake" ]; then kill "$started_fake" 2>/dev/null || true; wait "$started_fake" 2>/dev/null || true; fi
}
trap cleanup EXIT

echo "== Building"
dotnet build InstantlySync.sln -c Release -nologo -v quiet >/dev/null

if [ -z "${DATABASE_URL:-}" ]; then
  echo "== Starting PostgreSQL (scripts/postgres.sh) and creating a fresh demo database"
  server=$(scripts/postgres.sh start)
  # A database of its own, new each time, so the demo always starts from an empty schema.
  psql "${server%/*}/postgres" -q -c "DROP DATABASE IF EXISTS instantly_demo WITH (FORCE)" -c "CREATE DATABASE instantly_demo"
  DATABASE_URL="${server%/*}/instantly_demo"
  export DATABASE_URL
fi

use_fake=""
if [ -z "${INSTANTLY_API_KEY:-}" ]; then
  use_fake=1
  echo "== Starting the fake Instantly API (no INSTANTLY_API_KEY set)"
  fake_log="$run_dir/fake-api.log"
  # Two client workspaces of an agency, each with its own key, data and rate limits.
  dotnet src/InstantlySync.FakeApi/bin/Release/net10.0/InstantlySync.FakeApi.dll \
    --port 0 --campaigns 8 --accounts 12 --days 60 \
    --workspace name=acme,key=demo-key-acme,seed=7,leads=5000,emails=1500 \
    --workspace name=globex,key=demo-key-globex,seed=8,campaigns=5,leads=3000,emails=900 \
    >"$fake_log" 2>&1 &
  started_fake=$!
  for _ in $(seq 1 100); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*/api/v2' "$fake_log" | head -n 1 || true)
    [ -n "$url" ] && break
    sleep 0.2
  done
  [ -n "${url:-}" ] || { echo "the fake API did not start; see $fake_log" >&2; exit 1; }
  export INSTANTLY_API_KEY_ACME=demo-key-acme INSTANTLY_API_KEY_GLOBEX=demo-key-globex
  export INSTANTLY_SYNC__Workspaces__0__Name=acme INSTANTLY_SYNC__Workspaces__0__ApiKeyVariable=INSTANTLY_API_KEY_ACME
  export INSTANTLY_SYNC__Workspaces__1__Name=globex INSTANTLY_SYNC__Workspaces__1__ApiKeyVariable=INSTANTLY_API_KEY_GLOBEX
  export INSTANTLY_SYNC__Instantly__BaseUrl="$url"
  control="${url%/api/v2}/_control"
fi

cli=(dotnet src/InstantlySync/bin/Release/net10.0/instantly-sync.dll)
export INSTANTLY_SYNC__Logging__Directory="$run_dir/logs"

echo; echo "== instantly-sync migrate"
"${cli[@]}" migrate

echo; echo "== instantly-sync sync --all --max-duration 1s (a first backfill on a tight time budget)"
code=0
"${cli[@]}" sync --all --max-duration 1s || code=$?
case "$code" in
  5) echo "-> exit 5: stopped at the budget with what it fetched committed; the next run continues from the watermarks" ;;
  0) echo "-> exit 0: finished within the budget" ;;
  *) exit "$code" ;;
esac

echo; echo "== instantly-sync sync (continues the backfill from the committed watermarks)"
"${cli[@]}" sync

if [ -n "$use_fake" ]; then
  echo; echo "== A day passes in the fake workspace"
  curl -fsS -X POST "$control/advance?hours=24" >/dev/null
fi

echo; echo "== instantly-sync sync (incremental)"
"${cli[@]}" sync

echo; echo "== instantly-sync sync --dry-run --last 7d"
"${cli[@]}" sync --dry-run --last 7d

if [ -n "$use_fake" ]; then
  echo; echo "== instantly-sync workspaces (each client's Instantly id, key status and last run)"
  "${cli[@]}" workspaces
fi

echo; echo "== instantly-sync status (every workspace)"
"${cli[@]}" status || true

echo; echo "== Example queries"
psql "$DATABASE_URL" -P pager=off <<'SQL'
\echo 'Campaign performance (lifetime), per workspace'
SELECT coalesce(w.name, c.workspace_id) AS workspace, campaign_name, campaign_status, leads_count, contacted_count,
       emails_sent_count, reply_count, round(100.0 * reply_count / NULLIF(contacted_count, 0), 1) AS reply_rate_pct
FROM instantly_campaigns_raw c LEFT JOIN instantly_workspaces w USING (workspace_id)
ORDER BY workspace, emails_sent_count DESC NULLS LAST LIMIT 12;
\echo 'Daily sends, last 7 days (workspace totals)'
SELECT coalesce(w.name, d.workspace_id) AS workspace, analytics_date, sent, unique_opened, replies, clicks
FROM instantly_daily_analytics_raw d LEFT JOIN instantly_workspaces w USING (workspace_id)
WHERE instantly_campaign_id IS NULL AND analytics_date > current_date - 7
ORDER BY workspace, analytics_date DESC;
\echo 'Reply rate by step and variant'
SELECT coalesce(w.name, s.workspace_id) AS workspace, c.campaign_name, s.step, s.variant, s.sent, s.replies,
       round(100.0 * s.replies / NULLIF(s.sent, 0), 1) AS reply_rate_pct
FROM instantly_steps_raw s JOIN instantly_campaigns_raw c USING (workspace_id, instantly_campaign_id)
LEFT JOIN instantly_workspaces w USING (workspace_id)
ORDER BY workspace, c.campaign_name, s.step, s.variant LIMIT 12;
\echo 'Leads by derived status, per workspace'
SELECT coalesce(w.name, l.workspace_id) AS workspace, status, count(*)
FROM instantly_leads_raw l LEFT JOIN instantly_workspaces w USING (workspace_id)
GROUP BY 1, 2 ORDER BY 1, count(*) DESC;
SQL
echo; echo "Demo finished. Logs: $run_dir/logs"

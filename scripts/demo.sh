#!/usr/bin/env bash
# The main job end to end on this machine:
#   PostgreSQL (local, unless DATABASE_URL is set) -> fake Instantly API with two client workspaces
#   (unless INSTANTLY_API_KEY is set) -> migrate -> full sync on a time budget (exit 5) -> a plain sync that finishes it ->
#   fake clock advanced a day -> incremental sync -> dry run -> status -> a few example queries ->
#   the modeled layer (transform --full, people, companies, a timeline, reply rate by step) ->
#   a lead pool pushed into acme's campaigns (dry run, push, a day later sync and push again) ->
#   the campaign report on the console, as JSON and as an HTML page with charts (.run/report.html).
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
echo; echo "== instantly-sync transform --full (every sync above already kept the modeled layer current; this rebuilds it)"
"${cli[@]}" transform --full

echo; echo "== Modeled queries"
psql "$DATABASE_URL" -P pager=off <<'SQL'
\echo 'Top companies by people reached'
SELECT coalesce(w.name, c.workspace_id) AS workspace, c.domain, c.company_name, c.lead_count, c.first_seen_at::date, c.last_seen_at::date
FROM outreach.companies c LEFT JOIN instantly_workspaces w USING (workspace_id)
ORDER BY c.lead_count DESC, c.domain LIMIT 8;
\echo 'People in more than one campaign, with what the modeled layer made of them'
SELECT coalesce(w.name, l.workspace_id) AS workspace, l.email, l.company_domain, l.industry, l.revenue, l.status, l.campaign_count
FROM outreach.leads l LEFT JOIN instantly_workspaces w USING (workspace_id)
WHERE l.campaign_count > 1 ORDER BY l.campaign_count DESC, l.email LIMIT 6;
\echo 'One person''s timeline (the busiest person of acme)'
WITH p AS (SELECT e.workspace_id, e.email FROM outreach.events e JOIN instantly_workspaces w USING (workspace_id)
           WHERE w.name = 'acme' AND e.email IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC, e.email LIMIT 1)
SELECT e.event_at, e.email, e.event_type, c.name AS campaign, e.step, e.subject
FROM outreach.events e JOIN p USING (workspace_id, email)
LEFT JOIN outreach.campaigns c ON c.workspace_id = e.workspace_id AND c.campaign_id = e.campaign_id
ORDER BY e.event_at;
\echo 'Reply rate by step and variant (best first)'
SELECT coalesce(w.name, s.workspace_id) AS workspace, c.name AS campaign, s.step, s.variant, s.sent, s.replies, s.reply_rate
FROM outreach.step_performance s JOIN outreach.campaigns c USING (workspace_id, campaign_id)
LEFT JOIN instantly_workspaces w USING (workspace_id)
WHERE s.sent > 0 ORDER BY s.reply_rate DESC NULLS LAST, s.sent DESC LIMIT 8;
SQL

if [ -n "$use_fake" ]; then
  echo; echo "== A lead pool for acme: 120 new people in two segments; a blocked domain on the DNC list"
  acme_id=$(psql "$DATABASE_URL" -Atc "SELECT workspace_id FROM instantly_workspaces WHERE name = 'acme'")
  smb=$(psql "$DATABASE_URL" -Atc "SELECT instantly_campaign_id FROM instantly_campaigns_raw WHERE workspace_id = '$acme_id' AND campaign_status = 1 ORDER BY campaign_name LIMIT 1")
  midsize=$(psql "$DATABASE_URL" -Atc "SELECT instantly_campaign_id FROM instantly_campaigns_raw WHERE workspace_id = '$acme_id' AND campaign_status = 1 ORDER BY campaign_name OFFSET 1 LIMIT 1")
  psql "$DATABASE_URL" -q -v acme="$acme_id" <<'SQL'
CREATE TABLE outreach.prospects (email text, first_name text, company_name text, website text, revenue numeric, city text, added timestamptz DEFAULT now());
INSERT INTO outreach.prospects (email, first_name, company_name, website, revenue, city)
SELECT format('%s.%s@%s.example', f, g, c), initcap(f), initcap(c) || ' BV', format('https://www.%s.example', c), (g * 7919 % 40) * 100000, 'Utrecht'
  FROM generate_series(1, 120) g,
       LATERAL (SELECT (ARRAY['anna','bram','chris','daan','eva','fenna'])[1 + g % 6] AS f,
                       (ARRAY['bakker','visser','smit','mulder','dekker'])[1 + g % 5] AS c) x;
INSERT INTO outreach.prospects (email) VALUES ('not-an-email'), (' Anna.1@Visser.example ');
CREATE VIEW outreach.lead_pool AS SELECT * FROM outreach.prospects ORDER BY added, email;
INSERT INTO outreach.dnc (workspace_id, value, kind, source) VALUES (:'acme', 'mulder.example', 'domain', 'manual');
SQL
  export INSTANTLY_SYNC__Workspaces__0__Push__Segments__0__Name=smb INSTANTLY_SYNC__Workspaces__0__Push__Segments__0__Campaign="$smb"
  export INSTANTLY_SYNC__Workspaces__0__Push__Segments__0__Where="revenue < 2000000"
  export INSTANTLY_SYNC__Workspaces__0__Push__Segments__1__Name=midsize INSTANTLY_SYNC__Workspaces__0__Push__Segments__1__Campaign="$midsize"
  export INSTANTLY_SYNC__Workspaces__0__Push__NewLeadsPerRun=60

  echo; echo "== instantly-sync push --workspace acme --dry-run (the plan; nothing is written)"
  "${cli[@]}" push --workspace acme --dry-run

  echo; echo "== instantly-sync push --workspace acme"
  "${cli[@]}" push --workspace acme

  echo; echo "== A day passes; sync, then push again (the rest of the pool, and leads that finished since)"
  curl -fsS -X POST "$control/advance?hours=24" >/dev/null
  "${cli[@]}" sync --workspace acme --quiet
  "${cli[@]}" push --workspace acme

  echo; echo "== What the push did"
  psql "$DATABASE_URL" -P pager=off <<'SQL'
\echo 'Drained leads (recorded before each delete)'
SELECT final_status, count(*), min(drained_at)::timestamp(0) AS first, max(drained_at)::timestamp(0) AS last
FROM outreach.push_history GROUP BY 1 ORDER BY 2 DESC;
\echo 'The DNC list (unsubscribes join it; all of it is on the block list)'
SELECT kind, source, count(*), count(block_listed_at) AS on_block_list FROM outreach.dnc GROUP BY 1, 2 ORDER BY 1, 2;
\echo 'The outbox by segment and state'
SELECT segment, state, count(*) FROM outreach.push_leads GROUP BY 1, 2 ORDER BY 1, 2;
\echo 'Campaign inventory (leads stored by the last sync)'
SELECT c.campaign_name, count(l.*) AS leads FROM instantly_campaigns_raw c
LEFT JOIN instantly_leads_raw l ON l.workspace_id = c.workspace_id AND l.instantly_campaign_id = c.instantly_campaign_id
JOIN instantly_workspaces w ON w.workspace_id = c.workspace_id AND w.name = 'acme'
GROUP BY 1 ORDER BY 2 DESC;
SQL
fi

echo; echo "== instantly-sync report (how the campaigns did over the last 30 complete days)"
"${cli[@]}" report
echo; echo "== instantly-sync report --last 2w --json (the same figures as one document; the first campaign shown)"
"${cli[@]}" report --last 2w --json --workspace acme > "$run_dir/report.json"
head -n 20 "$run_dir/report.json"
echo "  ..."
echo; echo "== instantly-sync report --html $run_dir/report.html"
"${cli[@]}" report --html "$run_dir/report.html" >/dev/null
echo "-> open $run_dir/report.html in any browser: one self-contained page with charts, readable offline and printable"

echo; echo "Demo finished. Logs: $run_dir/logs. Report: $run_dir/report.html"

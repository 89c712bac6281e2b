-- Many workspaces in one database. A workspace is identified by its Instantly id (the `id` of
-- GET /workspaces/current), never by its configured name or its key. Every raw table and every
-- bookkeeping table carries workspace_id, first in every unique key and in every index that
-- serves a lookup, so two workspaces may hold the same campaign id, lead email or analytics date.
--
-- Rows written before this migration get workspace_id '' ("not yet attributed"). The first run
-- afterwards attributes them to the one configured workspace (with several configured,
-- `migrate --adopt NAME` names it). The default is dropped again at once: every writer names its
-- workspace, and a forgotten one is an error, not a silent ''.

CREATE TABLE instantly_workspaces (
    workspace_id    text PRIMARY KEY,
    name            text,                       -- the configured name (--workspace); NULL once another workspace takes it
    raw_json        jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- GET /workspaces/current
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    last_synced_at  timestamptz
);
CREATE INDEX instantly_workspaces_name_idx ON instantly_workspaces (name);

-- Raw tables.
ALTER TABLE instantly_campaigns_raw ADD COLUMN workspace_id text NOT NULL DEFAULT '';
ALTER TABLE instantly_campaigns_raw DROP CONSTRAINT instantly_campaigns_raw_pkey;
ALTER TABLE instantly_campaigns_raw ADD CONSTRAINT instantly_campaigns_raw_pkey PRIMARY KEY (workspace_id, instantly_campaign_id);
DROP INDEX instantly_campaigns_raw_name_idx;
DROP INDEX instantly_campaigns_raw_status_idx;
CREATE INDEX instantly_campaigns_raw_name_idx ON instantly_campaigns_raw (workspace_id, campaign_name);
CREATE INDEX instantly_campaigns_raw_status_idx ON instantly_campaigns_raw (workspace_id, campaign_status);

ALTER TABLE instantly_accounts_raw ADD COLUMN workspace_id text NOT NULL DEFAULT '';
ALTER TABLE instantly_accounts_raw DROP CONSTRAINT instantly_accounts_raw_pkey;
ALTER TABLE instantly_accounts_raw ADD CONSTRAINT instantly_accounts_raw_pkey PRIMARY KEY (workspace_id, email);
DROP INDEX instantly_accounts_raw_status_idx;
DROP INDEX instantly_accounts_raw_warmup_status_idx;
CREATE INDEX instantly_accounts_raw_status_idx ON instantly_accounts_raw (workspace_id, account_status);
CREATE INDEX instantly_accounts_raw_warmup_status_idx ON instantly_accounts_raw (workspace_id, warmup_status);

ALTER TABLE instantly_daily_analytics_raw ADD COLUMN workspace_id text NOT NULL DEFAULT '';
ALTER TABLE instantly_daily_analytics_raw DROP CONSTRAINT instantly_daily_analytics_raw_key;
ALTER TABLE instantly_daily_analytics_raw ADD CONSTRAINT instantly_daily_analytics_raw_key
    UNIQUE NULLS NOT DISTINCT (workspace_id, analytics_date, instantly_campaign_id);
DROP INDEX instantly_daily_analytics_raw_campaign_idx;
CREATE INDEX instantly_daily_analytics_raw_campaign_idx ON instantly_daily_analytics_raw (workspace_id, instantly_campaign_id, analytics_date);

ALTER TABLE instantly_steps_raw ADD COLUMN workspace_id text NOT NULL DEFAULT '';
ALTER TABLE instantly_steps_raw DROP CONSTRAINT instantly_steps_raw_key;
ALTER TABLE instantly_steps_raw ADD CONSTRAINT instantly_steps_raw_key
    UNIQUE NULLS NOT DISTINCT (workspace_id, instantly_campaign_id, step, variant);

ALTER TABLE instantly_emails_raw ADD COLUMN workspace_id text NOT NULL DEFAULT '';
ALTER TABLE instantly_emails_raw DROP CONSTRAINT instantly_emails_raw_pkey;
ALTER TABLE instantly_emails_raw ADD CONSTRAINT instantly_emails_raw_pkey PRIMARY KEY (workspace_id, instantly_email_id);
DROP INDEX instantly_emails_raw_campaign_idx;
DROP INDEX instantly_emails_raw_address_idx;
DROP INDEX instantly_emails_raw_event_idx;
DROP INDEX instantly_emails_raw_created_idx;
CREATE INDEX instantly_emails_raw_campaign_idx ON instantly_emails_raw (workspace_id, instantly_campaign_id);
CREATE INDEX instantly_emails_raw_address_idx ON instantly_emails_raw (workspace_id, email_address);
CREATE INDEX instantly_emails_raw_event_idx ON instantly_emails_raw (workspace_id, event_type, event_date);
CREATE INDEX instantly_emails_raw_created_idx ON instantly_emails_raw (workspace_id, timestamp_created);

ALTER TABLE instantly_leads_raw ADD COLUMN workspace_id text NOT NULL DEFAULT '';
ALTER TABLE instantly_leads_raw DROP CONSTRAINT instantly_leads_raw_pkey;
ALTER TABLE instantly_leads_raw ADD CONSTRAINT instantly_leads_raw_pkey PRIMARY KEY (workspace_id, instantly_lead_id);
DROP INDEX instantly_leads_raw_email_idx;
DROP INDEX instantly_leads_raw_campaign_idx;
DROP INDEX instantly_leads_raw_status_idx;
DROP INDEX instantly_leads_raw_lead_status_idx;
CREATE INDEX instantly_leads_raw_email_idx ON instantly_leads_raw (workspace_id, email);
CREATE INDEX instantly_leads_raw_campaign_idx ON instantly_leads_raw (workspace_id, instantly_campaign_id);
CREATE INDEX instantly_leads_raw_status_idx ON instantly_leads_raw (workspace_id, status);
CREATE INDEX instantly_leads_raw_lead_status_idx ON instantly_leads_raw (workspace_id, lead_status);

-- Bookkeeping.
ALTER TABLE sync_batches ADD COLUMN workspace_id text NOT NULL DEFAULT '';
CREATE INDEX sync_batches_workspace_started_idx ON sync_batches (workspace_id, started_at DESC);

ALTER TABLE sync_state ADD COLUMN workspace_id text NOT NULL DEFAULT '';
ALTER TABLE sync_state DROP CONSTRAINT sync_state_pkey;
ALTER TABLE sync_state ADD CONSTRAINT sync_state_pkey PRIMARY KEY (workspace_id, entity);

-- Log lines outside any workspace (migrate, a refused setting) keep NULL.
ALTER TABLE sync_logs ADD COLUMN workspace_id text;
UPDATE sync_logs SET workspace_id = '' WHERE batch_id IS NOT NULL;
CREATE INDEX sync_logs_workspace_created_idx ON sync_logs (workspace_id, created_at DESC);

ALTER TABLE sync_dead_letters ADD COLUMN workspace_id text NOT NULL DEFAULT '';
DROP INDEX sync_dead_letters_open_idx;
CREATE INDEX sync_dead_letters_open_idx ON sync_dead_letters (workspace_id, entity, record_key) WHERE resolved_at IS NULL;

ALTER TABLE instantly_campaigns_raw ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE instantly_accounts_raw ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE instantly_daily_analytics_raw ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE instantly_steps_raw ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE instantly_emails_raw ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE instantly_leads_raw ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE sync_batches ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE sync_state ALTER COLUMN workspace_id DROP DEFAULT;
ALTER TABLE sync_dead_letters ALTER COLUMN workspace_id DROP DEFAULT;

-- Who may read which workspace's rows (instantly-sync grant / revoke). The policies on every
-- table are generated from this list, so tables created later get them too.
CREATE TABLE sync_grants (
    role_name     text        NOT NULL,
    workspace_id  text        NOT NULL,
    granted_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role_name, workspace_id)
);

-- Isolation: row level security on every table, with no policy. Only the owner (the product's own
-- connection) reads and writes; a role exposed through an automatic REST layer (Supabase's anon and
-- authenticated) sees nothing until `instantly-sync grant` gives it a workspace.
ALTER TABLE schema_migrations ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_batches ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_dead_letters ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE instantly_workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE instantly_campaigns_raw ENABLE ROW LEVEL SECURITY;
ALTER TABLE instantly_accounts_raw ENABLE ROW LEVEL SECURITY;
ALTER TABLE instantly_daily_analytics_raw ENABLE ROW LEVEL SECURITY;
ALTER TABLE instantly_steps_raw ENABLE ROW LEVEL SECURITY;
ALTER TABLE instantly_emails_raw ENABLE ROW LEVEL SECURITY;
ALTER TABLE instantly_leads_raw ENABLE ROW LEVEL SECURITY;

-- Row level security stops INSERT, UPDATE and DELETE from roles without a policy, but not TRUNCATE.
-- Supabase's default privileges give anon and authenticated ALL on every new table in public, so
-- take every write privilege on the product's tables from every role but their owner.
DO $$
DECLARE
    t text;
    r record;
BEGIN
    FOREACH t IN ARRAY ARRAY['schema_migrations', 'sync_batches', 'sync_state', 'sync_logs', 'sync_dead_letters', 'sync_grants',
                             'instantly_workspaces', 'instantly_campaigns_raw', 'instantly_accounts_raw', 'instantly_daily_analytics_raw',
                             'instantly_steps_raw', 'instantly_emails_raw', 'instantly_leads_raw']
    LOOP
        FOR r IN
            SELECT DISTINCT grantee FROM information_schema.role_table_grants
             WHERE table_schema = current_schema() AND table_name = t
               AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
               AND grantee <> (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = t)
        LOOP
            EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I FROM %s', t,
                           CASE WHEN r.grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(r.grantee) END);
        END LOOP;
    END LOOP;
END $$;

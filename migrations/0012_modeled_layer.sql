-- The modeled layer (README, "The modeled layer"): one row per person, company, campaign,
-- lead-in-campaign and event, built from the raw tables by `instantly-sync transform`.
--
-- {{models_schema}} is a placeholder: the migration runner replaces it with the validated schema
-- name from Models:Schema (default outreach) before running this file, and journals the checksum of
-- the file as written here. The schema chosen is recorded in sync_model_layer; a later run with a
-- different Models:Schema is refused rather than building a second, half-filled layer.
--
-- Every modeled row carries workspace_id first in its key, and lineage back to the raw row it came
-- from: source_table and source_id (for a person or a company, the most recently updated of its
-- Instantly leads), transform_batch_id (the transform run that last changed the row) and
-- transformed_at.

CREATE TABLE sync_model_layer (
    singleton    boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    schema_name  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO sync_model_layer (schema_name) VALUES ('{{models_schema}}');

-- How far each workspace's transform has read each raw table: the greatest updated_at it has
-- derived from. Moves in the same transaction as the modeled rows it covers.
CREATE TABLE sync_transform_state (
    workspace_id   text        NOT NULL,
    source_table   text        NOT NULL,
    watermark      timestamptz NOT NULL,
    last_batch_id  uuid,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, source_table)
);

-- Emails are appended and rarely rewritten, so an index on updated_at costs little and lets an
-- incremental transform read only what changed. Leads get none: updated_at changes on every lead
-- update, and an index on it would end the HOT updates 0008 set leads up for.
CREATE INDEX instantly_emails_raw_updated_idx ON instantly_emails_raw (workspace_id, updated_at);

-- A timestamp from API JSON text; NULL for anything that is not one (never an error mid-transform).
CREATE FUNCTION instantly_sync.json_timestamp(value text) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE RETURN CASE
    WHEN value ~ '^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$' THEN value::timestamptz END;

-- A whole number from a JSON value (number or digits in a string); NULL otherwise.
CREATE FUNCTION instantly_sync.json_int(value jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN CASE
    WHEN jsonb_typeof(value) IN ('number', 'string') AND (value #>> '{}') ~ '^-?\d{1,9}$' THEN (value #>> '{}')::integer END;

CREATE SCHEMA IF NOT EXISTS {{models_schema}};

-- One row per company domain (never a free-mail domain).
CREATE TABLE {{models_schema}}.companies (
    workspace_id        text        NOT NULL,
    domain              text        NOT NULL,
    company_name        text,
    lead_count          integer     NOT NULL,     -- persons whose company_domain is this domain
    first_seen_at       timestamptz,
    last_seen_at        timestamptz,
    source_table        text        NOT NULL,
    source_id           text        NOT NULL,
    transform_batch_id  uuid,
    transformed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, domain)
);

-- One row per person: an email address, across all of the workspace's campaigns and lists.
CREATE TABLE {{models_schema}}.leads (
    workspace_id        text        NOT NULL,
    email               text        NOT NULL,
    first_name          text,
    last_name           text,
    company_domain      text,
    company_name        text,
    job_title           text,
    phone               text,
    website             text,
    industry            text,
    company_size        text,
    revenue             numeric,
    city                text,
    country             text,
    status              text        NOT NULL,
    campaign_count      integer     NOT NULL,
    first_added_at      timestamptz,
    last_contacted_at   timestamptz,
    last_replied_at     timestamptz,
    source_table        text        NOT NULL,
    source_id           text        NOT NULL,
    transform_batch_id  uuid,
    transformed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, email)
);
CREATE INDEX leads_company_domain_idx ON {{models_schema}}.leads (workspace_id, company_domain);
CREATE INDEX leads_status_idx ON {{models_schema}}.leads (workspace_id, status);

CREATE TABLE {{models_schema}}.campaigns (
    workspace_id        text        NOT NULL,
    campaign_id         text        NOT NULL,
    name                text,
    status              text        NOT NULL,
    created_at          timestamptz,
    leads_count         integer,
    contacted_count     integer,
    emails_sent_count   integer,
    reply_count         integer,
    bounced_count       integer,
    unsubscribed_count  integer,
    step_count          integer,
    source_table        text        NOT NULL,
    source_id           text        NOT NULL,
    transform_batch_id  uuid,
    transformed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, campaign_id)
);

-- One row per Instantly lead: a person in one campaign or list. Leads without an email are here too.
CREATE TABLE {{models_schema}}.campaign_leads (
    workspace_id        text        NOT NULL,
    instantly_lead_id   text        NOT NULL,
    campaign_id         text,                     -- NULL for list-only leads
    list_id             text,
    email               text,
    company_domain      text,                     -- this lead's company (NULL for free mail)
    lead_status         text        NOT NULL,
    status              text,
    interest            text,
    last_step           text,
    opens               integer,
    replies             integer,
    clicks              integer,
    added_at            timestamptz,
    last_contacted_at   timestamptz,
    replied_at          timestamptz,
    source_table        text        NOT NULL,
    source_id           text        NOT NULL,
    transform_batch_id  uuid,
    transformed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, instantly_lead_id)
);
CREATE INDEX campaign_leads_email_idx ON {{models_schema}}.campaign_leads (workspace_id, email);
CREATE INDEX campaign_leads_company_domain_idx ON {{models_schema}}.campaign_leads (workspace_id, company_domain);
CREATE INDEX campaign_leads_campaign_idx ON {{models_schema}}.campaign_leads (workspace_id, campaign_id);

-- The unified timeline. The key is natural, so replaying a transform never duplicates an event.
CREATE TABLE {{models_schema}}.events (
    workspace_id        text        NOT NULL,
    source              text        NOT NULL,     -- instantly
    source_id           text        NOT NULL,     -- the lead id (lead_added) or the email id
    event_type          text        NOT NULL,     -- lead_added | email_sent | email_received | email_manual | email_scheduled
    event_at            timestamptz,
    email               text,
    campaign_id         text,
    step                text,
    subject             text,
    instantly_email_id  text,
    instantly_lead_id   text,
    source_table        text        NOT NULL,
    transform_batch_id  uuid,
    transformed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, source, source_id, event_type)
);
CREATE INDEX events_email_idx ON {{models_schema}}.events (workspace_id, email, event_at);
CREATE INDEX events_campaign_idx ON {{models_schema}}.events (workspace_id, campaign_id, event_at);

-- Do-not-contact entries (section 13): an address or a whole domain, lower-cased.
CREATE TABLE {{models_schema}}.dnc (
    workspace_id  text        NOT NULL,
    value         text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('email', 'domain')),
    source        text        NOT NULL CHECK (source IN ('manual', 'unsubscribed', 'import')),
    added_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, value)
);

-- Views read the raw tables with the reader's own rights (security_invoker), so a granted role sees
-- its workspaces' rows only. The workspace-wide total rows (NULL campaign) are not campaigns.
CREATE VIEW {{models_schema}}.campaign_daily WITH (security_invoker = true) AS
SELECT workspace_id,
       instantly_campaign_id AS campaign_id,
       analytics_date        AS date,
       sent, opened, unique_opened, replies, unique_replies, clicks,
       round(100.0 * replies / nullif(sent, 0), 1) AS reply_rate
  FROM instantly_daily_analytics_raw
 WHERE instantly_campaign_id IS NOT NULL;

CREATE VIEW {{models_schema}}.step_performance WITH (security_invoker = true) AS
SELECT workspace_id,
       instantly_campaign_id AS campaign_id,
       step, variant, sent, replies,
       round(100.0 * replies / nullif(sent, 0), 1) AS reply_rate
  FROM instantly_steps_raw;

-- Isolation, as 0010: row level security with no policy, and no write privilege for anyone but the owner.
ALTER TABLE sync_model_layer ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_transform_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{models_schema}}.companies ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{models_schema}}.leads ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{models_schema}}.campaigns ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{models_schema}}.campaign_leads ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{models_schema}}.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{models_schema}}.dnc ENABLE ROW LEVEL SECURITY;

DO $$
DECLARE
    t record;
    r record;
BEGIN
    FOR t IN
        SELECT schemaname, tablename, tableowner FROM pg_tables
         WHERE (schemaname = '{{models_schema}}' AND tablename IN ('companies', 'leads', 'campaigns', 'campaign_leads', 'events', 'dnc'))
            OR (schemaname = current_schema() AND tablename IN ('sync_model_layer', 'sync_transform_state'))
    LOOP
        FOR r IN
            SELECT DISTINCT grantee FROM information_schema.role_table_grants
             WHERE table_schema = t.schemaname AND table_name = t.tablename
               AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
               AND grantee <> t.tableowner
        LOOP
            EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I.%I FROM %s', t.schemaname, t.tablename,
                           CASE WHEN r.grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(r.grantee) END);
        END LOOP;
    END LOOP;
END $$;

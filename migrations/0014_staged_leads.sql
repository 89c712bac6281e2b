-- The staging model of the modeled layer (src/InstantlySync/Modeling/StagedLeads.cs), kept between
-- transform runs. One row per raw lead (key workspace_id, instantly_lead_id): every value the
-- persons, companies, campaign leads and events read from a lead, by the rules of 0011 and 0012.
--
-- Why a table and not a temporary table per run: staging a lead (its custom variables, domain and
-- timestamps) costs about 0.2 ms, and a person or a company is derived from all of its leads, so a
-- run that re-staged every lead of every touched person and company spent most of its time on leads
-- that had not changed. Kept here, a lead is staged once per version of its raw row, and a run reads
-- the other leads of a person or company back through the indexes below.
--
-- raw_updated_at and raw_xmin name the version of the raw row a staged row was made from (xmin is
-- the transaction that wrote that version, so any later write of the raw row differs from it): an
-- incremental transform re-reads the raw rows at its watermark, and those it staged already are
-- skipped instead of derived again. Internal to the transform: no grant gives it to anyone.
CREATE TABLE {{models_schema}}.stg_leads (
    workspace_id        text        NOT NULL,
    instantly_lead_id   text        NOT NULL,
    campaign_id         text,
    list_id             text,
    email               text,
    company_domain      text,
    company_name        text,
    first_name          text,
    last_name           text,
    job_title           text,
    phone               text,
    website             text,
    industry            text,
    company_size        text,
    revenue             numeric,
    city                text,
    country             text,
    lead_status         integer,
    status              text,
    interest            text,
    last_step           text,
    opens               integer,
    replies             integer,
    clicks              integer,
    added_at            timestamptz,
    updated_at          timestamptz,              -- the lead's timestamp_updated: "most recently updated"
    last_contacted_at   timestamptz,
    replied_at          timestamptz,
    raw_updated_at      timestamptz NOT NULL,     -- instantly_leads_raw.updated_at of the version staged
    raw_xmin            xid         NOT NULL,     -- instantly_leads_raw.xmin of the version staged
    transform_batch_id  uuid,
    transformed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, instantly_lead_id)
);
CREATE INDEX stg_leads_email_idx ON {{models_schema}}.stg_leads (workspace_id, email);
CREATE INDEX stg_leads_company_domain_idx ON {{models_schema}}.stg_leads (workspace_id, company_domain);

-- Isolation, as 0012: row level security with no policy, and no write privilege for anyone but the owner.
ALTER TABLE {{models_schema}}.stg_leads ENABLE ROW LEVEL SECURITY;

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT DISTINCT grantee, tableowner FROM information_schema.role_table_grants g
          JOIN pg_tables t ON t.schemaname = g.table_schema AND t.tablename = g.table_name
         WHERE g.table_schema = '{{models_schema}}' AND g.table_name = 'stg_leads'
           AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
           AND grantee <> t.tableowner
    LOOP
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {{models_schema}}.stg_leads FROM %s',
                       CASE WHEN r.grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(r.grantee) END);
    END LOOP;
END $$;

-- A layer built before this table has no staged leads: forgetting the leads watermark makes the
-- next transform of each workspace read, stage and derive every lead again, as its first run did.
DELETE FROM sync_transform_state WHERE source_table = 'instantly_leads_raw';

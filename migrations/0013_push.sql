-- The lead push (README, "Keeping campaigns stocked: push"): the outbox of leads sent to Instantly
-- and the history of leads drained from it, next to the do-not-contact list in the modeled schema.

-- The outbox: one row per email and segment campaign the push decided to add. A row is written as
-- 'pending' before the bulk add that carries it; the answer settles it ('active' with the Instantly
-- lead id, or 'rejected' with the response's counters as the reason). A pending row left by a run
-- that stopped mid-call is sent again by the next one with skip_if_in_workspace, so no lead is ever
-- created twice. Housekeeping moves rows on ('completed', 'bounced', 'unsubscribed', 'drained') from
-- what the last sync stored.
CREATE TABLE {{models_schema}}.push_leads (
    workspace_id        text        NOT NULL,
    email               text        NOT NULL,     -- normalised: trimmed, lower case
    campaign_id         text        NOT NULL,
    segment             text        NOT NULL,
    state               text        NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'active', 'rejected', 'completed', 'bounced', 'unsubscribed', 'drained')),
    instantly_lead_id   text,
    reason              text,
    lead                jsonb       NOT NULL,     -- the lead as sent in POST /leads/add
    batch_id            uuid        NOT NULL,     -- the push run that queued it
    sent_at             timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, email, campaign_id)
);
CREATE INDEX push_leads_state_idx ON {{models_schema}}.push_leads (workspace_id, state);

-- Every lead the push deleted from a campaign, recorded before the delete: the lead as the API
-- listed it, its final status, and when. Cooldown reads drained_at by email.
CREATE TABLE {{models_schema}}.push_history (
    workspace_id        text        NOT NULL,
    instantly_lead_id   text        NOT NULL,
    email               text,                     -- normalised
    campaign_id         text        NOT NULL,
    final_status        text        NOT NULL,     -- completed | bounced | unsubscribed | replied
    raw_json            jsonb       NOT NULL,
    drained_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz,              -- NULL until the delete that carried it succeeded
    batch_id            uuid        NOT NULL,
    PRIMARY KEY (workspace_id, instantly_lead_id)
);
CREATE INDEX push_history_email_idx ON {{models_schema}}.push_history (workspace_id, email, drained_at);

ALTER TABLE {{models_schema}}.push_leads ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{models_schema}}.push_history ENABLE ROW LEVEL SECURITY;

DO $$
DECLARE
    t record;
    r record;
BEGIN
    FOR t IN
        SELECT schemaname, tablename, tableowner FROM pg_tables
         WHERE schemaname = '{{models_schema}}' AND tablename IN ('push_leads', 'push_history')
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

-- When each DNC entry reached Instantly's block list (housekeeping, Push:SyncBlockList); NULL until then.
ALTER TABLE {{models_schema}}.dnc ADD COLUMN block_listed_at timestamptz;

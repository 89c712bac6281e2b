-- Leads from POST /leads/list. `status` is derived: replied > bounced > emailed > not_yet_emailed;
-- `lead_status` is the API's numeric status.

CREATE TABLE instantly_leads_raw (
    instantly_lead_id      text PRIMARY KEY,
    instantly_campaign_id  text,
    email                  text,
    first_name             text,
    last_name              text,
    lead_status            integer,
    status                 text,
    timestamp_updated      timestamptz,
    raw_json               jsonb       NOT NULL,
    sync_batch_id          uuid,
    synced_at              timestamptz NOT NULL DEFAULT now(),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 90);
CREATE INDEX instantly_leads_raw_email_idx ON instantly_leads_raw (email);
CREATE INDEX instantly_leads_raw_campaign_idx ON instantly_leads_raw (instantly_campaign_id);
CREATE INDEX instantly_leads_raw_status_idx ON instantly_leads_raw (status);
CREATE INDEX instantly_leads_raw_lead_status_idx ON instantly_leads_raw (lead_status);

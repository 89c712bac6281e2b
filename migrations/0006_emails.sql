-- Unibox emails, read incrementally by timestamp_created.

CREATE TABLE instantly_emails_raw (
    instantly_email_id     text PRIMARY KEY,
    instantly_campaign_id  text,
    instantly_lead_id      text,
    email_address          text,        -- the lead's address (the API's `lead`)
    eaccount               text,        -- the workspace mailbox that sent or received it
    event_type             text,        -- sent | received | manual | scheduled, from ue_type
    event_date             timestamptz, -- timestamp_email, else timestamp_created
    timestamp_created      timestamptz,
    step                   text,
    thread_id              text,
    raw_json               jsonb       NOT NULL,
    sync_batch_id          uuid,
    synced_at              timestamptz NOT NULL DEFAULT now(),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 90);
CREATE INDEX instantly_emails_raw_campaign_idx ON instantly_emails_raw (instantly_campaign_id);
CREATE INDEX instantly_emails_raw_address_idx ON instantly_emails_raw (email_address);
CREATE INDEX instantly_emails_raw_event_idx ON instantly_emails_raw (event_type, event_date);
CREATE INDEX instantly_emails_raw_created_idx ON instantly_emails_raw (timestamp_created);

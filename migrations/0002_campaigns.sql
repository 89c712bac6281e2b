-- Campaigns: GET /campaigns merged with each campaign's lifetime row from GET /campaigns/analytics.

CREATE TABLE instantly_campaigns_raw (
    instantly_campaign_id  text PRIMARY KEY,
    campaign_name          text,
    campaign_status        integer,
    leads_count            integer,
    contacted_count        integer,
    reply_count            integer,
    emails_sent_count      integer,
    timestamp_created      timestamptz,
    raw_json               jsonb       NOT NULL,
    sync_batch_id          uuid,
    synced_at              timestamptz NOT NULL DEFAULT now(),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 90);
CREATE INDEX instantly_campaigns_raw_name_idx ON instantly_campaigns_raw (campaign_name);
CREATE INDEX instantly_campaigns_raw_status_idx ON instantly_campaigns_raw (campaign_status);

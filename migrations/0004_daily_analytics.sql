-- Daily campaign analytics. A NULL campaign id is the workspace-wide total for that day,
-- so the key treats NULLs as equal (PostgreSQL 15+).

CREATE TABLE instantly_daily_analytics_raw (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    analytics_date         date        NOT NULL,
    instantly_campaign_id  text,
    sent                   integer,
    opened                 integer,
    unique_opened          integer,
    replies                integer,
    unique_replies         integer,
    clicks                 integer,
    unique_clicks          integer,
    raw_json               jsonb       NOT NULL,
    sync_batch_id          uuid,
    synced_at              timestamptz NOT NULL DEFAULT now(),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT instantly_daily_analytics_raw_key
        UNIQUE NULLS NOT DISTINCT (analytics_date, instantly_campaign_id)
) WITH (fillfactor = 90);
CREATE INDEX instantly_daily_analytics_raw_campaign_idx ON instantly_daily_analytics_raw (instantly_campaign_id, analytics_date);

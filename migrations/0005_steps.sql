-- Lifetime analytics per campaign, sequence step and variant. The API sends a NULL step or
-- variant when it cannot attribute a send, so the key treats NULLs as equal.

CREATE TABLE instantly_steps_raw (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instantly_campaign_id  text        NOT NULL,
    step                   text,
    variant                text,
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
    CONSTRAINT instantly_steps_raw_key
        UNIQUE NULLS NOT DISTINCT (instantly_campaign_id, step, variant)
) WITH (fillfactor = 90);

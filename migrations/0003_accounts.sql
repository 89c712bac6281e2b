-- Sending accounts: keyed by email (the API has no account id).

CREATE TABLE instantly_accounts_raw (
    email            text PRIMARY KEY,
    first_name       text,
    last_name        text,
    account_status   integer,
    warmup_status    integer,
    warmup_score     numeric,
    raw_json         jsonb       NOT NULL,
    sync_batch_id    uuid,
    synced_at        timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 90);
CREATE INDEX instantly_accounts_raw_status_idx ON instantly_accounts_raw (account_status);
CREATE INDEX instantly_accounts_raw_warmup_status_idx ON instantly_accounts_raw (warmup_status);

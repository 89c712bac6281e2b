-- Bookkeeping: one row per run, per-entity watermarks, the database log tier and dead letters.

CREATE TABLE sync_batches (
    id            uuid PRIMARY KEY,
    mode          text        NOT NULL,             -- incremental | all | from | last | rollback | import
    window_start  timestamptz,
    window_end    timestamptz,
    entities      text[]      NOT NULL DEFAULT '{}',
    status        text        NOT NULL DEFAULT 'running'
                  CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'cancelled')),
    dry_run       boolean     NOT NULL DEFAULT false,
    counts        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    error         text
);
CREATE INDEX sync_batches_started_at_idx ON sync_batches (started_at DESC);

CREATE TABLE sync_state (
    entity         text PRIMARY KEY,
    watermark      timestamptz,
    last_batch_id  uuid,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync_logs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id    uuid,
    level       text        NOT NULL,
    step        text        NOT NULL,
    message     text        NOT NULL,
    meta        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_logs_batch_id_idx ON sync_logs (batch_id);
CREATE INDEX sync_logs_created_at_idx ON sync_logs (created_at DESC);

CREATE TABLE sync_dead_letters (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id     uuid,
    entity       text        NOT NULL,
    record_key   text,
    http_status  integer,
    error        text        NOT NULL,
    payload      jsonb,
    retry_count  integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    resolved_by_batch_id uuid
);
CREATE INDEX sync_dead_letters_batch_id_idx ON sync_dead_letters (batch_id);
CREATE INDEX sync_dead_letters_open_idx ON sync_dead_letters (entity, record_key) WHERE resolved_at IS NULL;

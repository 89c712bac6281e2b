-- A run stopped by its time budget (sync --max-duration, Sync:MaxDuration) is recorded as
-- 'timeout': its committed batches stay, and the next run continues from the watermarks they moved.

ALTER TABLE sync_batches DROP CONSTRAINT sync_batches_status_check;
ALTER TABLE sync_batches ADD CONSTRAINT sync_batches_status_check
    CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'cancelled', 'timeout'));

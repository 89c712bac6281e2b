-- A fingerprint of the record as the upserter last wrote it: SHA-256 (first 16 bytes) over the
-- key, the extracted columns and the incoming JSON text. Before sending a batch, the upserter
-- compares fingerprints by key and leaves out every record that equals what was last written, so
-- an unchanged resync ships, parses and locks nothing. NULL (rows written before this column
-- existed, or edited by hand with raw_hash cleared) means "compare in full": such rows take the
-- merging path, which still skips them when nothing differs, and get a fingerprint the next time
-- they change.

ALTER TABLE instantly_campaigns_raw ADD COLUMN raw_hash bytea;
ALTER TABLE instantly_accounts_raw ADD COLUMN raw_hash bytea;
ALTER TABLE instantly_daily_analytics_raw ADD COLUMN raw_hash bytea;
ALTER TABLE instantly_steps_raw ADD COLUMN raw_hash bytea;
ALTER TABLE instantly_emails_raw ADD COLUMN raw_hash bytea;
ALTER TABLE instantly_leads_raw ADD COLUMN raw_hash bytea;

-- Leads are rewritten in place when they change (status, enrichment, timestamps) and the row of
-- a lead is about 1 KB: at fillfactor 90 a changed lead never fits its page again, so every update
-- writes a new version elsewhere plus an entry in each of the table's five indexes. At fillfactor 50
-- a changed lead whose indexed columns stay the same is a HOT update on its own page: no index
-- entries, about half the WAL. Applies to pages written from now on; the cost is up to twice the
-- space for leads that never change.
ALTER TABLE instantly_leads_raw SET (fillfactor = 50);

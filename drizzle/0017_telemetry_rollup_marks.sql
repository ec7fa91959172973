-- Rollup marks lose their unique key: a minute may now be marked many times. With one row per
-- minute, a writer marking a minute the rollup job had claimed (deleted, not yet committed) waited
-- in ON CONFLICT for the job's whole recompute transaction: measured through `next start`, ingest
-- requests stalled 5-17 s behind a big slice. Plain rows never wait; the job claims rows (by ctid,
-- SKIP LOCKED) and recomputes each distinct minute once (lib/telemetry/rollups.ts).
ALTER TABLE "telemetry_rollup_dirty" DROP CONSTRAINT IF EXISTS "telemetry_rollup_dirty_pkey";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "telemetry_rollup_dirty_minute" ON "telemetry_rollup_dirty" USING btree ("minute");

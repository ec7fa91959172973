-- Raw points are keyed by time first: ((ts / 600000)::int4, series_id, ts) instead of
-- (series_id, ts). Why: a scrape or export writes one point to each of thousands of series at
-- once. Led by series, those points land on thousands of different index leaf pages (one per
-- series), which on a busy factory is more than shared_buffers holds and gives every page a
-- full-page image after each checkpoint. Led by a 10-minute bucket, the points of one scrape
-- land together: a leaf page holds the bucket's points of several series.
-- Reads stay seeks: raw points are read for short windows (longer ones come from the rollups),
-- by enumerating the window's buckets × the wanted series (`bucket = any(…) and series_id =
-- any(…)`; lib/telemetry/sql.ts pointBuckets). The key is still unique on (series_id, ts).
ALTER TABLE "telemetry_points" DROP CONSTRAINT IF EXISTS "telemetry_points_pkey";
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "telemetry_points_bucket_series_ts" ON "telemetry_points" (((ts / 600000)::int4), "series_id", "ts");
--> statement-breakpoint
-- The BRIN index on ts served time-range scans (rollups) when the key led by series; the key
-- now leads by time and serves them, so the BRIN would only cost every insert.
DROP INDEX IF EXISTS "telemetry_points_ts_brin";

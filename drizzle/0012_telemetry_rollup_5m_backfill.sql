-- Backfill the 5-minute rollup tier from the 1-minute rollups already stored (the rollup job
-- keeps it current from now on). Idempotent: existing 5-minute rows are left as they are.
INSERT INTO "telemetry_rollup_5m" ("series_id", "bucket", "count", "sum", "min", "max", "last", "last_ts", "increase")
SELECT "series_id", "bucket" - "bucket" % 300000, sum("count"), sum("sum"), min("min"), max("max"),
       (array_agg("last" ORDER BY "bucket" DESC))[1], max("last_ts"), sum("increase")
FROM "telemetry_rollup_1m"
GROUP BY 1, 2
ON CONFLICT ("series_id", "bucket") DO NOTHING;

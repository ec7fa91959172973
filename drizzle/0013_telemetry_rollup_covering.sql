-- Covering indexes so a panel's rollup read is an index-only scan: one series' buckets sit
-- side by side in the index, whereas heap rows are written in time order (all series of a minute
-- together), so reading one metric's 64 series for 24 h touched ~2.9 k scattered heap pages.
-- Index-only scans need the visibility map current: rollup tables get eager autovacuum (and the
-- rollup job vacuums them, see lib/telemetry/rollups.ts `vacuumRollups`).
CREATE INDEX IF NOT EXISTS "telemetry_rollup_1m_covering" ON "telemetry_rollup_1m" ("series_id", "bucket")
  INCLUDE ("count", "sum", "min", "max", "last", "last_ts", "increase");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "telemetry_rollup_5m_covering" ON "telemetry_rollup_5m" ("series_id", "bucket")
  INCLUDE ("count", "sum", "min", "max", "last", "last_ts", "increase");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "telemetry_rollup_1h_covering" ON "telemetry_rollup_1h" ("series_id", "bucket")
  INCLUDE ("count", "sum", "min", "max", "last", "last_ts", "increase");
--> statement-breakpoint
ALTER TABLE "telemetry_rollup_1m" SET (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_scale_factor = 0.02);
--> statement-breakpoint
ALTER TABLE "telemetry_rollup_5m" SET (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_scale_factor = 0.02);
--> statement-breakpoint
ALTER TABLE "telemetry_rollup_1h" SET (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_scale_factor = 0.02);

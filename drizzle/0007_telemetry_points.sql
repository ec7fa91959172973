-- Raw telemetry points: narrow rows, one partition per UTC day (created on demand by
-- lib/telemetry/partitions.ts before a write; retention drops whole partitions).
CREATE TABLE IF NOT EXISTS "telemetry_points" (
	"series_id" integer NOT NULL,
	"ts" bigint NOT NULL,
	"value" double precision NOT NULL,
	PRIMARY KEY ("series_id", "ts")
) PARTITION BY RANGE ("ts");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "telemetry_points_ts_brin" ON "telemetry_points" USING brin ("ts");

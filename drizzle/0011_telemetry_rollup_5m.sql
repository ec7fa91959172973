CREATE TABLE "telemetry_rollup_5m" (
	"series_id" integer NOT NULL,
	"bucket" bigint NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"last" double precision NOT NULL,
	"last_ts" bigint NOT NULL,
	"increase" double precision NOT NULL,
	CONSTRAINT "telemetry_rollup_5m_series_id_bucket_pk" PRIMARY KEY("series_id","bucket")
);
--> statement-breakpoint
CREATE INDEX "telemetry_rollup_5m_bucket" ON "telemetry_rollup_5m" USING btree ("bucket");
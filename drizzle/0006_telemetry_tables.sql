CREATE TABLE "telemetry_rollup_1h" (
	"series_id" integer NOT NULL,
	"bucket" bigint NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"last" double precision NOT NULL,
	"last_ts" bigint NOT NULL,
	"increase" double precision NOT NULL,
	CONSTRAINT "telemetry_rollup_1h_series_id_bucket_pk" PRIMARY KEY("series_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "telemetry_rollup_1m" (
	"series_id" integer NOT NULL,
	"bucket" bigint NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"last" double precision NOT NULL,
	"last_ts" bigint NOT NULL,
	"increase" double precision NOT NULL,
	CONSTRAINT "telemetry_rollup_1m_series_id_bucket_pk" PRIMARY KEY("series_id","bucket")
);
--> statement-breakpoint
CREATE TABLE "telemetry_rollup_dirty" (
	"minute" bigint PRIMARY KEY NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telemetry_series" (
	"id" serial PRIMARY KEY NOT NULL,
	"metric" text NOT NULL,
	"labels" jsonb NOT NULL,
	"key_hash" text NOT NULL,
	"kind" text NOT NULL,
	"temporality" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "telemetry_series_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE INDEX "telemetry_rollup_1h_bucket" ON "telemetry_rollup_1h" USING btree ("bucket");--> statement-breakpoint
CREATE INDEX "telemetry_rollup_1m_bucket" ON "telemetry_rollup_1m" USING btree ("bucket");--> statement-breakpoint
CREATE INDEX "telemetry_series_metric" ON "telemetry_series" USING btree ("metric");--> statement-breakpoint
CREATE INDEX "telemetry_series_labels" ON "telemetry_series" USING gin ("labels");
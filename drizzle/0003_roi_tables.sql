CREATE TABLE "roi_cost_plans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"total_investment_usd" double precision NOT NULL,
	"split_pct" jsonb NOT NULL,
	"spent_usd" jsonb NOT NULL,
	"amortisation_months" jsonb NOT NULL,
	"tariff_usd_per_kwh" double precision NOT NULL,
	"assumed_pue" double precision,
	"cloud_usd_per_million_tokens" double precision,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roi_cost_plans_positive" CHECK ("roi_cost_plans"."total_investment_usd" >= 0 and "roi_cost_plans"."tariff_usd_per_kwh" >= 0)
);
--> statement-breakpoint
CREATE TABLE "roi_initiatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"horizon" text NOT NULL,
	"owner" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"agent_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"baseline" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "roi_initiatives_horizon" CHECK ("roi_initiatives"."horizon" in ('H1', 'H2', 'H3'))
);
--> statement-breakpoint
ALTER TABLE "roi_cost_plans" ADD CONSTRAINT "roi_cost_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roi_initiatives" ADD CONSTRAINT "roi_initiatives_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "roi_initiatives_name" ON "roi_initiatives" USING btree ("name");--> statement-breakpoint
CREATE INDEX "roi_initiatives_horizon_idx" ON "roi_initiatives" USING btree ("horizon");
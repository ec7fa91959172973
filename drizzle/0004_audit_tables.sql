CREATE TABLE "audit_checkpoints" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"time" timestamp (3) with time zone NOT NULL,
	"prev_signature" text NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"time" timestamp (3) with time zone NOT NULL,
	"type" text NOT NULL,
	"actor" jsonb NOT NULL,
	"actor_kind" text GENERATED ALWAYS AS (actor->>'kind') STORED,
	"actor_id" text GENERATED ALWAYS AS (actor->>'id') STORED,
	"action_id" text,
	"payload" jsonb NOT NULL,
	"masked_paths" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_events_action_seq" ON "audit_events" USING btree ("action_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_type_seq" ON "audit_events" USING btree ("type","seq");--> statement-breakpoint
CREATE INDEX "audit_events_actor_seq" ON "audit_events" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_time" ON "audit_events" USING btree ("time");
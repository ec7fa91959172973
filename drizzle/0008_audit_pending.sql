CREATE TABLE "audit_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"time" timestamp (3) with time zone NOT NULL,
	"type" text NOT NULL,
	"actor" jsonb NOT NULL,
	"action_id" text,
	"payload" jsonb NOT NULL,
	"masked_paths" jsonb NOT NULL,
	"doc_head" text NOT NULL,
	"doc_tail" text NOT NULL
);

// Tables of the audit feature (owned by lib/audit/). Exported from ./index.ts.
// Both tables are append-only: a trigger (migration *_audit_append_only) refuses UPDATE, DELETE and
// TRUNCATE; rows enter audit_events only through audit_seal() (lib/audit/seal.ts) from audit_pending.
import { sql } from "drizzle-orm";
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const auditEvents = pgTable(
  "audit_events",
  {
    /** 1, 2, 3… without gaps: assigned under an advisory lock inside the writer's transaction. */
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    /** Hashed as ISO text with milliseconds, so stored with millisecond precision. */
    time: timestamp("time", { withTimezone: true, precision: 3 }).notNull(),
    type: text("type").notNull(),
    /** {kind: user|agent|policy|system, id, name?} */
    actor: jsonb("actor").$type<{ kind: string; id: string; name?: string }>().notNull(),
    /** Derived from `actor` (never written directly) so filters cannot disagree with the hashed value. */
    actorKind: text("actor_kind").generatedAlwaysAs(sql`actor->>'kind'`),
    actorId: text("actor_id").generatedAlwaysAs(sql`actor->>'id'`),
    actionId: text("action_id"),
    payload: jsonb("payload").notNull(),
    /** JSON Pointers of payload values replaced by "[masked]". */
    maskedPaths: jsonb("masked_paths").$type<string[]>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_events_action_seq").on(t.actionId, t.seq),
    index("audit_events_type_seq").on(t.type, t.seq),
    index("audit_events_actor_seq").on(t.actorId, t.seq),
    index("audit_events_time").on(t.time),
  ],
);

/** Signed checkpoints: every N events or M minutes, an Ed25519 signature over the chain head. */
export const auditCheckpoints = pgTable("audit_checkpoints", {
  /** The last event covered. */
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  hash: text("hash").notNull(),
  time: timestamp("time", { withTimezone: true, precision: 3 }).notNull(),
  /** Base64 signature of the previous checkpoint ("" for the first): checkpoints form a chain too. */
  prevSignature: text("prev_signature").notNull(),
  keyId: text("key_id").notNull(),
  signature: text("signature").notNull(),
});

/**
 * Events written by transactions that have not been sealed into the chain yet. Writers insert here
 * (no lock, so their commits group together); audit_seal() moves committed rows into audit_events
 * in id order, assigning seq and hashes under the chain lock, and deletes them here in the same
 * transaction. UPDATE is refused by trigger; DELETE only inside audit_seal().
 */
export const auditPending = pgTable("audit_pending", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  time: timestamp("time", { withTimezone: true, precision: 3 }).notNull(),
  type: text("type").notNull(),
  actor: jsonb("actor").notNull(),
  actionId: text("action_id"),
  payload: jsonb("payload").notNull(),
  maskedPaths: jsonb("masked_paths").notNull(),
  /** The canonical document before and after "prev_hash"/"seq" (lib/audit/chain.ts splitDocument). */
  docHead: text("doc_head").notNull(),
  docTail: text("doc_tail").notNull(),
});

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type AuditCheckpointRow = typeof auditCheckpoints.$inferSelect;

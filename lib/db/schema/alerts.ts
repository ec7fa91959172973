// Tables of the alerts feature (owned by lib/alerts/). Exported from ./index.ts.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

export const alertRuleKinds = [
  "gpu_temperature_above",
  "gpu_throttling",
  "latency_p95_above",
  "pue_above",
  "n_plus_one_lost",
  "no_data",
] as const;
export type AlertRuleKind = (typeof alertRuleKinds)[number];

export const alertSeverities = ["critical", "warning", "info"] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

/** A rule an admin edits. `params` is typed per kind by lib/alerts/rules.ts (validated with zod). */
export const alertRules = pgTable("alert_rules", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Stable machine name (seeded rules use it to stay idempotent). */
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  kind: text("kind").$type<AlertRuleKind>().notNull(),
  params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
  severity: text("severity").$type<AlertSeverity>().notNull().default("warning"),
  enabled: boolean("enabled").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid("updated_by").references(() => users.id),
});

/**
 * One firing of a rule for one subject (a GPU, a model, a site): open while `ended_at` is null.
 * The partial unique index keeps a single open event per rule and subject even when several
 * app instances evaluate at once.
 */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    /** Which subject: a stable key of `labels` (e.g. `gpu=0,host=h1`), "" for the whole rule. */
    subject: text("subject").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull().default({}),
    severity: text("severity").$type<AlertSeverity>().notNull(),
    summary: text("summary").notNull(),
    /** When the condition began to hold (data time), not when we noticed. */
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** The value that tripped it, and the worst seen while open. */
    value: doublePrecision("value"),
    peakValue: doublePrecision("peak_value"),
    lastEvaluatedAt: timestamp("last_evaluated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("alert_events_one_open").on(t.ruleId, t.subject).where(sql`${t.endedAt} is null`),
    index("alert_events_started").on(t.startedAt),
    index("alert_events_open").on(t.endedAt),
  ],
);

/**
 * Webhook outbox: one row per event transition (firing / resolved), written in the same
 * transaction as the transition, delivered by a job with retries and back-off.
 */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => alertEvents.id, { onDelete: "cascade" }),
    transition: text("transition").$type<"firing" | "resolved">().notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<"pending" | "delivered" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    lastStatus: integer("last_status"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("alert_deliveries_due").on(t.status, t.nextAttemptAt)],
);

// Tables of the governance feature (owned by lib/governance/). Exported from ./index.ts.
// Column names are plain on purpose: the ROI and audit features read these tables.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { apiKeys, users } from "./auth";

/** Every version of the bounded-autonomy policy, full YAML text; the highest version is current. */
export const policyVersions = pgTable("policy_versions", {
  version: integer("version").primaryKey(),
  yaml: text("yaml").notNull(),
  note: text("note"),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

import type { ActionStatus } from "../../governance/action-view";

export { type ActionStatus, actionStatuses } from "../../governance/action-view";

/** An agent's request to act, its policy decision, the human decision and the outcome. */
export const actions = pgTable(
  "actions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agentId: text("agent_id").notNull(),
    /** Idempotency key with agent_id (the agent's own id for this tool call). */
    callId: text("call_id").notNull(),
    /** SHA-256 of the canonical request body: a different body under the same key is a conflict. */
    requestHash: text("request_hash").notNull(),
    action: text("action").notNull(),
    category: text("category").notNull(),
    params: jsonb("params").$type<Record<string, unknown>>().notNull().default({}),
    dataRefs: jsonb("data_refs").$type<unknown[]>().notNull().default([]),
    /** Who asked the agent to do this (a user's email or id, free text); never their own approver. */
    requestedBy: text("requested_by"),
    apiKeyId: uuid("api_key_id").references(() => apiKeys.id),
    /** Policy tier name and its authority: autonomous | notify_human | require_approval. */
    tier: text("tier").notNull(),
    authority: text("authority").notNull(),
    status: text("status").$type<ActionStatus>().notNull(),
    policyVersion: integer("policy_version")
      .notNull()
      .references(() => policyVersions.version),
    /** The rule that matched: rules.<name>, tier.<name> or defaults.unknown_category. */
    rule: text("rule").notNull(),
    policyReason: text("policy_reason").notNull(),
    /** The full classify() result incl. the `now` it used, so a replay is exact. */
    classification: jsonb("classification").$type<Record<string, unknown>>().notNull(),
    quorum: integer("quorum").notNull().default(0),
    approverRoles: text("approver_roles").array().notNull().default(sql`'{}'::text[]`),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** policy (autonomous/notify tiers) | human | system (expiry) | agent (cancel). */
    decidedBy: text("decided_by"),
    deciderId: uuid("decider_id").references(() => users.id),
    deciderName: text("decider_name"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionReason: text("decision_reason"),
    executingAt: timestamp("executing_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    outcomeStatus: text("outcome_status"),
    outcomeResult: jsonb("outcome_result"),
    executedParams: jsonb("executed_params"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("actions_agent_call").on(t.agentId, t.callId),
    index("actions_status_expires").on(t.status, t.expiresAt),
    index("actions_requested_at").on(t.requestedAt),
    index("actions_agent_requested").on(t.agentId, t.requestedAt),
    index("actions_decided_at").on(t.decidedAt),
  ],
);

/** One row per approver per action: quorum counts distinct approvers. */
export const actionVotes = pgTable(
  "action_votes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actionId: uuid("action_id")
      .notNull()
      .references(() => actions.id),
    approverId: uuid("approver_id")
      .notNull()
      .references(() => users.id),
    approverName: text("approver_name").notNull(),
    vote: text("vote").$type<"approve" | "reject">().notNull(),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("action_votes_action_approver").on(t.actionId, t.approverId)],
);

export const violationCauses = [
  "outcome_not_approved",
  "params_mismatch",
  "unknown_action",
  "category_not_allowed",
  "agent_not_allowed",
] as const;
export type ViolationCause = (typeof violationCauses)[number];

/** Autonomy-boundary violations: recorded, never silently accepted. */
export const violations = pgTable(
  "violations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actionId: uuid("action_id").references(() => actions.id),
    agentId: text("agent_id").notNull(),
    category: text("category").notNull(),
    cause: text("cause").$type<ViolationCause>().notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    apiKeyId: uuid("api_key_id").references(() => apiKeys.id),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("violations_occurred_at").on(t.occurredAt),
    index("violations_agent").on(t.agentId, t.occurredAt),
  ],
);

/** Approvers' notification feed (notify-tier actions and requests that need a decision). */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actionId: uuid("action_id").references(() => actions.id),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifications_created_at").on(t.createdAt)],
);

export const notificationReads = pgTable(
  "notification_reads",
  {
    notificationId: integer("notification_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.userId] })],
);

/** Outbound webhook deliveries (HMAC-signed JSON), retried with back-off by a background job. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    event: text("event").notNull(),
    actionId: uuid("action_id").references(() => actions.id),
    url: text("url").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    delivered: boolean("delivered").notNull().default(false),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    gaveUp: boolean("gave_up").notNull().default(false),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_deliveries_due").on(t.delivered, t.gaveUp, t.nextAttemptAt)],
);

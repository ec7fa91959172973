import "server-only";
import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import { type AuditActor, appendAuditEvent } from "@/lib/audit/append";
import { type Executor, getDb } from "@/lib/db/client";
import { type ViolationCause, violations } from "@/lib/db/schema";

export type NewViolation = {
  actionId: string | null;
  agentId: string;
  category: string;
  cause: ViolationCause;
  detail: Record<string, unknown>;
  apiKeyId?: string | null;
};

export const VIOLATION_LABELS: Record<ViolationCause, string> = {
  outcome_not_approved: "Outcome for an action that was not approved",
  params_mismatch: "Executed parameters differ from the approved ones",
  unknown_action: "Outcome for an unknown action",
  category_not_allowed: "Category not allowed for the agent's key",
  agent_not_allowed: "Agent not allowed for the key",
};

/** Records a boundary violation and its audit event inside the caller's transaction. */
export async function recordViolation(tx: Executor, v: NewViolation, actor: AuditActor) {
  const [row] = await tx
    .insert(violations)
    .values({ ...v, apiKeyId: v.apiKeyId ?? null })
    .returning();
  await appendAuditEvent(tx, {
    type: "violation.recorded",
    actor,
    actionId: v.actionId,
    payload: {
      violationId: row!.id,
      cause: v.cause,
      agentId: v.agentId,
      category: v.category,
      detail: v.detail,
    },
  });
  return row!;
}

export async function listViolations(
  opts: { fromMs?: number; toMs?: number; agentId?: string; limit?: number } = {},
) {
  const db = await getDb();
  return db
    .select()
    .from(violations)
    .where(
      and(
        opts.fromMs !== undefined ? gte(violations.occurredAt, new Date(opts.fromMs)) : undefined,
        opts.toMs !== undefined ? lte(violations.occurredAt, new Date(opts.toMs)) : undefined,
        opts.agentId ? eq(violations.agentId, opts.agentId) : undefined,
      ),
    )
    .orderBy(desc(violations.occurredAt))
    .limit(Math.min(opts.limit ?? 100, 1000));
}

/** Counts per agent, category and cause (all time), for /metrics and dashboards. */
export async function violationCounts(exec?: Executor) {
  const db = exec ?? (await getDb());
  return db
    .select({
      agent: violations.agentId,
      category: violations.category,
      cause: violations.cause,
      count: sql<number>`count(*)::int`,
    })
    .from(violations)
    .groupBy(violations.agentId, violations.category, violations.cause)
    .orderBy(violations.agentId, violations.category, violations.cause);
}

/** Violations per time bucket and cause in [fromMs, toMs], for the over-time chart. */
export async function violationSeries(opts: { fromMs: number; toMs: number; stepMs: number }) {
  const db = await getDb();
  // An integer we computed (never user text), inlined so GROUP BY sees the same expression.
  const stepSeconds = sql.raw(String(Math.max(60, Math.round(opts.stepMs / 1000))));
  const bucket = sql<Date>`to_timestamp(floor(extract(epoch from ${violations.occurredAt}) / ${stepSeconds}) * ${stepSeconds})`;
  const rows = await db
    .select({ bucket, cause: violations.cause, count: sql<number>`count(*)::int` })
    .from(violations)
    .where(
      and(gte(violations.occurredAt, new Date(opts.fromMs)), lte(violations.occurredAt, new Date(opts.toMs))),
    )
    .groupBy(bucket, violations.cause)
    .orderBy(bucket);
  return rows.map((r) => ({ atMs: new Date(r.bucket).getTime(), cause: r.cause, count: Number(r.count) }));
}

import "server-only";
import { and, asc, desc, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit/append";
import { type Executor, getDb } from "@/lib/db/client";
import { type AlertRuleKind, type AlertSeverity, alertEvents, alertRules } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import { type AlertRule, DEFAULT_RULES, parseRuleParams } from "./rules";
import type { Actor } from "./settings";

type RuleRow = typeof alertRules.$inferSelect;

function toRule(row: RuleRow): AlertRule {
  // Stored params were validated on write; re-parse so defaults added later apply.
  let params: AlertRule["params"];
  try {
    params = parseRuleParams(row.kind, row.params);
  } catch {
    params = row.params as AlertRule["params"];
  }
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    params,
    severity: row.severity,
    enabled: row.enabled,
  };
}

export async function listRules(db?: Executor): Promise<(AlertRule & { updatedAt: string })[]> {
  const exec = db ?? (await getDb());
  const rows = await exec.select().from(alertRules).orderBy(asc(alertRules.createdAt), asc(alertRules.slug));
  return rows.map((r) => ({ ...toRule(r), updatedAt: r.updatedAt.toISOString() }));
}

export async function getRule(id: string, db?: Executor): Promise<AlertRule | null> {
  const exec = db ?? (await getDb());
  const [row] = await exec.select().from(alertRules).where(eq(alertRules.id, id)).limit(1);
  return row ? toRule(row) : null;
}

export type RuleInput = {
  name: string;
  kind: AlertRuleKind;
  params: unknown;
  severity: AlertSeverity;
  enabled: boolean;
  slug?: string;
};

/** Adds a rule (params validated for its kind) and audits it. */
export async function createRule(input: RuleInput, actor: Actor): Promise<AlertRule> {
  const params = parseRuleParams(input.kind, input.params);
  const slug = input.slug ?? `${input.kind.replace(/_/g, "-")}-${Date.now().toString(36)}`;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(alertRules)
      .values({
        slug,
        name: input.name,
        kind: input.kind,
        params,
        severity: input.severity,
        enabled: input.enabled,
        updatedBy: actor.id,
      })
      .onConflictDoNothing({ target: alertRules.slug })
      .returning();
    if (!row) throw ApiError.conflict(`a rule with slug "${slug}" exists`);
    await appendAuditEvent(tx, {
      type: "alert_rule.created",
      actor: { kind: "user", id: actor.id, name: actor.name },
      payload: { ruleId: row.id, after: toRule(row) },
    });
    return toRule(row);
  });
}

export type RulePatch = Partial<Pick<RuleInput, "name" | "params" | "severity" | "enabled">>;

/** Edits a rule; the audit event holds before and after. Closing events of a disabled rule is the evaluator's job. */
export async function updateRule(id: string, patch: RulePatch, actor: Actor): Promise<AlertRule> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(alertRules).where(eq(alertRules.id, id)).for("update");
    if (!current) throw ApiError.notFound("no such alert rule");
    const before = toRule(current);
    const params = patch.params !== undefined ? parseRuleParams(current.kind, patch.params) : current.params;
    const [row] = await tx
      .update(alertRules)
      .set({
        name: patch.name ?? current.name,
        params,
        severity: patch.severity ?? current.severity,
        enabled: patch.enabled ?? current.enabled,
        updatedAt: new Date(),
        updatedBy: actor.id,
      })
      .where(eq(alertRules.id, id))
      .returning();
    const after = toRule(row!);
    await appendAuditEvent(tx, {
      type: "alert_rule.updated",
      actor: { kind: "user", id: actor.id, name: actor.name },
      payload: { ruleId: id, before, after },
    });
    return after;
  });
}

export async function deleteRule(id: string, actor: Actor): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(alertRules).where(eq(alertRules.id, id)).returning();
    if (!row) throw ApiError.notFound("no such alert rule");
    await appendAuditEvent(tx, {
      type: "alert_rule.deleted",
      actor: { kind: "user", id: actor.id, name: actor.name },
      payload: { ruleId: id, before: toRule(row) },
    });
  });
}

/** Inserts the default rules that are missing (by slug); never overwrites an admin's edits. */
export async function ensureDefaultRules(db?: Executor): Promise<number> {
  const exec = db ?? (await getDb());
  const rows = await exec
    .insert(alertRules)
    .values(DEFAULT_RULES.map((r) => ({ ...r, params: r.params as Record<string, unknown> })))
    .onConflictDoNothing({ target: alertRules.slug })
    .returning({ id: alertRules.id });
  return rows.length;
}

export type AlertEventView = {
  id: string;
  ruleId: string;
  ruleName: string;
  kind: AlertRuleKind;
  severity: AlertSeverity;
  subject: string;
  labels: Record<string, string>;
  summary: string;
  startedAt: string;
  endedAt: string | null;
  value: number | null;
  peakValue: number | null;
};

/**
 * Alert events overlapping [fromMs, toMs] (or all open ones with `state: "firing"`), newest first.
 */
export async function listEvents(
  opts: { fromMs?: number; toMs?: number; state?: "firing" | "resolved" | "all"; limit?: number },
  db?: Executor,
): Promise<AlertEventView[]> {
  const exec = db ?? (await getDb());
  const conds = [];
  if (opts.state === "firing") conds.push(isNull(alertEvents.endedAt));
  if (opts.state === "resolved") conds.push(sql`${alertEvents.endedAt} is not null`);
  if (opts.toMs !== undefined) conds.push(lte(alertEvents.startedAt, new Date(opts.toMs)));
  if (opts.fromMs !== undefined)
    conds.push(or(isNull(alertEvents.endedAt), gte(alertEvents.endedAt, new Date(opts.fromMs)))!);
  const rows = await exec
    .select({ e: alertEvents, ruleName: alertRules.name, kind: alertRules.kind })
    .from(alertEvents)
    .innerJoin(alertRules, eq(alertRules.id, alertEvents.ruleId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(alertEvents.startedAt))
    .limit(Math.min(opts.limit ?? 200, 1000));
  return rows.map(({ e, ruleName, kind }) => ({
    id: e.id,
    ruleId: e.ruleId,
    ruleName,
    kind,
    severity: e.severity,
    subject: e.subject,
    labels: e.labels,
    summary: e.summary,
    startedAt: e.startedAt.toISOString(),
    endedAt: e.endedAt?.toISOString() ?? null,
    value: e.value,
    peakValue: e.peakValue,
  }));
}

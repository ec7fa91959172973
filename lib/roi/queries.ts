import "server-only";
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { type AuditActor, appendAuditEvent } from "@/lib/audit/append";
import { type Executor, getDb } from "@/lib/db/client";
import { actions, roiCostPlans, roiInitiatives, violations } from "@/lib/db/schema";
import type { CostPlan } from "./costs";
import { DEFAULT_COST_PLAN } from "./defaults";
import type { ActionFact, Initiative, ViolationFact } from "./model";

/**
 * Data access of the ROI feature: its own tables (initiatives, cost plans) and named read-only
 * queries over the governance tables (actions, violations). Telemetry and facility figures are
 * read in telemetry.ts through those features' functions.
 */

export type InitiativeRecord = Initiative & { description: string; createdAt: string; updatedAt: string };

type InitiativeRow = typeof roiInitiatives.$inferSelect;

function toInitiative(r: InitiativeRow): InitiativeRecord {
  return {
    id: r.id,
    name: r.name,
    horizon: r.horizon,
    owner: r.owner,
    description: r.description,
    startedAtMs: r.startedAt.getTime(),
    agentIds: r.agentIds,
    categories: r.categories,
    baseline: r.baseline,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listInitiatives(exec?: Executor): Promise<InitiativeRecord[]> {
  const db = exec ?? (await getDb());
  const rows = await db
    .select()
    .from(roiInitiatives)
    .where(isNull(roiInitiatives.archivedAt))
    .orderBy(asc(roiInitiatives.horizon), asc(roiInitiatives.name));
  return rows.map(toInitiative);
}

export type InitiativeInput = Omit<Initiative, "id" | "startedAtMs"> & {
  description?: string;
  startedAt: string;
};

export class InitiativeNameTaken extends Error {}

/** Records an initiative (and its audit event) in one transaction. */
export async function createInitiative(input: InitiativeInput, actor: AuditActor & { userId?: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: roiInitiatives.id })
      .from(roiInitiatives)
      .where(eq(roiInitiatives.name, input.name));
    if (taken) throw new InitiativeNameTaken(`an initiative named "${input.name}" already exists`);
    const [row] = await tx
      .insert(roiInitiatives)
      .values({ ...initiativeColumns(input), createdBy: actor.userId ?? null })
      .returning();
    await appendAuditEvent(tx, {
      type: "roi.initiative_created",
      actor,
      payload: { initiative: input, id: row!.id },
    });
    return toInitiative(row!);
  });
}

/** The columns an initiative's input sets, shared by create and update. */
const initiativeColumns = (input: InitiativeInput) => ({
  name: input.name,
  horizon: input.horizon,
  owner: input.owner,
  description: input.description ?? "",
  startedAt: new Date(input.startedAt),
  agentIds: input.agentIds,
  categories: input.categories,
  baseline: input.baseline,
});

/** Replaces an initiative's fields; null when it does not exist (or was archived). */
export async function updateInitiative(id: string, input: InitiativeInput, actor: AuditActor) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: roiInitiatives.id })
      .from(roiInitiatives)
      .where(and(eq(roiInitiatives.name, input.name), sql`${roiInitiatives.id} <> ${id}`));
    if (clash) throw new InitiativeNameTaken(`an initiative named "${input.name}" already exists`);
    const [row] = await tx
      .update(roiInitiatives)
      .set({ ...initiativeColumns(input), updatedAt: new Date() })
      .where(and(eq(roiInitiatives.id, id), isNull(roiInitiatives.archivedAt)))
      .returning();
    if (!row) return null;
    await appendAuditEvent(tx, { type: "roi.initiative_updated", actor, payload: { id, initiative: input } });
    return toInitiative(row);
  });
}

export async function archiveInitiative(id: string, actor: AuditActor): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(roiInitiatives)
      .set({ archivedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(roiInitiatives.id, id), isNull(roiInitiatives.archivedAt)))
      .returning({ id: roiInitiatives.id });
    if (rows.length === 0) return false;
    await appendAuditEvent(tx, { type: "roi.initiative_archived", actor, payload: { id } });
    return true;
  });
}

export type CostPlanRecord = CostPlan & { version: number | null; note: string; createdAt: string | null };

/** The cost plan in force (the newest version), or the built-in default when none was saved. */
export async function currentCostPlan(exec?: Executor): Promise<CostPlanRecord> {
  const db = exec ?? (await getDb());
  const [row] = await db.select().from(roiCostPlans).orderBy(desc(roiCostPlans.id)).limit(1);
  if (!row) return { ...DEFAULT_COST_PLAN, version: null, note: "built-in default", createdAt: null };
  return {
    totalInvestmentUsd: row.totalInvestmentUsd,
    splitPct: row.splitPct,
    spentUsd: row.spentUsd,
    amortisationMonths: row.amortisationMonths,
    tariffUsdPerKwh: row.tariffUsdPerKwh,
    assumedPue: row.assumedPue,
    cloudUsdPerMillionTokens: row.cloudUsdPerMillionTokens,
    version: row.id,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Saves a new version of the cost plan (older versions are kept). */
export async function saveCostPlan(
  plan: CostPlan & { note?: string },
  actor: AuditActor & { userId?: string },
) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(roiCostPlans)
      .values({ ...plan, note: plan.note ?? "", createdBy: actor.userId ?? null })
      .returning({ id: roiCostPlans.id });
    await appendAuditEvent(tx, { type: "roi.cost_plan_saved", actor, payload: { version: row!.id, plan } });
    return currentCostPlan(tx);
  });
}

export async function costPlanHistory(limit = 20) {
  const db = await getDb();
  return db
    .select({ id: roiCostPlans.id, note: roiCostPlans.note, createdAt: roiCostPlans.createdAt })
    .from(roiCostPlans)
    .orderBy(desc(roiCostPlans.id))
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------
// Governance facts (read-only)

const HUMAN_AUTHORITY = "require_approval";

/**
 * Actions relevant to [fromMs, toMs): requested inside it, plus earlier ones still waiting for a
 * person at fromMs (they count in the approval backlog).
 */
export async function loadActionFacts(fromMs: number, toMs: number, exec?: Executor): Promise<ActionFact[]> {
  const db = exec ?? (await getDb());
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const rows = await db
    .select({
      id: actions.id,
      agentId: actions.agentId,
      category: actions.category,
      authority: actions.authority,
      status: actions.status,
      requestedAt: actions.requestedAt,
      decidedAt: actions.decidedAt,
      decidedBy: actions.decidedBy,
      updatedAt: actions.updatedAt,
      outcomeStatus: actions.outcomeStatus,
    })
    .from(actions)
    .where(
      and(
        lt(actions.requestedAt, to),
        or(gte(actions.requestedAt, from), eq(actions.status, "pending"), gte(actions.decidedAt, from)),
      ),
    );
  return rows.map((r): ActionFact => {
    const decidedBy = r.decidedBy === "policy" || r.decidedBy === "human" ? r.decidedBy : null;
    const outcome =
      r.outcomeStatus === "succeeded" || r.status === "succeeded"
        ? "succeeded"
        : r.outcomeStatus === "failed" || r.status === "failed"
          ? "failed"
          : null;
    return {
      id: r.id,
      agentId: r.agentId,
      category: r.category,
      requestedAtMs: r.requestedAt.getTime(),
      decidedAtMs: decidedBy && r.decidedAt ? r.decidedAt.getTime() : null,
      closedAtMs: r.status === "pending" ? null : (r.decidedAt ?? r.updatedAt).getTime(),
      decidedBy,
      needsHuman: r.authority === HUMAN_AUTHORITY,
      outcome,
    };
  });
}

export async function loadViolationFacts(
  fromMs: number,
  toMs: number,
  exec?: Executor,
): Promise<ViolationFact[]> {
  const db = exec ?? (await getDb());
  const rows = await db
    .select({
      occurredAt: violations.occurredAt,
      agentId: violations.agentId,
      category: violations.category,
      cause: violations.cause,
    })
    .from(violations)
    .where(and(gte(violations.occurredAt, new Date(fromMs)), lt(violations.occurredAt, new Date(toMs))));
  return rows.map((r) => ({
    atMs: r.occurredAt.getTime(),
    agentId: r.agentId,
    category: r.category,
    cause: r.cause,
  }));
}

/**
 * Each initiative's earliest succeeded action since its start (what time to first value needs),
 * as facts: one small query per initiative instead of loading all history.
 */
export async function firstValueFacts(
  initiatives: readonly Initiative[],
  exec?: Executor,
): Promise<ActionFact[]> {
  const db = exec ?? (await getDb());
  const out: ActionFact[] = [];
  for (const init of initiatives) {
    if (init.agentIds.length === 0) continue;
    const [row] = await db
      .select({
        id: actions.id,
        agentId: actions.agentId,
        category: actions.category,
        requestedAt: actions.requestedAt,
      })
      .from(actions)
      .where(
        and(
          inArray(actions.agentId, init.agentIds),
          init.categories.length ? inArray(actions.category, init.categories) : undefined,
          gte(actions.requestedAt, new Date(init.startedAtMs)),
          or(eq(actions.status, "succeeded"), eq(actions.outcomeStatus, "succeeded")),
        ),
      )
      .orderBy(asc(actions.requestedAt))
      .limit(1);
    if (!row) continue;
    const t = row.requestedAt.getTime();
    out.push({
      id: row.id,
      agentId: row.agentId,
      category: row.category,
      requestedAtMs: t,
      decidedAtMs: t,
      closedAtMs: t,
      decidedBy: null,
      needsHuman: false,
      outcome: "succeeded",
    });
  }
  return out;
}

/** Requests waiting for a person right now (not yet expired). */
export async function countOpenApprovals(nowMs = Date.now(), exec?: Executor): Promise<number> {
  const db = exec ?? (await getDb());
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(actions)
    .where(
      and(
        eq(actions.status, "pending"),
        or(isNull(actions.expiresAt), gte(actions.expiresAt, new Date(nowMs))),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Agent ids and their categories seen in the actions table (for the initiative form). */
export async function knownAgentsAndCategories(exec?: Executor) {
  const db = exec ?? (await getDb());
  const rows = await db
    .selectDistinct({ agentId: actions.agentId, category: actions.category })
    .from(actions)
    .orderBy(asc(actions.agentId), asc(actions.category))
    .limit(500);
  const agents = new Map<string, string[]>();
  for (const r of rows) agents.set(r.agentId, [...(agents.get(r.agentId) ?? []), r.category]);
  return [...agents].map(([agentId, categories]) => ({ agentId, categories }));
}

/** The time span the actions table covers (for choosing a sensible default period). */
export async function actionSpan(exec?: Executor): Promise<{ fromMs: number; toMs: number } | null> {
  const db = exec ?? (await getDb());
  const [row] = await db
    .select({
      min: sql<string | null>`min(${actions.requestedAt})`,
      max: sql<string | null>`max(${actions.requestedAt})`,
    })
    .from(actions);
  if (!row?.min || !row.max) return null;
  return { fromMs: new Date(row.min).getTime(), toMs: new Date(row.max).getTime() };
}

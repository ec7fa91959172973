import "server-only";
import { and, asc, desc, eq, gte, ilike, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db/client";
import { actions } from "@/lib/db/schema";
import type { ActionView } from "./action-view";
import { toActionView } from "./actions";

/** Named read queries over actions, shared by the inbox, the ROI feature and the audit pages. */
export type ActionFilter = {
  statuses?: string[];
  tiers?: string[];
  agents?: string[];
  categories?: string[];
  q?: string;
  fromMs?: number;
  toMs?: number;
  sort?: "urgent" | "oldest" | "newest";
  limit?: number;
};

export async function listActions(f: ActionFilter = {}): Promise<ActionView[]> {
  const db = await getDb();
  const conds: (SQL | undefined)[] = [
    f.statuses?.length ? inArray(actions.status, f.statuses as (typeof actions.status._.data)[]) : undefined,
    f.tiers?.length ? inArray(actions.tier, f.tiers) : undefined,
    f.agents?.length ? inArray(actions.agentId, f.agents) : undefined,
    f.categories?.length ? inArray(actions.category, f.categories) : undefined,
    f.fromMs !== undefined ? gte(actions.requestedAt, new Date(f.fromMs)) : undefined,
    f.toMs !== undefined ? lte(actions.requestedAt, new Date(f.toMs)) : undefined,
  ];
  if (f.q?.trim()) {
    const like = `%${f.q.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(
      or(
        ilike(actions.action, like),
        ilike(actions.agentId, like),
        ilike(actions.category, like),
        ilike(actions.requestedBy, like),
        sql`${actions.params}::text ilike ${like}`,
      ),
    );
  }
  const order =
    f.sort === "newest"
      ? [desc(actions.requestedAt)]
      : f.sort === "oldest"
        ? [asc(actions.requestedAt)]
        : [sql`${actions.expiresAt} asc nulls last`, asc(actions.requestedAt)];
  const rows = await db
    .select()
    .from(actions)
    .where(and(...conds))
    .orderBy(...order)
    .limit(Math.min(f.limit ?? 200, 1000));
  return rows.map(toActionView);
}

/** The distinct agents, categories and tiers seen (inbox filter menus). */
export async function actionFacets() {
  const db = await getDb();
  const rows = await queryRows<{ kind: string; value: string }>(
    db,
    sql`select 'agent' as kind, agent_id as value from actions group by agent_id
        union all select 'category', category from actions group by category
        union all select 'tier', tier from actions group by tier order by 1, 2`,
  );
  const pick = (k: string) => rows.filter((r) => r.kind === k).map((r) => r.value);
  return { agents: pick("agent"), categories: pick("category"), tiers: pick("tier") };
}

export type ActionStatsRow = {
  agentId: string;
  category: string;
  total: number;
  decidedByPolicy: number;
  decidedByHuman: number;
  approved: number;
  rejected: number;
  expired: number;
  cancelled: number;
  pending: number;
  succeeded: number;
  failed: number;
  /** Mean seconds from request to a human decision (null when none). */
  meanHumanDecisionSeconds: number | null;
  violations: number;
};

/**
 * Per agent and category in [fromMs, toMs] (by request time): volumes, who decided, outcomes,
 * human decision latency and violations. The ROI feature builds autonomy rates on this.
 */
export async function actionStats(opts: {
  fromMs: number;
  toMs: number;
  agentIds?: string[];
  categories?: string[];
}): Promise<ActionStatsRow[]> {
  const db = await getDb();
  const from = new Date(opts.fromMs).toISOString();
  const to = new Date(opts.toMs).toISOString();
  const agentFilter = opts.agentIds?.length ? sql`and agent_id in ${opts.agentIds}` : sql``;
  const catFilter = opts.categories?.length ? sql`and category in ${opts.categories}` : sql``;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`with a as (
          select agent_id, category,
            count(*)::int as total,
            (count(*) filter (where decided_by = 'policy'))::int as decided_by_policy,
            (count(*) filter (where decided_by = 'human'))::int as decided_by_human,
            (count(*) filter (where status in ('approved','executing','succeeded','failed')))::int as approved,
            (count(*) filter (where status = 'rejected'))::int as rejected,
            (count(*) filter (where status = 'expired'))::int as expired,
            (count(*) filter (where status = 'cancelled'))::int as cancelled,
            (count(*) filter (where status = 'pending'))::int as pending,
            (count(*) filter (where status = 'succeeded'))::int as succeeded,
            (count(*) filter (where status = 'failed'))::int as failed,
            avg(extract(epoch from decided_at - requested_at)) filter (where decided_by = 'human') as mean_human
          from actions
          where requested_at >= ${from}::timestamptz and requested_at <= ${to}::timestamptz ${agentFilter} ${catFilter}
          group by agent_id, category),
        v as (
          select agent_id, category, count(*)::int as violations from violations
          where occurred_at >= ${from}::timestamptz and occurred_at <= ${to}::timestamptz ${agentFilter} ${catFilter}
          group by agent_id, category)
        select coalesce(a.agent_id, v.agent_id) as agent_id, coalesce(a.category, v.category) as category,
          a.total, a.decided_by_policy, a.decided_by_human, a.approved, a.rejected, a.expired, a.cancelled,
          a.pending, a.succeeded, a.failed, a.mean_human, v.violations
        from a full outer join v on a.agent_id = v.agent_id and a.category = v.category
        order by 1, 2`,
  );
  const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  return rows.map((r) => ({
    agentId: String(r.agent_id),
    category: String(r.category),
    total: n(r.total),
    decidedByPolicy: n(r.decided_by_policy),
    decidedByHuman: n(r.decided_by_human),
    approved: n(r.approved),
    rejected: n(r.rejected),
    expired: n(r.expired),
    cancelled: n(r.cancelled),
    pending: n(r.pending),
    succeeded: n(r.succeeded),
    failed: n(r.failed),
    meanHumanDecisionSeconds:
      r.mean_human === null || r.mean_human === undefined ? null : Number(r.mean_human),
    violations: n(r.violations),
  }));
}

/** An agent's latest actions (the inbox detail pane's "recent history"). */
export async function agentHistory(agentId: string, limit = 20): Promise<ActionView[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(actions)
    .where(eq(actions.agentId, agentId))
    .orderBy(desc(actions.requestedAt))
    .limit(limit);
  return rows.map(toActionView);
}

/** Human and expiry decisions in a window (time-axis annotations). */
export async function decisionsBetween(fromMs: number, toMs: number, limit = 500) {
  const db = await getDb();
  return db
    .select({
      id: actions.id,
      agentId: actions.agentId,
      category: actions.category,
      action: actions.action,
      status: actions.status,
      decidedBy: actions.decidedBy,
      deciderName: actions.deciderName,
      decidedAt: actions.decidedAt,
    })
    .from(actions)
    .where(
      and(
        inArray(actions.decidedBy, ["human", "system"]),
        gte(actions.decidedAt, new Date(fromMs)),
        lte(actions.decidedAt, new Date(toMs)),
      ),
    )
    .orderBy(asc(actions.decidedAt))
    .limit(limit);
}

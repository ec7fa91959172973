import "server-only";
import { like, sql } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit/append";
import type { Tx } from "@/lib/db/client";
import { actions, actionVotes, notifications } from "@/lib/db/schema";
import type { SeedContext } from "@/scripts/seed-context";
import { classify } from "./policy";
import { currentPolicy, ensureDefaultPolicy } from "./policy-store";
import { mulberry32, pickTemplate, REJECT_REASONS, templateFor } from "./seed-catalog";
import { recordViolation } from "./violations";

const DAYS = 14;
const PER_DAY = 40;
const PENDING_NOW = 9;
const MIN = 60_000;

type NewAction = typeof actions.$inferInsert;

/**
 * Demo data: policy v1 (the default), two weeks of agent actions decided by policy or by the
 * demo approvers, a handful pending in the inbox right now, and a few boundary violations.
 * Idempotent: rows carry call ids starting with "seed-", and nothing is added when they exist.
 */
export async function seed(ctx: SeedContext): Promise<void> {
  const { db } = ctx.handle;
  await ensureDefaultPolicy(db);
  const [already] = await db
    .select({ id: actions.id })
    .from(actions)
    .where(like(actions.callId, "seed-%"))
    .limit(1);
  if (already) {
    ctx.log("governance: demo actions already present");
    return;
  }
  const policy = await currentPolicy(db);
  const approvers = [
    { id: ctx.users["approver@demo.local"]!, name: "Ada Approver" },
    { id: ctx.users["approver2@demo.local"]!, name: "Ben Approver" },
  ];
  const r = mulberry32(20261126);
  const now = Date.now();
  const plan: {
    row: NewAction;
    votes: { approver: (typeof approvers)[number]; vote: "approve" | "reject"; atMs: number }[];
  }[] = [];
  let n = 0;
  const total = DAYS * PER_DAY;
  for (let i = 0; i < total + PENDING_NOW; i++) {
    const isPendingNow = i >= total;
    // History spreads over 14 days up to 6 h ago; the pending ones arrived in the last ~3 h.
    const atMs = isPendingNow
      ? now - Math.floor(r() * 170 * MIN) - MIN
      : now - 6 * 3600_000 - Math.floor(r() * (DAYS * 86400_000 - 6 * 3600_000));
    let { agentId, t } = pickTemplate(r);
    if (isPendingNow) {
      // Make sure the inbox has varied work that needs a human.
      const live = [
        "legal_compliance",
        "contract_signature",
        "production_change",
        "financial_transactions",
        "customer_refund",
      ];
      ({ agentId, t } = templateFor(live[i % live.length]!));
      if (t.category === "financial_transactions")
        t = {
          ...t,
          params: () => ({ vendor: "Globex", amount: 42_000, currency: "EUR", invoice: `INV-${70000 + i}` }),
        };
      if (t.category === "customer_refund")
        t = { ...t, params: () => ({ order: `O-${40000 + i}`, amount: 1_250, currency: "EUR" }) };
    }
    const params = t.params(r);
    const c = classify(
      policy.policy,
      { agentId, action: t.action, category: t.category, params },
      { nowMs: atMs },
    );
    const needsHuman = c.authority === "require_approval";
    const row: NewAction = {
      agentId,
      callId: `seed-${++n}`,
      requestHash: `seed-${n}`,
      action: t.action,
      category: t.category,
      params,
      dataRefs: t.dataRefs(r, params),
      requestedBy: i % 11 === 0 ? "approver@demo.local" : `ops-${agentId.split("-")[0]}@demo.local`,
      tier: c.tier,
      authority: c.authority,
      status: "approved",
      policyVersion: policy.version,
      rule: c.rule,
      policyReason: c.reason,
      classification: c as unknown as Record<string, unknown>,
      quorum: c.quorum,
      approverRoles: c.approverRoles,
      requestedAt: new Date(atMs),
      expiresAt:
        needsHuman && c.expiresInSeconds !== null ? new Date(atMs + c.expiresInSeconds * 1000) : null,
      updatedAt: new Date(atMs),
    };
    const votes: (typeof plan)[number]["votes"] = [];
    if (!needsHuman) {
      Object.assign(row, { decidedBy: "policy", decidedAt: new Date(atMs), decisionReason: c.reason });
    } else if (isPendingNow) {
      row.status = "pending";
      if (row.expiresAt && row.expiresAt.getTime() < now + 20 * MIN)
        row.expiresAt = new Date(now + (20 + i) * MIN);
    } else {
      const roll = r();
      const decidedMs = atMs + Math.floor((2 + r() * 90) * MIN);
      if (roll < 0.08 || (row.expiresAt && decidedMs >= row.expiresAt.getTime())) {
        Object.assign(row, {
          status: "expired",
          decidedBy: "system",
          decidedAt: row.expiresAt,
          decisionReason: "approval window elapsed",
        });
      } else {
        const eligible = approvers.filter(
          (a) => row.requestedBy !== "approver@demo.local" || a.name !== "Ada Approver",
        );
        const reject = roll > 0.86;
        const voters = reject
          ? [eligible[Math.floor(r() * eligible.length)]!]
          : eligible.slice(0, Math.max(1, c.quorum));
        for (const [k, a] of voters.entries())
          votes.push({
            approver: a,
            vote: reject ? "reject" : "approve",
            atMs: decidedMs - (voters.length - 1 - k) * 3 * MIN,
          });
        const last = voters[voters.length - 1]!;
        Object.assign(row, {
          status: reject ? "rejected" : "approved",
          decidedBy: "human",
          deciderId: last.id,
          deciderName: last.name,
          decidedAt: new Date(decidedMs),
          decisionReason: reject ? REJECT_REASONS[Math.floor(r() * REJECT_REASONS.length)] : null,
        });
      }
    }
    if (row.status === "approved" && !isPendingNow) {
      const start = (row.decidedAt as Date).getTime() + Math.floor(r() * 2 * MIN) + 1000;
      const ok = r() > 0.05;
      Object.assign(row, {
        status: ok ? "succeeded" : "failed",
        executingAt: new Date(start),
        completedAt: new Date(start + Math.floor(r() * 5 * MIN) + 2000),
        outcomeStatus: ok ? "succeeded" : "failed",
        outcomeResult: ok ? { ok: true } : { ok: false, error: "upstream timeout" },
        executedParams: params,
      });
    }
    plan.push({ row, votes });
  }

  for (let start = 0; start < plan.length; start += 100) {
    const chunk = plan.slice(start, start + 100);
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(actions)
        .values(chunk.map((p) => p.row))
        .returning();
      for (const [k, a] of inserted.entries()) {
        await seedTrail(tx, a, chunk[k]!.votes);
        for (const v of chunk[k]!.votes)
          await tx.insert(actionVotes).values({
            actionId: a.id,
            approverId: v.approver.id,
            approverName: v.approver.name,
            vote: v.vote,
            reason: v.vote === "reject" ? a.decisionReason : null,
            createdAt: new Date(v.atMs),
          });
        if (a.authority === "notify_human" && now - a.requestedAt.getTime() < 2 * 86400_000)
          await tx.insert(notifications).values({
            actionId: a.id,
            kind: "notify",
            title: `${a.agentId}: ${a.action} (${a.category})`,
            body: a.policyReason,
            createdAt: a.requestedAt,
          });
      }
      if (start === 0) await seedViolations(tx, inserted, r);
    });
  }
  ctx.log(`governance: ${plan.length} demo actions (${PENDING_NOW} pending), policy v${policy.version}`);
}

async function seedTrail(
  tx: Tx,
  a: typeof actions.$inferSelect,
  votes: { approver: { id: string; name: string }; vote: string }[],
) {
  const agent = { kind: "agent" as const, id: a.agentId };
  await appendAuditEvent(tx, {
    type: "action.submitted",
    actor: agent,
    actionId: a.id,
    payload: {
      request: {
        agent_id: a.agentId,
        call_id: a.callId,
        action: a.action,
        category: a.category,
        params: a.params,
        data_refs: a.dataRefs,
        requested_by: a.requestedBy,
      },
    },
  });
  await appendAuditEvent(tx, {
    type: "action.policy_decided",
    actor: { kind: "policy", id: `policy:v${a.policyVersion}` },
    actionId: a.id,
    payload: {
      policyVersion: a.policyVersion,
      rule: a.rule,
      inputs: {
        agentId: a.agentId,
        action: a.action,
        category: a.category,
        params: a.params,
        nowMs: a.requestedAt.getTime(),
      },
      result: a.classification,
      status: a.decidedBy === "policy" ? "approved" : "pending",
    },
  });
  for (const v of votes)
    await appendAuditEvent(tx, {
      type: "action.vote",
      actor: { kind: "user", ...v.approver },
      actionId: a.id,
      payload: { vote: v.vote },
    });
  if (a.decidedBy === "human")
    await appendAuditEvent(tx, {
      type: a.status === "rejected" ? "action.rejected" : "action.approved",
      actor: { kind: "user", id: a.deciderId!, name: a.deciderName! },
      actionId: a.id,
      payload: { reason: a.decisionReason },
    });
  if (a.status === "expired")
    await appendAuditEvent(tx, {
      type: "action.expired",
      actor: { kind: "system", id: "expiry" },
      actionId: a.id,
      payload: {},
    });
  if (a.outcomeStatus) {
    await appendAuditEvent(tx, { type: "action.executing", actor: agent, actionId: a.id, payload: {} });
    await appendAuditEvent(tx, {
      type: "action.outcome",
      actor: agent,
      actionId: a.id,
      payload: {
        status: a.outcomeStatus,
        result: a.outcomeResult,
        executedParams: a.executedParams,
        paramsMatch: true,
      },
    });
  }
}

/** A few violations of each cause, spread over the fortnight. */
async function seedViolations(tx: Tx, rows: (typeof actions.$inferSelect)[], r: () => number) {
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400_000 - Math.floor(r() * 3600_000));
  const rejected = rows.find((a) => a.status === "rejected" || a.status === "expired");
  const done = rows.filter((a) => a.status === "succeeded");
  const specs = [
    rejected && {
      actionId: rejected.id,
      agentId: rejected.agentId,
      category: rejected.category,
      cause: "outcome_not_approved" as const,
      detail: { actionStatus: rejected.status },
      days: 11,
    },
    done[0] && {
      actionId: done[0].id,
      agentId: done[0].agentId,
      category: done[0].category,
      cause: "params_mismatch" as const,
      detail: { approved: done[0].params, executed: { ...done[0].params, tampered: true } },
      days: 8,
    },
    {
      actionId: null,
      agentId: "invoice-bot",
      category: "unknown",
      cause: "unknown_action" as const,
      detail: { reportedId: "7f000000-0000-4000-8000-000000000000" },
      days: 6,
    },
    {
      actionId: null,
      agentId: "support-triage",
      category: "financial_transactions",
      cause: "category_not_allowed" as const,
      detail: { stage: "submit", key: "support-triage-key" },
      days: 4,
    },
    {
      actionId: null,
      agentId: "support-triage",
      category: "customer_refund",
      cause: "category_not_allowed" as const,
      detail: { stage: "submit", key: "support-triage-key" },
      days: 2,
    },
    done[1] && {
      actionId: done[1].id,
      agentId: done[1].agentId,
      category: done[1].category,
      cause: "params_mismatch" as const,
      detail: { approved: done[1].params, executed: {} },
      days: 1,
    },
  ];
  for (const s of specs) {
    if (!s) continue;
    const { days, ...v } = s;
    const row = await recordViolation(tx, v, { kind: "agent", id: v.agentId });
    await tx.execute(
      // Back-date the demo violation so the over-time chart has history.
      sql`update violations set occurred_at = ${at(days).toISOString()}::timestamptz where id = ${row.id}`,
    );
  }
}

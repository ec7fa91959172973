import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { type AuditEventInput, appendAuditEvent, auditInsertSql } from "@/lib/audit/append";
import { type Executor, getDb, queryRows } from "@/lib/db/client";
import { actions, actionVotes } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import type { ActionView } from "./action-view";
import { type ActionRow, toActionView } from "./actions";
import { liveNotifySql, publishLive } from "./live";
import { enqueueWebhook } from "./webhooks";

/**
 * Human decisions, exactly once. The action row is locked (SELECT … FOR UPDATE) for the whole
 * decision, votes are unique per (action, approver), and the final UPDATE is still conditional
 * on status = 'pending' — a second decision can only ever see a decided row and get a 409.
 * Five round trips per decision (BEGIN, lock, vote+tally+decide, audit events+NOTIFY, COMMIT):
 * the lock must be its own statement, because in READ COMMITTED a statement that waits for a row
 * lock keeps its older snapshot for everything else — a tally in it could miss a vote committed
 * by the transaction it waited for.
 */
export type Approver = { id: string; name: string; email: string; roles: string[] };
export type DecisionInput = { decision: "approve" | "reject"; reason?: string | null };
export type DecisionResult = { action: ActionView; final: boolean; approvals: number; quorum: number };

type Refusal = { status: 403 | 404 | 409; message: string; action?: ActionRow };

const selfRequested = (a: ActionRow, u: Approver) => {
  const r = a.requestedBy?.trim().toLowerCase();
  return !!r && (r === u.email.toLowerCase() || r === u.id.toLowerCase());
};

async function expireRow(tx: Executor, row: ActionRow, now: Date): Promise<ActionRow | null> {
  const [u] = await tx
    .update(actions)
    .set({
      status: "expired",
      decidedBy: "system",
      decidedAt: now,
      decisionReason: "approval window elapsed",
      updatedAt: now,
    })
    .where(and(eq(actions.id, row.id), eq(actions.status, "pending")))
    .returning();
  if (!u) return null;
  await appendAuditEvent(tx, {
    type: "action.expired",
    actor: { kind: "system", id: "expiry" },
    actionId: row.id,
    payload: { expiresAt: row.expiresAt?.toISOString(), at: now.toISOString() },
  });
  await enqueueWebhook(tx, "action.expired", row.id, { action: toActionView(u) });
  await publishLive(tx, { type: "action.updated", id: row.id, status: "expired", agentId: row.agentId });
  return u;
}

type Tally = { voted: boolean; approvals: number; decided: "approved" | "rejected" | null };

/** One statement: insert the vote, count approvals, conditionally decide the (locked) action. */
async function castVote(
  tx: Executor,
  id: string,
  approver: Approver,
  decision: DecisionInput["decision"],
  reason: string | null,
  now: Date,
): Promise<Tally> {
  const at = now.toISOString();
  const [r] = await queryRows<{ voted: boolean; approvals: number; decided: Tally["decided"] }>(
    tx,
    sql`with vote as (
        insert into action_votes (action_id, approver_id, approver_name, vote, reason, created_at)
        values (${id}::uuid, ${approver.id}::uuid, ${approver.name}, ${decision}, ${reason}, ${at}::timestamptz)
        on conflict do nothing
        returning vote
      ), tally as (
        select exists (select 1 from vote) as voted,
          (select count(*)::int from action_votes where action_id = ${id}::uuid and vote = 'approve')
            + (select count(*)::int from vote where vote = 'approve') as approvals
      ), decided as (
        update actions set
          status = case when ${decision} = 'reject' then 'rejected' else 'approved' end,
          decided_by = 'human', decider_id = ${approver.id}::uuid, decider_name = ${approver.name},
          decided_at = ${at}::timestamptz, decision_reason = ${reason}, updated_at = ${at}::timestamptz
        where id = ${id}::uuid and status = 'pending'
          and (select voted from tally)
          and (${decision} = 'reject' or (select approvals from tally) >= quorum)
        returning status
      )
      select t.voted, t.approvals, (select status from decided) as decided from tally t`,
  );
  if (!r) throw new Error("vote statement returned nothing");
  return { voted: r.voted, approvals: Number(r.approvals), decided: r.decided ?? null };
}

/** One statement: the decision's audit events (in order) and the live notification. */
async function recordDecision(
  tx: Executor,
  events: AuditEventInput[],
  live: Parameters<typeof liveNotifySql>[0],
) {
  await tx.execute(sql`with audit as (${auditInsertSql(events)}) select ${liveNotifySql(live)}`);
}

export async function decideAction(
  id: string,
  approver: Approver,
  input: DecisionInput,
  opts: { nowMs?: number } = {},
): Promise<DecisionResult> {
  const reason = input.reason?.trim() || null;
  if (input.decision === "reject" && !reason)
    throw ApiError.badRequest("a reason is required to reject", { field: "body.reason" });
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw ApiError.notFound("no such action");
  const now = new Date(opts.nowMs ?? Date.now());
  const db = await getDb();
  const out = await db.transaction(async (tx): Promise<DecisionResult | Refusal> => {
    const [row] = await tx.select().from(actions).where(eq(actions.id, id)).for("update");
    if (!row) return { status: 404, message: "no such action" };
    if (row.status !== "pending") {
      const who = row.deciderName ?? row.decidedBy ?? "someone";
      const when = row.decidedAt?.toISOString() ?? "earlier";
      return { status: 409, message: `already ${row.status} by ${who} at ${when}`, action: row };
    }
    if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
      const expired = await expireRow(tx, row, now);
      return { status: 409, message: "the approval window has expired", action: expired ?? row };
    }
    if (selfRequested(row, approver))
      return { status: 409, message: "you requested this action: someone else must decide it", action: row };
    if (!approver.roles.some((r) => row.approverRoles.includes(r)))
      return {
        status: 403,
        message: `approving this needs one of the roles: ${row.approverRoles.join(", ")}`,
      };

    // Statement 2 (its snapshot is taken after the lock above, so it sees every committed vote):
    // cast the vote (UNIQUE(action, approver)), count distinct approvals including this one, and
    // decide the action when this vote settles it — still conditional on status = 'pending'.
    const tally = await castVote(tx, id, approver, input.decision, reason, now);
    if (!tally.voted) return { status: 409, message: "you have already voted on this action", action: row };
    const { approvals } = tally;
    const actor = { kind: "user", id: approver.id, name: approver.name } as const;
    const events: AuditEventInput[] = [
      {
        type: "action.vote",
        actor,
        actionId: id,
        payload: { vote: input.decision, reason, approvals, quorum: row.quorum },
      },
    ];

    // Any reject rejects; approval needs `quorum` distinct approvers (castVote applied the same rule).
    const finalStatus =
      input.decision === "reject" ? "rejected" : approvals >= row.quorum ? "approved" : null;
    if (finalStatus !== tally.decided) throw new Error("vote tally and decision disagree"); // never decide twice
    if (!finalStatus) {
      await recordDecision(tx, events, {
        type: "action.updated",
        id,
        status: "pending",
        agentId: row.agentId,
      });
      return { action: toActionView(row), final: false, approvals, quorum: row.quorum };
    }
    // The row is locked by this transaction: the update set exactly these columns.
    const updated: ActionRow = {
      ...row,
      status: finalStatus,
      decidedBy: "human",
      deciderId: approver.id,
      deciderName: approver.name,
      decidedAt: now,
      decisionReason: reason,
      updatedAt: now,
    };
    events.push({
      type: finalStatus === "approved" ? "action.approved" : "action.rejected",
      actor,
      actionId: id,
      payload: { reason, approvals, quorum: row.quorum },
    });
    await enqueueWebhook(tx, `action.${finalStatus}`, id, { action: toActionView(updated) });
    await recordDecision(tx, events, {
      type: "action.updated",
      id,
      status: finalStatus,
      agentId: row.agentId,
    });
    return { action: toActionView(updated), final: true, approvals, quorum: row.quorum };
  });
  if ("status" in out && typeof out.status === "number") {
    const details = out.action ? { action: toActionView(out.action) } : {};
    throw new ApiError(out.status, out.message, details);
  }
  return out as DecisionResult;
}

/**
 * Turns overdue pending actions into expired (never approved). Safe on several instances:
 * rows are claimed with SKIP LOCKED and the update is conditional.
 */
export async function expireDueActions(opts: { nowMs?: number; limit?: number } = {}): Promise<number> {
  const now = new Date(opts.nowMs ?? Date.now());
  const db = await getDb();
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(actions)
      .where(
        and(eq(actions.status, "pending"), sql`${actions.expiresAt} <= ${now.toISOString()}::timestamptz`),
      )
      .limit(opts.limit ?? 500)
      .for("update", { skipLocked: true });
    let n = 0;
    for (const row of due) if (await expireRow(tx, row, now)) n++;
    return n;
  });
}

/** Votes cast so far on an action (quorum progress in the inbox). */
export async function listVotes(actionId: string) {
  const db = await getDb();
  return db
    .select()
    .from(actionVotes)
    .where(eq(actionVotes.actionId, actionId))
    .orderBy(actionVotes.createdAt);
}

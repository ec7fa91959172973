import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit/append";
import { type Executor, getDb, queryRows } from "@/lib/db/client";
import { actions, actionVotes } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import type { ActionView } from "./action-view";
import { type ActionRow, toActionView } from "./actions";
import { publishLive } from "./live";
import { enqueueWebhook } from "./webhooks";

/**
 * Human decisions, exactly once. The action row is locked (SELECT … FOR UPDATE) for the whole
 * decision, votes are unique per (action, approver), and the final UPDATE is still conditional
 * on status = 'pending' — a second decision can only ever see a decided row and get a 409.
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

    const [vote] = await tx
      .insert(actionVotes)
      .values({
        actionId: id,
        approverId: approver.id,
        approverName: approver.name,
        vote: input.decision,
        reason,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!vote) return { status: 409, message: "you have already voted on this action", action: row };
    const [{ approvals }] = (await queryRows<{ approvals: number }>(
      tx,
      sql`select count(*)::int as approvals from action_votes where action_id = ${id} and vote = 'approve'`,
    )) as [{ approvals: number }];
    await appendAuditEvent(tx, {
      type: "action.vote",
      actor: { kind: "user", id: approver.id, name: approver.name },
      actionId: id,
      payload: { vote: input.decision, reason, approvals, quorum: row.quorum },
    });

    // Any reject rejects; approval needs `quorum` distinct approvers.
    const finalStatus =
      input.decision === "reject" ? "rejected" : approvals >= row.quorum ? "approved" : null;
    if (!finalStatus) {
      await publishLive(tx, { type: "action.updated", id, status: "pending", agentId: row.agentId });
      return { action: toActionView(row), final: false, approvals, quorum: row.quorum };
    }
    const [updated] = await tx
      .update(actions)
      .set({
        status: finalStatus,
        decidedBy: "human",
        deciderId: approver.id,
        deciderName: approver.name,
        decidedAt: now,
        decisionReason: reason,
        updatedAt: now,
      })
      .where(and(eq(actions.id, id), eq(actions.status, "pending")))
      .returning();
    if (!updated) throw new Error("pending row changed under a row lock"); // cannot happen; never decide twice
    await appendAuditEvent(tx, {
      type: finalStatus === "approved" ? "action.approved" : "action.rejected",
      actor: { kind: "user", id: approver.id, name: approver.name },
      actionId: id,
      payload: { reason, approvals, quorum: row.quorum },
    });
    await enqueueWebhook(tx, `action.${finalStatus}`, id, { action: toActionView(updated) });
    await publishLive(tx, { type: "action.updated", id, status: finalStatus, agentId: row.agentId });
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

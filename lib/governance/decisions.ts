import "server-only";
import { and, eq, getTableColumns, sql } from "drizzle-orm";
import { appendAuditEvent, prepareAuditTemplate } from "@/lib/audit/append";
import { type Executor, getDb, queryRowsPrepared } from "@/lib/db/client";
import { actions, actionVotes } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import type { ActionView } from "./action-view";
import { type ActionRow, toActionView } from "./actions";
import { LIVE_CHANNEL, livePayload, publishLive } from "./live";
import { enqueueWebhook, webhookConfig } from "./webhooks";

/**
 * Human decisions, exactly once, in one statement: governance_decide() (drizzle/0014) locks the
 * action row (SELECT … FOR UPDATE), refuses what must be refused (the app turns the outcome into
 * 404/409/403), casts the vote (unique per action and approver), counts distinct approvals,
 * decides with an UPDATE still conditional on status = 'pending', appends the audit events and
 * notifies. Called in autocommit, so the decision, its audit events and its NOTIFY commit
 * together; inside the PL/pgSQL function every statement takes a fresh snapshot (READ COMMITTED),
 * so the tally after the lock sees each vote committed by the transactions the lock waited for.
 * The app prepares the audit documents with holes for the tally (approvals, quorum), which the
 * function fills (prepareAuditTemplate). The call is prepared: one round trip, not two.
 * Why: at 200 concurrent approvers latency is queueing behind per-decision CPU on 2 cores (Node
 * building and parsing 5 drizzle statements, each a Parse/Describe + Bind/Execute pair, and
 * PostgreSQL running them), not NOTIFY or fsync; see docs/benchmarks.md.
 * With a governance webhook configured the function also queues its outbox row (the payload's
 * action view is built by governance_action_view(), the SQL mirror of toActionView). Expiry found
 * at decision time is written in a transaction of its own (expireRow): the function only refuses.
 */
export type Approver = { id: string; name: string; email: string; roles: string[] };
export type DecisionInput = { decision: "approve" | "reject"; reason?: string | null };
export type DecisionResult = { action: ActionView; final: boolean; approvals: number; quorum: number };

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

type Outcome =
  | "not_found"
  | "already_decided"
  | "expired"
  | "self"
  | "forbidden"
  | "already_voted"
  | "pending"
  | "approved"
  | "rejected";
type Decided = { outcome: Outcome; approvals: number; row: ActionRow | null };

const actionColumns = Object.entries(getTableColumns(actions));
/** An action row from to_jsonb(actions), mapped by the schema's own columns. */
function actionFromJson(json: Record<string, unknown>): ActionRow {
  const row: Record<string, unknown> = {};
  for (const [key, col] of actionColumns) {
    const v = json[col.name];
    // jsonb members arrive decoded; everything else maps as if the driver had read it.
    row[key] = v == null ? null : col.dataType === "json" ? v : col.mapFromDriverValue(v);
  }
  return row as ActionRow;
}

/** The audit events a decision may write (the vote; the decision if final), tally left as holes. */
function decisionEvents(
  id: string,
  approver: Approver,
  vote: DecisionInput["decision"],
  reason: string | null,
) {
  const actor = { kind: "user", id: approver.id, name: approver.name } as const;
  const event = (type: string, payload: Record<string, unknown>) =>
    prepareAuditTemplate({ type, actor, actionId: id, payload }, ["approvals", "quorum"]);
  return {
    vote: event("action.vote", { vote, reason }),
    final: event(vote === "approve" ? "action.approved" : "action.rejected", { reason }),
  };
}

async function callDecide(
  db: Executor,
  id: string,
  approver: Approver,
  decision: DecisionInput["decision"],
  reason: string | null,
  now: Date,
): Promise<Decided> {
  const events = decisionEvents(id, approver, decision, reason);
  const [r] = await queryRowsPrepared<{ outcome: Outcome; approvals: number; action: unknown }>(
    db,
    sql`select outcome, approvals, action from governance_decide(${id}::uuid, ${approver.id}::uuid,
      ${approver.name}, ${approver.email}, ${sql.param(approver.roles)}::text[], ${decision}, ${reason},
      ${now.toISOString()}::timestamptz, ${JSON.stringify(events.vote)}::jsonb,
      ${JSON.stringify(events.final)}::jsonb, ${LIVE_CHANNEL},
      ${livePayload({ type: "action.updated", id })}::jsonb, ${webhookConfig()?.url ?? null})`,
  );
  if (!r) throw new Error("governance_decide returned nothing");
  const json = typeof r.action === "string" ? JSON.parse(r.action) : r.action;
  return { outcome: r.outcome, approvals: Number(r.approvals), row: json ? actionFromJson(json) : null };
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
  const { outcome, approvals, row } = await callDecide(db, id, approver, input.decision, reason, now);

  if (!row) throw ApiError.notFound("no such action");
  const refuse = (status: 403 | 409, message: string, action: ActionRow | null = row) =>
    new ApiError(status, message, action ? { action: toActionView(action) } : {});
  switch (outcome) {
    case "pending":
    case "approved":
    case "rejected":
      return { action: toActionView(row), final: outcome !== "pending", approvals, quorum: row.quorum };
    case "already_decided": {
      const who = row.deciderName ?? row.decidedBy ?? "someone";
      const when = row.decidedAt?.toISOString() ?? "earlier";
      throw refuse(409, `already ${row.status} by ${who} at ${when}`);
    }
    case "expired": {
      // Never approved: the function refused it; write the expiry (conditional on 'pending').
      const expired = await db.transaction((tx) => expireRow(tx, row, now));
      throw refuse(409, "the approval window has expired", expired ?? row);
    }
    case "self":
      throw refuse(409, "you requested this action: someone else must decide it");
    case "forbidden":
      throw refuse(403, `approving this needs one of the roles: ${row.approverRoles.join(", ")}`, null);
    case "already_voted":
      throw refuse(409, "you have already voted on this action");
    default:
      throw new Error(`governance_decide: unexpected outcome ${String(outcome)}`);
  }
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

import "server-only";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { type AuditActor, appendAuditEvent } from "@/lib/audit/append";
import { getDb } from "@/lib/db/client";
import { actions } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import type { ActionView } from "./action-view";
import { canonicalJson } from "./canonical";
import { publishLive, subscribeLive } from "./live";
import { createNotification } from "./notifications";
import { classify } from "./policy";
import { currentPolicy } from "./policy-store";
import { recordViolation } from "./violations";
import { enqueueWebhook } from "./webhooks";

/**
 * The action state machine, part 1: submission, reading, waiting and cancelling.
 *   pending → approved | rejected | expired | cancelled        (final decisions; decisions.ts)
 *   approved → executing → succeeded | failed                   (outcomes.ts)
 * Autonomous and notify tiers are created approved with decided_by = policy.
 */
export type ActionRow = typeof actions.$inferSelect;

/** The API key an agent calls with (constraints limit which agents/categories it may act for). */
export type AgentCaller = {
  apiKeyId: string | null;
  name: string;
  constraints: { agents?: string[]; categories?: string[] };
};

export type SubmitInput = {
  agent_id: string;
  call_id: string;
  action: string;
  category: string;
  params: Record<string, unknown>;
  data_refs: unknown[];
  requested_by?: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toActionView(a: ActionRow): ActionView {
  return {
    id: a.id,
    agent_id: a.agentId,
    call_id: a.callId,
    action: a.action,
    category: a.category,
    params: a.params,
    data_refs: a.dataRefs,
    requested_by: a.requestedBy,
    tier: a.tier,
    authority: a.authority,
    status: a.status,
    policy_version: a.policyVersion,
    rule: a.rule,
    policy_reason: a.policyReason,
    quorum: a.quorum,
    approver_roles: a.approverRoles,
    requested_at: a.requestedAt.toISOString(),
    expires_at: iso(a.expiresAt),
    decided_by: a.decidedBy,
    decider_name: a.deciderName,
    decided_at: iso(a.decidedAt),
    decision_reason: a.decisionReason,
    executing_at: iso(a.executingAt),
    completed_at: iso(a.completedAt),
    outcome_status: a.outcomeStatus,
    outcome_result: a.outcomeResult ?? null,
    executed_params: a.executedParams ?? null,
  };
}

export const agentActor = (agentId: string, caller?: AgentCaller | null): AuditActor => ({
  kind: "agent",
  id: agentId,
  name: caller?.name,
});

/** Which key constraint an agent breaks by acting for (agentId, category), if any. */
export function keyConstraintBreach(caller: AgentCaller | null, agentId: string, category: string) {
  const c = caller?.constraints ?? {};
  if (c.agents?.length && !c.agents.includes(agentId))
    return { cause: "agent_not_allowed" as const, message: `this API key may not act for agent ${agentId}` };
  if (c.categories?.length && !c.categories.includes(category))
    return {
      cause: "category_not_allowed" as const,
      message: `this API key may not act in category ${category}`,
    };
  return null;
}

/** Records a key-constraint violation (own transaction) and throws 403. */
export async function refuseByKeyConstraint(
  caller: AgentCaller | null,
  breach: NonNullable<ReturnType<typeof keyConstraintBreach>>,
  v: { actionId: string | null; agentId: string; category: string; detail: Record<string, unknown> },
): Promise<never> {
  const db = await getDb();
  await db.transaction((tx) =>
    recordViolation(
      tx,
      {
        ...v,
        cause: breach.cause,
        apiKeyId: caller?.apiKeyId ?? null,
        detail: { ...v.detail, key: caller?.name },
      },
      agentActor(v.agentId, caller),
    ),
  );
  throw ApiError.forbidden(`${breach.message} (recorded as a boundary violation)`);
}

/**
 * Submits an action. (agent_id, call_id) is an idempotency key: the same body again returns the
 * stored action (created = false); a different body under the same key is a 409.
 */
export async function submitAction(
  input: SubmitInput,
  caller: AgentCaller | null,
  opts: { nowMs?: number } = {},
): Promise<{ action: ActionView; created: boolean }> {
  const breach = keyConstraintBreach(caller, input.agent_id, input.category);
  if (breach)
    await refuseByKeyConstraint(caller, breach, {
      actionId: null,
      agentId: input.agent_id,
      category: input.category,
      detail: { stage: "submit", call_id: input.call_id, action: input.action },
    });
  const body = {
    agent_id: input.agent_id,
    call_id: input.call_id,
    action: input.action,
    category: input.category,
    params: input.params,
    data_refs: input.data_refs,
    requested_by: input.requested_by ?? null,
  };
  const requestHash = createHash("sha256").update(canonicalJson(body)).digest("hex");
  const nowMs = opts.nowMs ?? Date.now();
  const db = await getDb();
  const policy = await currentPolicy();
  const c = classify(
    policy.policy,
    { agentId: input.agent_id, action: input.action, category: input.category, params: input.params },
    { nowMs },
  );
  const needsHuman = c.authority === "require_approval";
  const now = new Date(nowMs);
  const result = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(actions)
      .values({
        agentId: input.agent_id,
        callId: input.call_id,
        requestHash,
        action: input.action,
        category: input.category,
        params: input.params,
        dataRefs: input.data_refs,
        requestedBy: input.requested_by ?? null,
        apiKeyId: caller?.apiKeyId ?? null,
        tier: c.tier,
        authority: c.authority,
        status: needsHuman ? "pending" : "approved",
        policyVersion: policy.version,
        rule: c.rule,
        policyReason: c.reason,
        classification: c as unknown as Record<string, unknown>,
        quorum: c.quorum,
        approverRoles: c.approverRoles,
        requestedAt: now,
        expiresAt:
          needsHuman && c.expiresInSeconds !== null ? new Date(nowMs + c.expiresInSeconds * 1000) : null,
        decidedBy: needsHuman ? null : "policy",
        decidedAt: needsHuman ? null : now,
        decisionReason: needsHuman ? null : c.reason,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [actions.agentId, actions.callId] })
      .returning();
    if (!created) {
      const [existing] = await tx
        .select()
        .from(actions)
        .where(and(eq(actions.agentId, input.agent_id), eq(actions.callId, input.call_id)));
      return { row: existing!, created: false };
    }
    const actor = agentActor(input.agent_id, caller);
    await appendAuditEvent(tx, {
      type: "action.submitted",
      actor,
      actionId: created.id,
      payload: { request: body },
    });
    await appendAuditEvent(tx, {
      type: "action.policy_decided",
      actor: { kind: "policy", id: `policy:v${policy.version}` },
      actionId: created.id,
      payload: {
        policyVersion: policy.version,
        rule: c.rule,
        inputs: {
          agentId: input.agent_id,
          action: input.action,
          category: input.category,
          params: input.params,
          nowMs,
        },
        result: c,
        status: created.status,
      },
    });
    const summary = `${input.agent_id}: ${input.action} (${input.category})`;
    if (c.authority === "notify_human") {
      await createNotification(tx, { actionId: created.id, kind: "notify", title: summary, body: c.reason });
      await enqueueWebhook(tx, "action.notify", created.id, { action: toActionView(created) });
    } else if (needsHuman) {
      await enqueueWebhook(tx, "action.approval_requested", created.id, { action: toActionView(created) });
    }
    await publishLive(tx, {
      type: "action.created",
      id: created.id,
      status: created.status,
      agentId: created.agentId,
    });
    return { row: created, created: true };
  });
  if (!result.created && result.row.requestHash !== requestHash)
    throw ApiError.conflict("call_id was already used with a different request body", {
      action: toActionView(result.row),
    });
  return { action: toActionView(result.row), created: result.created };
}

export async function getActionRow(id: string): Promise<ActionRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const db = await getDb();
  const [row] = await db.select().from(actions).where(eq(actions.id, id)).limit(1);
  return row ?? null;
}

export async function getAction(id: string): Promise<ActionView | null> {
  const row = await getActionRow(id);
  return row ? toActionView(row) : null;
}

/**
 * Long-poll: returns once the action is no longer pending or after `waitSeconds`.
 * Wakes on LISTEN/NOTIFY; re-reads every 2 s as well in case a notification was missed.
 */
export async function waitForDecision(
  id: string,
  waitSeconds: number,
  signal?: AbortSignal,
): Promise<ActionView | null> {
  const deadline = Date.now() + Math.min(waitSeconds, 60) * 1000;
  let row = await getAction(id);
  if (row?.status !== "pending" || waitSeconds <= 0) return row;
  let wake: () => void = () => {};
  const unsubscribe = await subscribeLive((e) => {
    if (e.id === id) wake();
  });
  try {
    while (row && row.status === "pending" && Date.now() < deadline && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(2000, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      row = await getAction(id);
    }
    return row;
  } finally {
    unsubscribe();
  }
}

/** The agent withdraws a pending request. */
export async function cancelAction(
  id: string,
  caller: AgentCaller | null,
  reason: string | null,
): Promise<ActionView> {
  const db = await getDb();
  const row = await getActionRow(id);
  if (!row) throw ApiError.notFound("no such action");
  const breach = keyConstraintBreach(caller, row.agentId, row.category);
  if (breach)
    await refuseByKeyConstraint(caller, breach, {
      actionId: row.id,
      agentId: row.agentId,
      category: row.category,
      detail: { stage: "cancel" },
    });
  const updated = await db.transaction(async (tx) => {
    const [u] = await tx
      .update(actions)
      .set({
        status: "cancelled",
        decidedBy: "agent",
        decidedAt: new Date(),
        decisionReason: reason,
        updatedAt: new Date(),
      })
      .where(and(eq(actions.id, id), eq(actions.status, "pending")))
      .returning();
    if (!u) return null;
    await appendAuditEvent(tx, {
      type: "action.cancelled",
      actor: agentActor(u.agentId, caller),
      actionId: id,
      payload: { reason },
    });
    await publishLive(tx, { type: "action.updated", id, status: "cancelled", agentId: u.agentId });
    return u;
  });
  if (!updated) {
    const cur = (await getActionRow(id))!;
    throw ApiError.conflict(`action is already ${cur.status}`, { action: toActionView(cur) });
  }
  return toActionView(updated);
}

import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit/append";
import { getDb } from "@/lib/db/client";
import { actions } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/errors";
import type { ActionView } from "./action-view";
import {
  type AgentCaller,
  agentActor,
  keyConstraintBreach,
  refuseByKeyConstraint,
  toActionView,
} from "./actions";
import { sameJson } from "./canonical";
import { publishLive } from "./live";
import { recordViolation } from "./violations";

/**
 * The agent reports what it did. Reports that break the autonomy boundary (acting without an
 * approval, with other parameters than approved, on an unknown action, or outside its key's
 * constraints) are recorded as violations and answered with 409/403 — never silently accepted.
 */
export type OutcomeInput = {
  status: "executing" | "succeeded" | "failed";
  result?: unknown;
  executed_params?: Record<string, unknown> | null;
  /** Optional: lets an unknown-action violation name the agent. */
  agent_id?: string | null;
};

const NOT_APPROVED = ["pending", "rejected", "expired", "cancelled"];

export async function reportOutcome(
  id: string,
  input: OutcomeInput,
  caller: AgentCaller | null,
): Promise<ActionView> {
  const db = await getDb();
  const validId = /^[0-9a-f-]{36}$/i.test(id);
  const [existing] = validId ? await db.select().from(actions).where(eq(actions.id, id)).limit(1) : [];
  if (!existing) {
    const agentId = input.agent_id ?? caller?.constraints.agents?.[0] ?? caller?.name ?? "unknown";
    await db.transaction((tx) =>
      recordViolation(
        tx,
        {
          actionId: null,
          agentId,
          category: "unknown",
          cause: "unknown_action",
          detail: { reportedId: id, status: input.status, result: input.result ?? null },
          apiKeyId: caller?.apiKeyId ?? null,
        },
        agentActor(agentId, caller),
      ),
    );
    throw ApiError.conflict("no such action: outcome recorded as a boundary violation (unknown_action)");
  }
  const breach = keyConstraintBreach(caller, existing.agentId, existing.category);
  if (breach)
    await refuseByKeyConstraint(caller, breach, {
      actionId: existing.id,
      agentId: existing.agentId,
      category: existing.category,
      detail: { stage: "outcome", status: input.status },
    });

  const out = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(actions).where(eq(actions.id, id)).for("update");
    const a = row!;
    const actor = agentActor(a.agentId, caller);
    const base = {
      actionId: a.id,
      agentId: a.agentId,
      category: a.category,
      apiKeyId: caller?.apiKeyId ?? null,
    };
    if (NOT_APPROVED.includes(a.status)) {
      const v = await recordViolation(
        tx,
        { ...base, cause: "outcome_not_approved", detail: { actionStatus: a.status, reported: input } },
        actor,
      );
      return {
        error: `action is ${a.status}, not approved: recorded as a boundary violation`,
        row: a,
        violation: v,
      };
    }
    if (a.status === "succeeded" || a.status === "failed") {
      const same = input.status === a.status && sameJson(input.result ?? null, a.outcomeResult ?? null);
      return same ? { row: a } : { error: `outcome already reported (${a.status})`, row: a };
    }
    const now = new Date();
    if (input.status === "executing") {
      if (a.status === "executing") return { row: a };
      const [u] = await tx
        .update(actions)
        .set({ status: "executing", executingAt: now, updatedAt: now })
        .where(and(eq(actions.id, id), eq(actions.status, "approved")))
        .returning();
      await appendAuditEvent(tx, { type: "action.executing", actor, actionId: id, payload: {} });
      await publishLive(tx, { type: "action.updated", id, status: "executing", agentId: a.agentId });
      return { row: u! };
    }
    // succeeded | failed from approved or executing: record what happened, then judge it.
    const executed = input.executed_params ?? null;
    const mismatch = executed !== null && !sameJson(executed, a.params);
    const [u] = await tx
      .update(actions)
      .set({
        status: input.status,
        completedAt: now,
        executingAt: a.executingAt ?? now,
        outcomeStatus: input.status,
        outcomeResult: input.result ?? null,
        executedParams: executed,
        updatedAt: now,
      })
      .where(and(eq(actions.id, id), inArray(actions.status, ["approved", "executing"])))
      .returning();
    await appendAuditEvent(tx, {
      type: "action.outcome",
      actor,
      actionId: id,
      payload: {
        status: input.status,
        result: input.result ?? null,
        executedParams: executed,
        paramsMatch: !mismatch,
      },
    });
    await publishLive(tx, { type: "action.updated", id, status: input.status, agentId: a.agentId });
    if (mismatch) {
      const v = await recordViolation(
        tx,
        { ...base, cause: "params_mismatch", detail: { approved: a.params, executed } },
        actor,
      );
      return {
        error: "executed parameters differ from the approved ones: recorded as a boundary violation",
        row: u!,
        violation: v,
      };
    }
    return { row: u! };
  });
  if ("error" in out && out.error)
    throw ApiError.conflict(out.error, {
      action: toActionView(out.row),
      ...("violation" in out && out.violation
        ? { violation: { id: out.violation.id, cause: out.violation.cause } }
        : {}),
    });
  return toActionView(out.row);
}

import type { KeyPrincipal } from "@/lib/auth/principal";
import { cancelAction, getAction, waitForDecision } from "@/lib/governance/actions";
import { listVotes } from "@/lib/governance/decisions";
import { agentHistory } from "@/lib/governance/queries";
import { listViolations } from "@/lib/governance/violations";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { cancelActionQuery, getActionQuery } from "./schema";

type Params = { id: string };

/** One action; `?wait=30` long-polls until it is decided so an agent can block on a human. */
export const GET = apiRoute<undefined, { wait?: number; include?: "context" }, Params>(
  {
    access: { roles: ["approver", "admin", "auditor", "executive"], scopes: ["actions", "read"] },
    query: getActionQuery,
  },
  async ({ params, query, req }) => {
    const action = query.wait
      ? await waitForDecision(params.id, query.wait, req.signal)
      : await getAction(params.id);
    if (!action) throw ApiError.notFound("no such action");
    if (query.include !== "context") return { action };
    const [votes, history, violations] = await Promise.all([
      listVotes(action.id),
      agentHistory(action.agent_id, 15),
      listViolations({ agentId: action.agent_id, limit: 15 }),
    ]);
    return {
      action,
      votes: votes.map((v) => ({
        approver: v.approverName,
        vote: v.vote,
        reason: v.reason,
        at: v.createdAt,
      })),
      history,
      violations,
    };
  },
);

export const DELETE = apiRoute<undefined, { reason?: string }, Params>(
  { access: { scopes: ["actions"] }, query: cancelActionQuery },
  async ({ params, principal, query }) => {
    const key = principal as KeyPrincipal;
    const action = await cancelAction(
      params.id,
      { apiKeyId: key.id, name: key.name, constraints: key.constraints ?? {} },
      query.reason ?? null,
    );
    return { action };
  },
);

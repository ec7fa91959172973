import type { KeyPrincipal } from "@/lib/auth/principal";
import { submitAction } from "@/lib/governance/actions";
import { actionFacets, listActions } from "@/lib/governance/queries";
import { apiRoute } from "@/lib/http/route";
import { listActionsQuery, submitActionBody } from "./schema";

/** An agent submits an action; 201 when new, 200 when (agent_id, call_id) was seen with this body. */
export const POST = apiRoute(
  { access: { scopes: ["actions"] }, body: submitActionBody, maxBodyBytes: 256 * 1024 },
  async ({ body, principal }) => {
    const key = principal as KeyPrincipal;
    const { action, created } = await submitAction(body, {
      apiKeyId: key.id,
      name: key.name,
      constraints: key.constraints ?? {},
    });
    return Response.json(
      {
        id: action.id,
        tier: action.tier,
        authority: action.authority,
        status: action.status,
        policy_version: action.policy_version,
        rule: action.rule,
        reason: action.policy_reason,
        expires_at: action.expires_at,
        action,
      },
      { status: created ? 201 : 200 },
    );
  },
);

/** Lists actions with filters (approvers' inbox, auditors, read keys). */
export const GET = apiRoute(
  {
    access: { roles: ["approver", "admin", "auditor", "executive"], scopes: ["read", "actions"] },
    query: listActionsQuery,
  },
  async ({ query }) => {
    const items = await listActions({
      statuses: query.status,
      tiers: query.tier,
      agents: query.agent,
      categories: query.category,
      q: query.q,
      sort: query.sort,
      limit: query.limit,
      fromMs: query.from,
      toMs: query.to,
    });
    return { items, facets: await actionFacets() };
  },
);

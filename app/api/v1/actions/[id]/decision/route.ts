import type { UserPrincipal } from "@/lib/auth/principal";
import { decideAction } from "@/lib/governance/decisions";
import { DECISION_ROLES } from "@/lib/governance/inbox-access";
import { apiRoute } from "@/lib/http/route";
import { decisionBody } from "./schema";

/** An approver decides (exactly once: a second decision gets 409 with who decided and when). */
export const POST = apiRoute<{ decision: "approve" | "reject"; reason?: string }, undefined, { id: string }>(
  { access: { roles: DECISION_ROLES }, body: decisionBody, maxBodyBytes: 16 * 1024 },
  async ({ params, principal, body, log }) => {
    const user = principal as UserPrincipal;
    const result = await decideAction(
      params.id,
      { id: user.id, name: user.name, email: user.email, roles: user.roles },
      body,
    );
    log.info(
      { event: "action_decision", actionId: params.id, decision: body.decision, final: result.final },
      "decision",
    );
    return result;
  },
);

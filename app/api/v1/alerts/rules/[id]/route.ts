import { assertUuid, withRuleErrors } from "@/lib/alerts/api";
import { deleteRule, updateRule } from "@/lib/alerts/store";
import type { UserPrincipal } from "@/lib/auth/principal";
import { apiRoute } from "@/lib/http/route";
import { type PatchRuleBody, patchRuleBody } from "../schema";

/** Admins edit a rule: threshold-like params, severity, enabled (audited with before/after). */
export const PATCH = apiRoute<PatchRuleBody, undefined, { id: string }>(
  { access: { roles: ["admin"] }, body: patchRuleBody, maxBodyBytes: 16 * 1024 },
  async ({ body, params, principal }) => {
    assertUuid(params.id);
    const user = principal as UserPrincipal;
    return {
      rule: await withRuleErrors(() => updateRule(params.id, body, { id: user.id, name: user.name })),
    };
  },
);

export const DELETE = apiRoute<undefined, undefined, { id: string }>(
  { access: { roles: ["admin"] } },
  async ({ params, principal }) => {
    assertUuid(params.id);
    const user = principal as UserPrincipal;
    await withRuleErrors(() => deleteRule(params.id, { id: user.id, name: user.name }));
    return new Response(null, { status: 204 });
  },
);

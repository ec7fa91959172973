import { withRuleErrors } from "@/lib/alerts/api";
import { describeRule } from "@/lib/alerts/rules";
import { getGpuTemperatureThreshold } from "@/lib/alerts/settings";
import { createRule, listRules } from "@/lib/alerts/store";
import type { UserPrincipal } from "@/lib/auth/principal";
import { apiRoute } from "@/lib/http/route";
import { type CreateRuleBody, createRuleBody } from "./schema";

/** Alert rules with a one-line description of each. */
export const GET = apiRoute({ access: { roles: ["sre", "admin"], scopes: ["read"] } }, async () => {
  const [rules, threshold] = await Promise.all([listRules(), getGpuTemperatureThreshold()]);
  return { rules: rules.map((r) => ({ ...r, description: describeRule(r, threshold) })) };
});

/** Admins add rules (audited). */
export const POST = apiRoute<CreateRuleBody>(
  { access: { roles: ["admin"] }, body: createRuleBody, maxBodyBytes: 16 * 1024 },
  async ({ body, principal }) => {
    const user = principal as UserPrincipal;
    const rule = await withRuleErrors(() => createRule(body, { id: user.id, name: user.name }));
    return Response.json({ rule }, { status: 201 });
  },
);

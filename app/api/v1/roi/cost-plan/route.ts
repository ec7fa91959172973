import { PAGE_ROLES } from "@/lib/auth/page";
import { apiRoute } from "@/lib/http/route";
import { costPlanHistory, currentCostPlan, saveCostPlan } from "@/lib/roi/queries";
import { costPlanBody } from "./schema";

/** The investment plan in force (split, amortisation, tariff, cloud reference) and its history. */
export const GET = apiRoute({ access: { roles: PAGE_ROLES.roi, scopes: ["read"] } }, async () => ({
  plan: await currentCostPlan(),
  history: await costPlanHistory(),
}));

/** Saves a new version of the plan (executives and admins); older versions are kept. */
export const PUT = apiRoute(
  { access: { roles: ["executive", "admin"] }, body: costPlanBody, maxBodyBytes: 16 * 1024 },
  async ({ body, principal }) => {
    const name = principal.kind === "user" ? principal.email : principal.name;
    const plan = await saveCostPlan(body, { kind: "user", id: principal.id, name, userId: principal.id });
    return { plan };
  },
);

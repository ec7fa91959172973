import "server-only";
import { roiCostPlans, roiInitiatives } from "@/lib/db/schema";
import type { SeedContext } from "@/scripts/seed-context";
import { DEMO_COST_PLAN, DEMO_INITIATIVES } from "./demo";

/**
 * Demo data of the roi feature: one initiative per demo agent across H1–H3 (agents and categories
 * as in lib/governance/seed-catalog.ts) and the demo cost plan. Only the baselines and the plan are
 * typed in; every ROI figure is computed from the seeded actions and the H200 energy.
 * Idempotent: initiatives are keyed by name, the plan is only added when none exists.
 */
export async function seed(ctx: SeedContext): Promise<void> {
  const { db } = ctx.handle;
  const admin = ctx.users["admin@demo.local"] ?? null;
  const nowMs = Date.now();
  const added = await db
    .insert(roiInitiatives)
    .values(
      DEMO_INITIATIVES.map((i) => ({
        name: i.name,
        horizon: i.horizon,
        owner: i.owner,
        description: i.description,
        startedAt: new Date(nowMs - i.startedDaysAgo * 86_400_000),
        agentIds: i.agentIds,
        categories: i.categories,
        baseline: i.baseline,
        createdBy: admin,
      })),
    )
    .onConflictDoNothing({ target: roiInitiatives.name })
    .returning({ id: roiInitiatives.id });
  const [plan] = await db.select({ id: roiCostPlans.id }).from(roiCostPlans).limit(1);
  if (!plan) await db.insert(roiCostPlans).values({ ...DEMO_COST_PLAN, note: "demo plan", createdBy: admin });
  ctx.log(
    `roi: ${added.length} demo initiatives added (${DEMO_INITIATIVES.length - added.length} already there)`,
  );
}

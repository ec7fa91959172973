import { describe, expect, it } from "vitest";
import { DEMO_COST_PLAN, DEMO_INITIATIVES } from "./demo";
import { costPlanInput, initiativeInput, windowFromParams } from "./inputs";

const demo = DEMO_INITIATIVES[0]!;
const initiative = {
  name: demo.name,
  horizon: demo.horizon,
  owner: demo.owner,
  startedAt: "2026-11-01",
  agentIds: demo.agentIds,
  categories: demo.categories,
  baseline: demo.baseline,
};

describe("ROI inputs", () => {
  it("accepts the demo initiatives and plan", () => {
    expect(initiativeInput.safeParse(initiative).success).toBe(true);
    expect(costPlanInput.safeParse(DEMO_COST_PLAN).success).toBe(true);
  });
  it("names the bad field of an initiative", () => {
    const bad = (patch: object) =>
      initiativeInput.safeParse({ ...initiative, ...patch }).error?.issues[0]?.path.join(".");
    expect(bad({ horizon: "H4" })).toBe("horizon");
    expect(bad({ agentIds: [] })).toBe("agentIds");
    expect(bad({ agentIds: ["bad agent!"] })).toBe("agentIds.0");
    expect(bad({ startedAt: "soon" })).toBe("startedAt");
    expect(bad({ baseline: { ...demo.baseline, hourlyCostUsd: -1 } })).toBe("baseline.hourlyCostUsd");
    expect(bad({ baseline: { ...demo.baseline, minutesPerAction: Number.NaN } })).toBe(
      "baseline.minutesPerAction",
    );
  });
  it("refuses a split that does not add up to 100 % and non-integer terms", () => {
    const r = costPlanInput.safeParse({
      ...DEMO_COST_PLAN,
      splitPct: { hardware: 50, software: 30, integration: 20, training: 15 },
    });
    expect(r.error?.issues[0]?.path).toEqual(["splitPct"]);
    expect(r.error?.issues[0]?.message).toContain("115");
    const t = costPlanInput.safeParse({
      ...DEMO_COST_PLAN,
      amortisationMonths: { ...DEMO_COST_PLAN.amortisationMonths, hardware: 0.5 },
    });
    expect(t.error?.issues[0]?.path).toEqual(["amortisationMonths", "hardware"]);
    expect(costPlanInput.safeParse({ ...DEMO_COST_PLAN, assumedPue: 0.9 }).success).toBe(false);
  });
  it("defaults an executive page to the last 7 days and honours from/to", () => {
    const now = Date.UTC(2026, 10, 26, 8);
    expect(windowFromParams({}, now)).toEqual({ fromMs: now - 7 * 86_400_000, toMs: now });
    expect(windowFromParams({ range: "24h" }, now)).toEqual({ fromMs: now - 86_400_000, toMs: now });
    expect(windowFromParams({ from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }, now)).toEqual({
      fromMs: Date.UTC(2026, 10, 1),
      toMs: Date.UTC(2026, 10, 2),
    });
  });
});

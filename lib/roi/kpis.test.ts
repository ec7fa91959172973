import { describe, expect, it } from "vitest";
import { act, actions, initiatives, MIN, nonFinitePaths, plan, violations } from "./fixtures";
import { backlogAt, buildOverview, splitWindow, whatChanged } from "./kpis";

const value = (f: { ok: boolean; value?: number }) => (f.ok ? f.value : undefined);

describe("overview KPIs", () => {
  it("splits a window into equal buckets that end at its end", () => {
    const b = splitWindow({ fromMs: 0, toMs: 10 }, 3);
    expect(b).toEqual([
      { fromMs: 0, toMs: 3 },
      { fromMs: 3, toMs: 7 },
      { fromMs: 7, toMs: 10 },
    ]);
  });
  it("counts the approval backlog at an instant", () => {
    const acts = [
      act({ agentId: "A", requestedAtMs: 0, decidedBy: "human", decidedAtMs: 10 }),
      act({ agentId: "A", requestedAtMs: 5, decidedBy: null, closedAtMs: null, needsHuman: true }),
      act({ agentId: "A", requestedAtMs: 5 }),
    ];
    expect(backlogAt(acts, 7)).toBe(2);
    expect(backlogAt(acts, 10)).toBe(1);
  });

  const window = { fromMs: 60 * MIN, toMs: 120 * MIN };
  const previousWindow = { fromMs: 0, toMs: 60 * MIN };
  const shifted = actions.map((a) => ({
    ...a,
    requestedAtMs: a.requestedAtMs + 60 * MIN,
    decidedAtMs: a.decidedAtMs === null ? null : a.decidedAtMs + 60 * MIN,
    closedAtMs: a.closedAtMs === null ? null : a.closedAtMs + 60 * MIN,
  }));
  const all = [...actions, ...shifted, ...shifted.slice(0, 2).map((a) => ({ ...a, id: `${a.id}x` }))];
  const energy = { measuredKwh: 1, coveredMs: 6 * MIN, source: "gpu_power_watts" };
  const common = { initiatives, actions: all, violations, plan };
  const o = buildOverview({
    current: { ...common, window, energy, pue: { value: 1.2, basis: "simulated" } },
    previous: { ...common, window: previousWindow, energy: null, pue: null },
    serving: {
      current: { tokens: 60_000, requests: 20, coveredMs: 6 * MIN, peakTokensPerSecond: 300, energyKwh: 1 },
      previous: null,
    },
    pue: { current: { value: 1.2, basis: "simulated" }, previous: null },
    buckets: splitWindow(window, 6),
    telemetryBuckets: Array.from({ length: 6 }, (_, i) =>
      i === 2 ? { tokens: 60_000, energyKwh: 1, pue: 1.2 } : { tokens: null, energyKwh: null, pue: null },
    ),
    openApprovalsNow: 3,
  });
  const k = Object.fromEntries(o.kpis.map((x) => [x.key, x]));

  it("computes each card from the facts of its own period", () => {
    expect(o.kpis).toHaveLength(8);
    expect(value(k.automation!.value)).toBeCloseTo(100 * (10 / 12), 9); // 8 + 2 duplicated policy of 12 decided
    expect(value(k.violations!.value)).toBe(0);
    expect(value(k.violations!.previous)).toBe(2);
    expect(value(k.energyPer1k!.value)).toBeCloseTo(1000 / 60, 9);
    expect(k.pue!.simulated).toBe(true);
    expect(value(k.openApprovals!.value)).toBe(3);
    expect(k.roi!.value.ok).toBe(true);
    expect(k.roi!.previous.ok).toBe(false); // no energy in the previous period
    expect(k.roi!.changePct.ok).toBe(false);
    expect(k.tokens!.spark).toEqual([null, null, 60_000, null, null, null]);
  });
  it("never produces NaN or Infinity, and lists what changed", () => {
    expect(nonFinitePaths(o)).toEqual([]);
    const changes = whatChanged(o, violations);
    const fewer = changes.find((c) => c.text.startsWith("Boundary violations down 100.0 %")); // 0 vs 2
    expect(fewer?.severity).toBe("good");
    expect(fewer?.href).toBe("/approvals?view=violations");
  });
});

import { describe, expect, it } from "vitest";
import { computeRoi, roiPct } from "./compute";
import { amortisation, energyCost, splitRows } from "./costs";
import { divide, figure, percentChange, quantile } from "./figure";
import {
  actions,
  emptyBaseline,
  initiatives,
  MIN,
  MONTH_WINDOW,
  nonFinitePaths,
  plan,
  violations,
} from "./fixtures";
import {
  actionStats,
  automationRatePct,
  decisionVelocity,
  errorReductionPct,
  errorsPer1000,
  MS_PER_MONTH,
  savings,
} from "./model";

const I1 = initiatives[0]!;
const monthEnergy = { measuredKwh: 100, coveredMs: MS_PER_MONTH, source: "gpu_energy_joules_total" };
const pue = { value: 1.2, basis: "measured" as const };
const value = (f: { ok: boolean; value?: number }) => (f.ok ? f.value : undefined);

describe("figures never carry NaN or Infinity", () => {
  it("turns non-finite numbers and zero denominators into 'not enough data'", () => {
    expect(figure(Number.NaN).ok).toBe(false);
    expect(figure(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(divide(1, 0, "none").ok).toBe(false);
    expect(divide(0, 0, "none")).toEqual({ ok: false, reason: "none" });
    expect(value(divide(3, 4, "x"))).toBe(0.75);
    expect(percentChange(figure(5), figure(0)).ok).toBe(false);
    expect(value(percentChange(figure(0), figure(0)))).toBe(0);
    expect(value(percentChange(figure(15), figure(10)))).toBe(50);
  });
  it("interpolates quantiles like R type 7", () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([0, 0, 0, 0, 10, 30], 0.9)).toBe(20); // pos 4.5 → 10 + 0.5 × 20
  });
});

describe("action formulas (initiative I1 by hand)", () => {
  const mine = actions.filter((a) => a.agentId === "A");
  const s = actionStats(mine, violations.slice(0, 1), MONTH_WINDOW);
  it("counts decisions, outcomes and violations", () => {
    expect(s).toMatchObject({
      requested: 6,
      decidedByPolicy: 4,
      decidedByHuman: 2,
      succeeded: 4,
      failed: 1,
      violations: 1,
    });
  });
  it("automation rate = 4 policy ÷ 6 decided", () => {
    expect(value(automationRatePct(s))).toBeCloseTo(66.6667, 3);
  });
  it("decision velocity: median 0 min, p90 20 min, 100 % faster than a 120 min baseline", () => {
    const v = decisionVelocity(s, 120);
    expect(value(v.medianMinutes)).toBe(0);
    expect(value(v.p90Minutes)).toBeCloseTo(20, 9);
    expect(value(v.fasterPct)).toBe(100);
  });
  it("errors: (1 failed + 1 violation) per 6 actions = 333.3 per 1000; 16.7 % below the 400 baseline", () => {
    expect(value(errorsPer1000(s))).toBeCloseTo(333.333, 2);
    expect(value(errorReductionPct(s, 400))).toBeCloseTo(16.6667, 3);
    expect(errorReductionPct(s, null).ok).toBe(false);
  });
  it("savings: 4 × 300 min × $1/min − 2 × 5 min × $1/min + (2.4 − 2) × $50 = $1,210", () => {
    const sv = savings(s, I1.baseline);
    expect(sv.labourUsd).toBe(1200);
    expect(sv.reviewUsd).toBe(10);
    expect(sv.errorUsd).toBeCloseTo(20, 9);
    expect(value(sv.total)).toBeCloseTo(1210, 9);
    expect(sv.lines.join("\n")).toContain("4 succeeded actions × 300 min");
  });
});

describe("cost formulas", () => {
  it("amortises the plan: $100k split 45/28/17/10 over 48/12/36/24 months = $4,159.72 per month", () => {
    const big = {
      ...plan,
      totalInvestmentUsd: 100_000,
      amortisationMonths: { hardware: 48, software: 12, integration: 36, training: 24 },
    };
    const a = amortisation(big, MS_PER_MONTH);
    expect(a.byCategory.hardware).toBeCloseTo(937.5, 6);
    expect(a.byCategory.software).toBeCloseTo(2333.3333, 3);
    expect(a.usd).toBeCloseTo(937.5 + 2333.3333 + 472.2222 + 416.6667, 2);
    // recorded spend replaces the plan for that category
    const spent = amortisation({ ...big, spentUsd: { ...big.spentUsd, hardware: 48_000 } }, MS_PER_MONTH);
    expect(spent.byCategory.hardware).toBeCloseTo(1000, 6);
  });
  it("energy measured over the whole window: 100 kWh × 1.2 × $0.20 = $24", () => {
    const e = energyCost(monthEnergy, pue, plan, MS_PER_MONTH);
    expect(e.basis).toBe("measured");
    expect(value(e.usd)).toBeCloseTo(24, 9);
  });
  it("energy extrapolated from 6 min inside 1 h: 1 kWh → 10 kWh × 1.5 × $0.10 = $1.50", () => {
    const e = energyCost(
      { measuredKwh: 1, coveredMs: 6 * MIN, source: "gpu_power_watts" },
      { value: 1.5, basis: "simulated" },
      { tariffUsdPerKwh: 0.1, assumedPue: null },
      60 * MIN,
    );
    expect(e.basis).toBe("extrapolated");
    expect(value(e.itKwh)).toBeCloseTo(10, 9);
    expect(value(e.usd)).toBeCloseTo(1.5, 9);
    expect(value(e.coverage)).toBeCloseTo(10, 9);
  });
  it("zero energy, or no PUE and no assumed PUE → not enough data; an assumed PUE is labelled", () => {
    expect(energyCost(null, pue, plan, MS_PER_MONTH).usd.ok).toBe(false);
    expect(energyCost({ ...monthEnergy, measuredKwh: 0 }, pue, plan, MS_PER_MONTH).usd.ok).toBe(false);
    expect(energyCost(monthEnergy, null, plan, MS_PER_MONTH).usd.ok).toBe(false);
    const assumed = energyCost(monthEnergy, null, { ...plan, assumedPue: 1.5 }, MS_PER_MONTH);
    expect(assumed.pue?.basis).toBe("assumed");
    expect(value(assumed.usd)).toBeCloseTo(30, 9);
  });
  it("checks the split against the architecture's bands", () => {
    const { rows, plannedTotalPct } = splitRows({
      ...plan,
      splitPct: { hardware: 55, software: 25, integration: 10, training: 10 },
    });
    expect(plannedTotalPct).toBe(100);
    expect(rows.find((r) => r.category === "hardware")?.plannedInBand).toBe(false);
    expect(rows.find((r) => r.category === "software")?.plannedInBand).toBe(true);
    expect(rows.every((r) => !r.actualPct.ok)).toBe(true);
    const spent = splitRows({
      ...plan,
      spentUsd: { hardware: 450, software: 300, integration: 150, training: 100 },
    });
    expect(value(spent.rows[0]!.actualPct)).toBe(45);
    expect(spent.rows[2]!.actualInBand).toBe(true);
  });
});

describe("computeRoi (the whole period by hand)", () => {
  const r = computeRoi({
    window: MONTH_WINDOW,
    initiatives,
    actions,
    violations,
    energy: monthEnergy,
    pue,
    plan,
  });
  it("shared cost = $24 energy + $1,000 amortisation", () => {
    expect(value(r.sharedCostUsd)).toBeCloseTo(1024, 9);
  });
  it("I1: 60 % share → cost $614.40; ROI (1210 − 614.4) ÷ 614.4 = 96.94 %", () => {
    const i1 = r.initiatives[0]!;
    expect(value(i1.sharePct)).toBe(60);
    expect(value(i1.costUsd)).toBeCloseTo(614.4, 9);
    expect(value(i1.roiPct)).toBeCloseTo(96.9401, 3);
    expect(i1.explain.join("\n")).toMatch(/savings \$1,210 from 6 actions/);
  });
  it("I2: 2 × 60 min × $2/min = $240 against $204.80 → 17.19 %", () => {
    const i2 = r.initiatives[1]!;
    expect(value(i2.savings.total)).toBe(240);
    expect(value(i2.roiPct)).toBeCloseTo(17.1875, 9);
  });
  it("horizons: H1 above its band, H2 has no initiatives, H3 below its band", () => {
    const [h1, h2, h3] = r.horizons;
    expect(h1!.position).toBe("above");
    expect(h2!.roiPct).toEqual({ ok: false, reason: "no initiatives recorded" });
    expect(value(h3!.roiPct)).toBeCloseTo(17.1875, 9);
    expect(h3!.position).toBe("below");
  });
  it("overall = Σ savings $1,450 vs Σ cost $819.20 = 77.00 % (not an average of percentages)", () => {
    expect(value(r.overall.roiPct)).toBeCloseTo(((1450 - 819.2) / 819.2) * 100, 9);
  });
  it("factory figures count every agent, including ones outside initiatives", () => {
    expect(r.factory.stats.requested).toBe(10);
    expect(r.factory.stats.violations).toBe(2);
    expect(value(r.factory.automationPct)).toBe(80);
  });
  it("roiPct refuses a zero cost", () => {
    expect(roiPct(figure(10), figure(0)).ok).toBe(false);
  });
});

describe("a period with zero actions, zero energy and missing baselines", () => {
  const bare = initiatives.map((i) => ({ ...i, baseline: emptyBaseline }));
  const r = computeRoi({
    window: { fromMs: 0, toMs: 3_600_000 },
    initiatives: bare,
    actions: [],
    violations: [],
    energy: null,
    pue: null,
    plan,
  });
  it("says 'not enough data' with a reason, never NaN or Infinity", () => {
    expect(nonFinitePaths(r)).toEqual([]);
    expect(r.overall.roiPct.ok).toBe(false);
    expect(r.factory.automationPct).toEqual({ ok: false, reason: "no decided actions" });
    expect(r.energy.usd).toEqual({ ok: false, reason: "no GPU energy measured in this period" });
    for (const i of r.initiatives) {
      expect(i.roiPct).toEqual({ ok: false, reason: "no actions in the period" });
      expect(i.velocity.medianMinutes.ok).toBe(false);
    }
  });
  it("missing baselines alone → savings not enough data even with actions and energy", () => {
    const r2 = computeRoi({
      window: MONTH_WINDOW,
      initiatives: bare,
      actions,
      violations,
      energy: monthEnergy,
      pue,
      plan,
    });
    expect(r2.initiatives[0]!.savings.total.ok).toBe(false);
    expect(r2.initiatives[0]!.roiPct.ok).toBe(false);
    expect(r2.overall.roiPct).toEqual({ ok: false, reason: "no initiative has enough data" });
    expect(nonFinitePaths(r2)).toEqual([]);
  });
  it("zero energy with actions → ROI not enough data (the cost is unknown)", () => {
    const r3 = computeRoi({
      window: MONTH_WINDOW,
      initiatives,
      actions,
      violations,
      energy: { measuredKwh: 0, coveredMs: 0, source: "x" },
      pue,
      plan,
    });
    expect(r3.initiatives[0]!.roiPct).toEqual({ ok: false, reason: "no GPU energy measured in this period" });
    expect(nonFinitePaths(r3)).toEqual([]);
  });
});

describe("initiative trends", () => {
  it("gives errors per 1,000 and automation per bucket, null where there were no actions", async () => {
    const { initiativeTrends } = await import("./compute");
    const t = initiativeTrends({ initiatives, actions, violations }, [
      { fromMs: 0, toMs: 2 * MIN },
      { fromMs: 2 * MIN, toMs: 10 * MIN },
      { fromMs: 10 * MIN, toMs: 20 * MIN },
    ]);
    // I1: all 6 actions in the first bucket, 1 failed + 1 violation → 333.3 per 1,000
    expect(t.i1!.errorsPer1000[0]).toBeCloseTo(333.333, 2);
    expect(t.i1!.errorsPer1000.slice(1)).toEqual([null, null]);
    // I2: one action in each of the first two buckets, both by policy
    expect(t.i2!.automationPct).toEqual([100, 100, null]);
  });
});

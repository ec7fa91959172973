/**
 * ROI per initiative, per horizon and overall for one period: the composition of the formulas in
 * model.ts and costs.ts. Shared costs (energy + amortisation) are allocated to initiatives by their
 * share of all actions requested in the period; a horizon's ROI is Σ savings vs Σ cost (never an
 * average of percentages).
 */
import {
  type Amortisation,
  amortisation,
  type CostPlan,
  type EnergyCost,
  type EnergyMeasure,
  energyCost,
  type PueMeasure,
} from "./costs";
import { divide, type Figure, figure, missing, usd } from "./figure";
import {
  type ActionFact,
  type ActionStats,
  actionStats,
  automationRatePct,
  belongsTo,
  decisionVelocity,
  errorReductionPct,
  errorsPer1000,
  HORIZON_BANDS,
  HORIZONS,
  type Horizon,
  type Initiative,
  type Savings,
  savings,
  type Velocity,
  type ViolationFact,
  type Window,
} from "./model";

export type RoiInputs = {
  window: Window;
  initiatives: readonly Initiative[];
  actions: readonly ActionFact[];
  violations: readonly ViolationFact[];
  energy: EnergyMeasure | null;
  pue: PueMeasure | null;
  plan: CostPlan;
};

export type InitiativeRoi = {
  initiative: Initiative;
  stats: ActionStats;
  automationPct: Figure;
  velocity: Velocity;
  errorsPer1000: Figure;
  errorReductionPct: Figure;
  savings: Savings;
  sharePct: Figure;
  costUsd: Figure;
  roiPct: Figure;
  explain: string[];
};

export type BandPosition = "below" | "within" | "above";

export type HorizonRoi = {
  horizon: Horizon;
  band: (typeof HORIZON_BANDS)[Horizon];
  initiativeCount: number;
  savingsUsd: Figure;
  costUsd: Figure;
  roiPct: Figure;
  position: BandPosition | null;
  explain: string[];
};

export type RoiResult = {
  window: Window;
  factory: { stats: ActionStats; automationPct: Figure; velocity: Velocity; errorsPer1000: Figure };
  energy: EnergyCost;
  amortisation: Amortisation;
  sharedCostUsd: Figure;
  initiatives: InitiativeRoi[];
  horizons: HorizonRoi[];
  overall: { savingsUsd: Figure; costUsd: Figure; roiPct: Figure; explain: string[] };
};

/** ROI % = (savings − cost) ÷ cost × 100; "not enough data" when either is missing or cost is 0. */
export function roiPct(savingsUsd: Figure, costUsd: Figure): Figure {
  if (!savingsUsd.ok) return savingsUsd;
  if (!costUsd.ok) return costUsd;
  return divide((savingsUsd.value - costUsd.value) * 100, costUsd.value, "no cost in the period");
}

export function bandPosition(pct: Figure, band: { minPct: number; maxPct: number }): BandPosition | null {
  if (!pct.ok) return null;
  return pct.value < band.minPct ? "below" : pct.value > band.maxPct ? "above" : "within";
}

const fmt = (f: Figure, unit = "") => (f.ok ? `${f.value.toFixed(1)}${unit}` : `n/a (${f.reason})`);

export function computeRoi(input: RoiInputs): RoiResult {
  const { window: w, plan } = input;
  const windowMs = w.toMs - w.fromMs;
  const all = actionStats(input.actions, input.violations, w);
  const energy = energyCost(input.energy, input.pue, plan, windowMs);
  const amort = amortisation(plan, windowMs);
  const sharedCostUsd: Figure = energy.usd.ok ? figure(energy.usd.value + amort.usd) : energy.usd;

  const initiatives = input.initiatives.map((init): InitiativeRoi => {
    const mine = input.actions.filter((a) => belongsTo(init, a.agentId, a.category));
    const myViolations = input.violations.filter((v) => belongsTo(init, v.agentId, v.category ?? ""));
    // A violation without a category (e.g. an outcome for an unknown action) still counts for the agent.
    const agentOnly = input.violations.filter(
      (v) => v.category === null && init.agentIds.includes(v.agentId),
    );
    const stats = actionStats(mine, [...myViolations, ...agentOnly], w);
    const sharePct = divide(stats.requested * 100, all.requested, "no actions in the period");
    const costUsd: Figure =
      sharedCostUsd.ok && sharePct.ok
        ? figure((sharedCostUsd.value * sharePct.value) / 100)
        : !sharedCostUsd.ok
          ? sharedCostUsd
          : sharePct;
    const sav = savings(stats, init.baseline);
    const roi = stats.requested === 0 ? missing("no actions in the period") : roiPct(sav.total, costUsd);
    const explain = [
      `savings ${sav.total.ok ? usd(sav.total.value) : `n/a (${sav.total.reason})`} from ${stats.requested} actions (${stats.succeeded} succeeded, ${stats.failed} failed, ${stats.violations} violations)`,
      ...sav.lines.map((l) => `  ${l}`),
      `cost ${costUsd.ok ? usd(costUsd.value) : `n/a (${costUsd.reason})`} = shared cost × ${fmt(sharePct, " %")} share of the period's ${all.requested} actions`,
      `ROI ${fmt(roi, " %")} = (savings − cost) ÷ cost`,
    ];
    return {
      initiative: init,
      stats,
      automationPct: automationRatePct(stats),
      velocity: decisionVelocity(stats, init.baseline.decisionMinutesBefore),
      errorsPer1000: errorsPer1000(stats),
      errorReductionPct: errorReductionPct(stats, init.baseline.errorsPer1000Before),
      savings: sav,
      sharePct,
      costUsd,
      roiPct: roi,
      explain,
    };
  });

  const horizons = HORIZONS.map((h) =>
    aggregate(
      h,
      initiatives.filter((i) => i.initiative.horizon === h),
    ),
  );
  const overall = sumUp(initiatives);
  return {
    window: w,
    factory: {
      stats: all,
      automationPct: automationRatePct(all),
      velocity: decisionVelocity(all, null),
      errorsPer1000: errorsPer1000(all),
    },
    energy,
    amortisation: amort,
    sharedCostUsd,
    initiatives,
    horizons,
    overall: { ...overall, roiPct: roiPct(overall.savingsUsd, overall.costUsd) },
  };
}

/** Σ savings and Σ cost of the initiatives that have both; the rest are listed as left out. */
function sumUp(items: InitiativeRoi[]) {
  const counted = items.filter((i) => i.savings.total.ok && i.costUsd.ok && i.stats.requested > 0);
  const left = items.filter((i) => !counted.includes(i));
  const explain = left.map((i) => `left out: ${i.initiative.name} (${i.roiPct.ok ? "" : i.roiPct.reason})`);
  if (counted.length === 0) {
    const reason = items.length === 0 ? "no initiatives recorded" : "no initiative has enough data";
    return { savingsUsd: missing(reason), costUsd: missing(reason), explain };
  }
  const s = counted.reduce((sum, i) => sum + (i.savings.total.ok ? i.savings.total.value : 0), 0);
  const c = counted.reduce((sum, i) => sum + (i.costUsd.ok ? i.costUsd.value : 0), 0);
  explain.unshift(`Σ savings ${usd(s)} − Σ cost ${usd(c)} over ${counted.length} initiative(s)`);
  return { savingsUsd: figure(s), costUsd: figure(c), explain };
}

function aggregate(horizon: Horizon, items: InitiativeRoi[]): HorizonRoi {
  const band = HORIZON_BANDS[horizon];
  const { savingsUsd, costUsd, explain } = sumUp(items);
  const pct = roiPct(savingsUsd, costUsd);
  return {
    horizon,
    band,
    initiativeCount: items.length,
    savingsUsd,
    costUsd,
    roiPct: pct,
    position: bandPosition(pct, band),
    explain: [...explain, `ROI ${fmt(pct, " %")} against the ${band.minPct}–${band.maxPct} % reference band`],
  };
}

export type InitiativeTrend = { errorsPer1000: (number | null)[]; automationPct: (number | null)[] };

/** Per initiative and bucket: errors per 1,000 actions and automation rate (null = no actions). */
export function initiativeTrends(
  input: Pick<RoiInputs, "initiatives" | "actions" | "violations">,
  buckets: readonly Window[],
): Record<string, InitiativeTrend> {
  const out: Record<string, InitiativeTrend> = {};
  for (const init of input.initiatives) {
    const mine = input.actions.filter((a) => belongsTo(init, a.agentId, a.category));
    const myViolations = input.violations.filter(
      (v) =>
        belongsTo(init, v.agentId, v.category ?? "") ||
        (v.category === null && init.agentIds.includes(v.agentId)),
    );
    const stats = buckets.map((b) => actionStats(mine, myViolations, b));
    out[init.id] = {
      errorsPer1000: stats.map((s) => {
        const f = errorsPer1000(s);
        return f.ok ? f.value : null;
      }),
      automationPct: stats.map((s) => {
        const f = automationRatePct(s);
        return f.ok ? f.value : null;
      }),
    };
  }
  return out;
}

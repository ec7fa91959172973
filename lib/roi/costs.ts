/**
 * Cost side of ROI: the investment plan (split and amortisation) and energy (GPU energy × PUE ×
 * tariff). Pure; the numbers come from the cost plan table and the telemetry/facility queries.
 */
import { type Figure, figure, missing, usd } from "./figure";
import { MS_PER_MONTH } from "./model";

export const COST_CATEGORIES = ["hardware", "software", "integration", "training"] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

export const COST_CATEGORY_LABELS: Record<CostCategory, string> = {
  hardware: "Hardware infrastructure",
  software: "Software & platform",
  integration: "Integration & customisation",
  training: "Training & change management",
};

/** The architecture note's investment split, in percent of total cost. */
export const SPLIT_BANDS: Record<CostCategory, { minPct: number; maxPct: number }> = {
  hardware: { minPct: 40, maxPct: 50 },
  software: { minPct: 25, maxPct: 30 },
  integration: { minPct: 15, maxPct: 20 },
  training: { minPct: 10, maxPct: 15 },
};

export type CostPlan = {
  totalInvestmentUsd: number;
  /** Planned split in percent (should sum to 100). */
  splitPct: Record<CostCategory, number>;
  /** Actual spend to date per category; null = not recorded yet (the plan is used instead). */
  spentUsd: Record<CostCategory, number | null>;
  /** Months each category is spread over (hardware life, software subscription term …). */
  amortisationMonths: Record<CostCategory, number>;
  tariffUsdPerKwh: number;
  /** PUE used only when no facility data covers the period; labelled "assumed". */
  assumedPue: number | null;
  /** Public-cloud price per 1 M tokens, to compare cost per inference against. */
  cloudUsdPerMillionTokens: number | null;
};

export type SplitRow = {
  category: CostCategory;
  plannedPct: number;
  plannedUsd: number;
  spentUsd: number | null;
  /** Share of recorded spend (only when every category has a recorded spend). */
  actualPct: Figure;
  band: { minPct: number; maxPct: number };
  plannedInBand: boolean;
  actualInBand: boolean | null;
};

/** Plan against the reference bands, and actual spend against the plan. */
export function splitRows(plan: CostPlan): {
  rows: SplitRow[];
  plannedTotalPct: number;
  spentTotalUsd: number | null;
} {
  const spentKnown = COST_CATEGORIES.every((c) => plan.spentUsd[c] !== null);
  const spentTotal = spentKnown ? COST_CATEGORIES.reduce((sum, c) => sum + (plan.spentUsd[c] ?? 0), 0) : null;
  const rows = COST_CATEGORIES.map((category): SplitRow => {
    const band = SPLIT_BANDS[category];
    const plannedPct = plan.splitPct[category];
    const spent = plan.spentUsd[category];
    const actualPct =
      spentTotal && spent !== null
        ? figure((spent / spentTotal) * 100)
        : missing("spend not recorded for every category");
    return {
      category,
      plannedPct,
      plannedUsd: (plan.totalInvestmentUsd * plannedPct) / 100,
      spentUsd: spent,
      actualPct,
      band,
      plannedInBand: plannedPct >= band.minPct && plannedPct <= band.maxPct,
      actualInBand: actualPct.ok ? actualPct.value >= band.minPct && actualPct.value <= band.maxPct : null,
    };
  });
  const plannedTotalPct = COST_CATEGORIES.reduce((sum, c) => sum + plan.splitPct[c], 0);
  return { rows, plannedTotalPct, spentTotalUsd: spentTotal };
}

export type Amortisation = { usd: number; lines: string[]; byCategory: Record<CostCategory, number> };

/**
 * Investment spread evenly over each category's months, charged for `windowMs`:
 *   category cost = basis ÷ months × (window ÷ average month), basis = spend if recorded, else plan.
 */
export function amortisation(plan: CostPlan, windowMs: number): Amortisation {
  const months = windowMs / MS_PER_MONTH;
  const byCategory = {} as Record<CostCategory, number>;
  const lines: string[] = [];
  let total = 0;
  for (const c of COST_CATEGORIES) {
    const spent = plan.spentUsd[c];
    const basis = spent ?? (plan.totalInvestmentUsd * plan.splitPct[c]) / 100;
    const term = plan.amortisationMonths[c];
    const cost = term > 0 ? (basis / term) * months : 0;
    byCategory[c] = cost;
    total += cost;
    lines.push(
      `${c} ${usd(cost)} = ${usd(basis, 0)} ${spent === null ? "planned" : "spent"} ÷ ${term} mo × ${months.toFixed(3)} mo`,
    );
  }
  return { usd: total, lines, byCategory };
}

/** GPU (IT) energy measured inside a window. */
export type EnergyMeasure = {
  measuredKwh: number;
  /** How much of the window the measurement covers (first to last sample). */
  coveredMs: number;
  /** Which metric it came from, e.g. "gpu_energy_joules_total" or "gpu_power_watts". */
  source: string;
};

export type PueMeasure = { value: number; basis: "measured" | "simulated" | "assumed" };

export type EnergyCost = {
  usd: Figure;
  itKwh: Figure;
  facilityKwh: Figure;
  pue: PueMeasure | null;
  /** "extrapolated" when telemetry covers less than the window (average power × window). */
  basis: "measured" | "extrapolated" | null;
  coverage: Figure;
  lines: string[];
};

/**
 * Energy cost of a window = IT kWh × PUE × tariff. When the telemetry covers only part of the
 * window, IT energy is extrapolated at the measured average power and labelled so.
 */
export function energyCost(
  energy: EnergyMeasure | null,
  pue: PueMeasure | null,
  plan: Pick<CostPlan, "tariffUsdPerKwh" | "assumedPue">,
  windowMs: number,
): EnergyCost {
  const none = (reason: string): EnergyCost => ({
    usd: missing(reason),
    itKwh: missing(reason),
    facilityKwh: missing(reason),
    pue: null,
    basis: null,
    coverage: missing(reason),
    lines: [],
  });
  if (!energy || energy.coveredMs <= 0 || !(energy.measuredKwh > 0) || windowMs <= 0) {
    return none("no GPU energy measured in this period");
  }
  const effectivePue =
    pue ?? (plan.assumedPue ? { value: plan.assumedPue, basis: "assumed" as const } : null);
  const coverage = Math.min(1, energy.coveredMs / windowMs);
  const extrapolated = coverage < 0.99;
  const itKwh = extrapolated ? energy.measuredKwh / coverage : energy.measuredKwh;
  const lines = [
    extrapolated
      ? `IT energy ${itKwh.toFixed(3)} kWh extrapolated: ${energy.measuredKwh.toFixed(4)} kWh measured (${energy.source}) over ${(coverage * 100).toFixed(3)} % of the period`
      : `IT energy ${itKwh.toFixed(3)} kWh measured (${energy.source})`,
  ];
  if (!effectivePue) {
    return {
      ...none("no PUE: no facility data and no assumed PUE in the cost plan"),
      itKwh: figure(itKwh),
      lines,
    };
  }
  const facilityKwh = itKwh * effectivePue.value;
  const cost = facilityKwh * plan.tariffUsdPerKwh;
  lines.push(
    `energy ${usd(cost)} = ${itKwh.toFixed(3)} kWh × PUE ${effectivePue.value.toFixed(3)} (${effectivePue.basis}) × ${usd(plan.tariffUsdPerKwh, 4)}/kWh`,
  );
  return {
    usd: figure(cost),
    itKwh: figure(itKwh),
    facilityKwh: figure(facilityKwh),
    pue: effectivePue,
    basis: extrapolated ? "extrapolated" : "measured",
    coverage: figure(coverage * 100),
    lines,
  };
}

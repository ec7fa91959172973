/**
 * The ROI model: pure formulas over facts loaded by queries.ts (actions, violations, energy, PUE,
 * the cost plan). No I/O here, so every formula is unit-tested against hand-computed cases and
 * the pages can explain each number ("savings X from N actions × baseline …").
 */
import { divide, type Figure, figure, missing, quantile, usd } from "./figure";

export const HORIZONS = ["H1", "H2", "H3"] as const;
export type Horizon = (typeof HORIZONS)[number];

/** Typical ROI by horizon, from the architecture note (drawn behind each horizon's actual ROI). */
export const HORIZON_BANDS: Record<Horizon, { minPct: number; maxPct: number; name: string }> = {
  H1: { minPct: 15, maxPct: 25, name: "Foundational intelligence" },
  H2: { minPct: 30, maxPct: 45, name: "Contextual intelligence" },
  H3: { minPct: 50, maxPct: 70, name: "Trusted autonomy" },
};

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
/** Average month (365.25 / 12 days), used to spread monthly amortisation over any period. */
export const MS_PER_MONTH = 30.4375 * 24 * MS_PER_HOUR;

/** One agent action as the ROI model needs it (from the governance tables). */
export type ActionFact = {
  id: string;
  agentId: string;
  category: string;
  requestedAtMs: number;
  /** When a decision (approve/reject) was made; null while pending or when it expired/was cancelled. */
  decidedAtMs: number | null;
  /** When the request stopped waiting (decided, expired or cancelled); null while pending. */
  closedAtMs: number | null;
  decidedBy: "policy" | "human" | null;
  /** True when policy routed it to a human (approval tier), whatever happened next. */
  needsHuman: boolean;
  outcome: "succeeded" | "failed" | null;
};

export type ViolationFact = { atMs: number; agentId: string; category: string | null; cause: string };

export type Baseline = {
  /** Minutes of human work one action replaces (pre-AI). */
  minutesPerAction: number | null;
  /** Loaded cost of one hour of that work. */
  hourlyCostUsd: number | null;
  /** Minutes a person still spends on an action escalated to them now. */
  reviewMinutesPerEscalation: number | null;
  /** Pre-AI time from request to decision, in minutes. */
  decisionMinutesBefore: number | null;
  /** Pre-AI errors per 1,000 actions, and what one error costs. */
  errorsPer1000Before: number | null;
  costPerErrorUsd: number | null;
};

export type Initiative = {
  id: string;
  name: string;
  horizon: Horizon;
  owner: string;
  startedAtMs: number;
  agentIds: string[];
  /** Empty = every category of its agents. */
  categories: string[];
  baseline: Baseline;
};

export type Window = { fromMs: number; toMs: number };

export function belongsTo(
  init: Pick<Initiative, "agentIds" | "categories">,
  agentId: string,
  category: string,
) {
  return (
    init.agentIds.includes(agentId) && (init.categories.length === 0 || init.categories.includes(category))
  );
}

const inWindow = (t: number, w: Window) => t >= w.fromMs && t < w.toMs;

export type ActionStats = {
  /** Actions requested in the window. */
  requested: number;
  decidedByPolicy: number;
  decidedByHuman: number;
  /** Pending, expired or cancelled: nobody decided. */
  undecided: number;
  escalated: number;
  succeeded: number;
  failed: number;
  violations: number;
  /** Request-to-decision durations (ms) of decided actions. */
  decisionMs: number[];
};

/** Counts for the actions requested in `w` (and violations that happened in `w`). */
export function actionStats(actions: readonly ActionFact[], violations: readonly ViolationFact[], w: Window) {
  const s: ActionStats = {
    requested: 0,
    decidedByPolicy: 0,
    decidedByHuman: 0,
    undecided: 0,
    escalated: 0,
    succeeded: 0,
    failed: 0,
    violations: 0,
    decisionMs: [],
  };
  for (const a of actions) {
    if (!inWindow(a.requestedAtMs, w)) continue;
    s.requested++;
    if (a.needsHuman) s.escalated++;
    if (a.decidedBy === "policy") s.decidedByPolicy++;
    else if (a.decidedBy === "human") s.decidedByHuman++;
    else s.undecided++;
    if (a.decidedBy && a.decidedAtMs !== null)
      s.decisionMs.push(Math.max(0, a.decidedAtMs - a.requestedAtMs));
    if (a.outcome === "succeeded") s.succeeded++;
    else if (a.outcome === "failed") s.failed++;
  }
  for (const v of violations) if (inWindow(v.atMs, w)) s.violations++;
  return s;
}

/** Share of decided actions that policy decided without a person, in percent. */
export function automationRatePct(s: ActionStats): Figure {
  return divide(s.decidedByPolicy * 100, s.decidedByPolicy + s.decidedByHuman, "no decided actions");
}

export type Velocity = { medianMinutes: Figure; p90Minutes: Figure; fasterPct: Figure };

/** Decision velocity: median and p90 request→decision, and how much faster than the pre-AI baseline. */
export function decisionVelocity(s: ActionStats, decisionMinutesBefore: number | null): Velocity {
  const med = quantile(s.decisionMs, 0.5);
  const p90 = quantile(s.decisionMs, 0.9);
  const medianMinutes = med === null ? missing("no decided actions") : figure(med / MS_PER_MINUTE);
  const p90Minutes = p90 === null ? missing("no decided actions") : figure(p90 / MS_PER_MINUTE);
  let fasterPct: Figure = missing("no pre-AI decision time in the baseline");
  if (decisionMinutesBefore && decisionMinutesBefore > 0 && medianMinutes.ok) {
    fasterPct = figure(((decisionMinutesBefore - medianMinutes.value) / decisionMinutesBefore) * 100);
  } else if (!medianMinutes.ok) fasterPct = medianMinutes;
  return { medianMinutes, p90Minutes, fasterPct };
}

/** Failed outcomes plus boundary violations per 1,000 actions. */
export function errorsPer1000(s: ActionStats): Figure {
  return divide((s.failed + s.violations) * 1000, s.requested, "no actions in the period");
}

/** Error reduction against the baseline rate, in percent (negative = worse than before). */
export function errorReductionPct(s: ActionStats, errorsPer1000Before: number | null): Figure {
  const now = errorsPer1000(s);
  if (!now.ok) return now;
  if (!errorsPer1000Before) return missing("no pre-AI error rate");
  return figure(((errorsPer1000Before - now.value) / errorsPer1000Before) * 100);
}

export type Savings = {
  total: Figure;
  labourUsd: number;
  reviewUsd: number;
  errorUsd: number;
  lines: string[];
};

/**
 * What the actions saved against the baseline:
 *   labour = succeeded × minutesPerAction × hourly ÷ 60
 *   review = decidedByHuman × reviewMinutes × hourly ÷ 60      (subtracted: people still look)
 *   errors = (before/1000 × requested − (failed + violations)) × costPerError
 * Needs actions and at least the labour or the error baseline; otherwise "not enough data".
 */
export function savings(s: ActionStats, b: Baseline): Savings {
  const out: Savings = { total: missing(""), labourUsd: 0, reviewUsd: 0, errorUsd: 0, lines: [] };
  if (s.requested === 0) return { ...out, total: missing("no actions in the period") };
  const hasLabour = b.minutesPerAction !== null && b.hourlyCostUsd !== null;
  const hasErrors = b.errorsPer1000Before !== null && b.costPerErrorUsd !== null;
  if (!hasLabour && !hasErrors)
    return { ...out, total: missing("baseline missing (minutes × hourly cost, or error rate × cost)") };
  if (hasLabour) {
    const rate = b.hourlyCostUsd! / 60;
    out.labourUsd = s.succeeded * b.minutesPerAction! * rate;
    out.lines.push(
      `labour ${usd(out.labourUsd)} = ${s.succeeded} succeeded actions × ${b.minutesPerAction} min × ${usd(b.hourlyCostUsd!)}/h`,
    );
    const review = b.reviewMinutesPerEscalation ?? 0;
    out.reviewUsd = s.decidedByHuman * review * rate;
    if (review > 0)
      out.lines.push(
        `− review ${usd(out.reviewUsd)} = ${s.decidedByHuman} human decisions × ${review} min × ${usd(b.hourlyCostUsd!)}/h`,
      );
  }
  if (hasErrors) {
    const expected = (b.errorsPer1000Before! / 1000) * s.requested;
    const actual = s.failed + s.violations;
    out.errorUsd = (expected - actual) * b.costPerErrorUsd!;
    out.lines.push(
      `errors avoided ${usd(out.errorUsd)} = (${expected.toFixed(1)} expected − ${actual} actual) × ${usd(b.costPerErrorUsd!)}`,
    );
  }
  return { ...out, total: figure(out.labourUsd - out.reviewUsd + out.errorUsd) };
}

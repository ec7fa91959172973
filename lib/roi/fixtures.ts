/** Hand-built facts for the ROI unit tests (numbers worked out by hand in model.test.ts). */
import type { CostPlan } from "./costs";
import type { ActionFact, Baseline, Initiative, ViolationFact } from "./model";
import { MS_PER_MONTH } from "./model";

export const MIN = 60_000;
export const MONTH_WINDOW = { fromMs: 0, toMs: MS_PER_MONTH };

let seq = 0;
export function act(p: Partial<ActionFact> & Pick<ActionFact, "agentId">): ActionFact {
  const requestedAtMs = p.requestedAtMs ?? 1000;
  const decidedBy = p.decidedBy === undefined ? "policy" : p.decidedBy;
  const decidedAtMs = p.decidedAtMs !== undefined ? p.decidedAtMs : decidedBy ? requestedAtMs : null;
  return {
    id: p.id ?? `a${++seq}`,
    category: "general",
    requestedAtMs,
    decidedAtMs,
    closedAtMs: p.closedAtMs !== undefined ? p.closedAtMs : decidedAtMs,
    decidedBy,
    needsHuman: p.needsHuman ?? decidedBy === "human",
    outcome: p.outcome === undefined ? "succeeded" : p.outcome,
    ...p,
  };
}

export const emptyBaseline: Baseline = {
  minutesPerAction: null,
  hourlyCostUsd: null,
  reviewMinutesPerEscalation: null,
  decisionMinutesBefore: null,
  errorsPer1000Before: null,
  costPerErrorUsd: null,
};

/** Agent A → initiative I1 (H1); agent B → I2 (H3); agent C belongs to no initiative. */
export const initiatives: Initiative[] = [
  {
    id: "i1",
    name: "Invoices",
    horizon: "H1",
    owner: "Finance",
    startedAtMs: 0,
    agentIds: ["A"],
    categories: [],
    baseline: {
      minutesPerAction: 300,
      hourlyCostUsd: 60,
      reviewMinutesPerEscalation: 5,
      decisionMinutesBefore: 120,
      errorsPer1000Before: 400,
      costPerErrorUsd: 50,
    },
  },
  {
    id: "i2",
    name: "Capacity",
    horizon: "H3",
    owner: "Ops",
    startedAtMs: 0,
    agentIds: ["B"],
    categories: [],
    baseline: { ...emptyBaseline, minutesPerAction: 60, hourlyCostUsd: 120 },
  },
];

export const actions: ActionFact[] = [
  act({ agentId: "A" }),
  act({ agentId: "A" }),
  act({ agentId: "A" }),
  act({ agentId: "A", outcome: "failed" }),
  act({ agentId: "A", decidedBy: "human", decidedAtMs: 1000 + 30 * MIN }),
  act({ agentId: "A", decidedBy: "human", decidedAtMs: 1000 + 10 * MIN, outcome: null }),
  act({ agentId: "B" }),
  act({ agentId: "B", requestedAtMs: 5 * MIN }),
  act({ agentId: "C" }),
  act({ agentId: "C" }),
];

export const violations: ViolationFact[] = [
  { atMs: 1000, agentId: "A", category: "general", cause: "not_approved" },
  { atMs: 2000, agentId: "C", category: null, cause: "unknown_action" },
];

/** Amortises 1,000 $ per month in total (every category over 1 month). */
export const plan: CostPlan = {
  totalInvestmentUsd: 1000,
  splitPct: { hardware: 45, software: 28, integration: 17, training: 10 },
  spentUsd: { hardware: null, software: null, integration: null, training: null },
  amortisationMonths: { hardware: 1, software: 1, integration: 1, training: 1 },
  tariffUsdPerKwh: 0.2,
  assumedPue: null,
  cloudUsdPerMillionTokens: 10,
};

/** Walks any value and returns the paths of NaN/±Infinity numbers (must be none). */
export function nonFinitePaths(value: unknown, path = "$"): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinitePaths(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => nonFinitePaths(v, `${path}.${k}`));
  }
  if (typeof value === "string" && /NaN|Infinity/.test(value)) return [`${path} (text)`];
  return [];
}

import type { CostPlan } from "./costs";

/**
 * The plan in force until someone saves one: a single 8-GPU inference server's worth of
 * investment, split in the middle of the architecture note's bands. Editable on the ROI page.
 */
export const DEFAULT_COST_PLAN: CostPlan = {
  totalInvestmentUsd: 400_000,
  splitPct: { hardware: 45, software: 27, integration: 16, training: 12 },
  spentUsd: { hardware: null, software: null, integration: null, training: null },
  amortisationMonths: { hardware: 48, software: 12, integration: 36, training: 24 },
  tariffUsdPerKwh: 0.15,
  assumedPue: null,
  cloudUsdPerMillionTokens: 2,
};

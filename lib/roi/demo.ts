/**
 * The demo's initiatives and cost plan (pure data). Baselines are what a business owner would
 * record before AI (minutes of work, loaded cost, decision time, error rate); the agents and
 * categories are those of the governance demo seed (lib/governance/seed-catalog.ts).
 */
import type { CostPlan } from "./costs";
import type { Baseline, Horizon } from "./model";

export type DemoInitiative = {
  name: string;
  horizon: Horizon;
  owner: string;
  description: string;
  startedDaysAgo: number;
  agentIds: string[];
  categories: string[];
  baseline: Baseline;
};

export const DEMO_INITIATIVES: DemoInitiative[] = [
  {
    name: "Invoice reconciliation & payment",
    horizon: "H1",
    owner: "Finance operations",
    description:
      "RPA-style matching of open invoices and routine payments; large payments go to two approvers.",
    startedDaysAgo: 40,
    agentIds: ["invoice-bot"],
    categories: ["data_processing", "financial_transactions"],
    baseline: {
      minutesPerAction: 9,
      hourlyCostUsd: 50,
      reviewMinutesPerEscalation: 5,
      decisionMinutesBefore: 1440,
      errorsPer1000Before: 80,
      costPerErrorUsd: 40,
    },
  },
  {
    name: "Customer support triage",
    horizon: "H2",
    owner: "Customer service",
    description:
      "Answers routine tickets, moderates posts and issues small refunds with context from the knowledge base.",
    startedDaysAgo: 30,
    agentIds: ["support-triage"],
    categories: ["basic_customer_queries", "content_moderation", "customer_refund"],
    baseline: {
      minutesPerAction: 10,
      hourlyCostUsd: 45,
      reviewMinutesPerEscalation: 4,
      decisionMinutesBefore: 240,
      errorsPer1000Before: 70,
      costPerErrorUsd: 35,
    },
  },
  {
    name: "Compliance evidence & filings",
    horizon: "H2",
    owner: "Legal & compliance",
    description: "Compiles evidence packs; filings and contract signatures always go to a person.",
    startedDaysAgo: 25,
    agentIds: ["compliance-reviewer"],
    categories: ["report_generation", "legal_compliance", "contract_signature"],
    baseline: {
      minutesPerAction: 19,
      hourlyCostUsd: 95,
      reviewMinutesPerEscalation: 20,
      decisionMinutesBefore: 2880,
      errorsPer1000Before: 40,
      costPerErrorUsd: 150,
    },
  },
  {
    name: "Autonomous GPU capacity planning",
    horizon: "H3",
    owner: "AI platform SRE",
    description: "Forecasts GPU demand and scales inference pools within bounds; node drains need approval.",
    startedDaysAgo: 20,
    agentIds: ["capacity-planner"],
    categories: ["capacity_forecast", "workload_scaling", "production_change"],
    baseline: {
      minutesPerAction: 7,
      hourlyCostUsd: 96,
      reviewMinutesPerEscalation: 5,
      decisionMinutesBefore: 480,
      errorsPer1000Before: 50,
      costPerErrorUsd: 120,
    },
  },
];

/** A share of one H200 inference node and its platform, amortised; editable on the ROI page. */
export const DEMO_COST_PLAN: CostPlan = {
  totalInvestmentUsd: 250_000,
  splitPct: { hardware: 45, software: 27, integration: 16, training: 12 },
  spentUsd: { hardware: 112_000, software: 70_000, integration: 42_500, training: 24_000 },
  amortisationMonths: { hardware: 48, software: 36, integration: 36, training: 24 },
  tariffUsdPerKwh: 0.18,
  assumedPue: null,
  cloudUsdPerMillionTokens: 2,
};

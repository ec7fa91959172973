/**
 * What people may type into the ROI feature (initiatives, cost plan, period), as zod schemas.
 * Pure: the API routes validate with them and the forms reuse them for inline errors.
 */
import { z } from "zod";
import { parseTimeRange } from "@/components/shell/time-range";
import { COST_CATEGORIES } from "./costs";
import { HORIZONS, type Window } from "./model";

const amount = (max: number) => z.number().finite().min(0).max(max);
const optionalAmount = (max: number) => amount(max).nullable();

export const baselineInput = z.object({
  minutesPerAction: optionalAmount(100_000),
  hourlyCostUsd: optionalAmount(100_000),
  reviewMinutesPerEscalation: optionalAmount(100_000),
  decisionMinutesBefore: optionalAmount(10_000_000),
  errorsPer1000Before: optionalAmount(1000),
  costPerErrorUsd: optionalAmount(100_000_000),
});

const name = z.string().trim().min(1, "required").max(120);
const token = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:/-]+$/, "letters, digits and . _ : / - only");

export const initiativeInput = z.object({
  name,
  horizon: z.enum(HORIZONS),
  owner: name,
  description: z.string().max(2000).optional(),
  startedAt: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), "a date such as 2026-11-01")
    .refine((s) => Date.parse(s) > Date.UTC(2000, 0, 1), "a date after 2000"),
  agentIds: z.array(token).min(1, "at least one agent").max(50),
  categories: z.array(token).max(50),
  baseline: baselineInput,
});
export type InitiativeBody = z.infer<typeof initiativeInput>;

const perCategory = <T extends z.ZodType>(t: T) =>
  z.object(
    Object.fromEntries(COST_CATEGORIES.map((c) => [c, t])) as Record<(typeof COST_CATEGORIES)[number], T>,
  );

export const costPlanInput = z
  .object({
    totalInvestmentUsd: amount(1e12),
    splitPct: perCategory(z.number().finite().min(0).max(100)),
    spentUsd: perCategory(optionalAmount(1e12)),
    amortisationMonths: perCategory(z.number().int().min(1).max(240)),
    tariffUsdPerKwh: amount(10),
    assumedPue: z.number().finite().min(1).max(5).nullable(),
    cloudUsdPerMillionTokens: optionalAmount(100_000),
    note: z.string().max(500).optional(),
  })
  .superRefine((plan, ctx) => {
    const sum = COST_CATEGORIES.reduce((s, c) => s + plan.splitPct[c], 0);
    if (Math.abs(sum - 100) > 0.01) {
      ctx.addIssue({
        code: "custom",
        path: ["splitPct"],
        message: `the split must add up to 100 % (it adds up to ${sum} %)`,
      });
    }
  });
export type CostPlanBody = z.infer<typeof costPlanInput>;

/** `?from&to` (ISO or unix ms) or `?range=7d`; executives' pages default to the last 7 days. */
export const periodQuery = z.object({
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  range: z.string().max(10).optional(),
});

export const EXECUTIVE_DEFAULT_RANGE = "7d";

export function windowFromParams(
  params: { from?: string | null; to?: string | null; range?: string | null },
  nowMs = Date.now(),
): Window {
  const get = (k: "from" | "to" | "range") => params[k] ?? null;
  const hasAny = get("from") || get("to") || get("range");
  const r = parseTimeRange(
    { get: (k) => (hasAny ? get(k as "from") : k === "range" ? EXECUTIVE_DEFAULT_RANGE : null) },
    nowMs,
  );
  return { fromMs: r.fromMs, toMs: r.toMs };
}

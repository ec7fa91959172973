/**
 * Factory benchmarks beside the actuals (architecture note, "AI Factory Performance Metrics"):
 * inference throughput 10 k–50 k tokens/s, cost per inference 30–60 % below public cloud,
 * uptime SLA 99.95–99.99 %, and time to first value per initiative. Pure.
 */
import { amortisation, type CostPlan, energyCost, type PueMeasure } from "./costs";
import { divide, type Figure, figure, missing, usd } from "./figure";
import { type ActionFact, belongsTo, type Initiative } from "./model";

export const THROUGHPUT_BAND = { min: 10_000, max: 50_000 } as const;
export const CLOUD_SAVING_BAND = { minPct: 30, maxPct: 60 } as const;
export const UPTIME_SLA = { minPct: 99.95, maxPct: 99.99 } as const;

/** What the telemetry measured while serving: tokens and GPU energy over the same span. */
export type ServingMeasure = {
  tokens: number;
  /** Inference requests in the span (histogram count), when known. */
  requests: number | null;
  /** First to last token sample. */
  coveredMs: number;
  peakTokensPerSecond: number | null;
  /** GPU energy over the same span, kWh. */
  energyKwh: number | null;
};

export function throughput(s: ServingMeasure | null) {
  const avg = s
    ? divide(s.tokens, s.coveredMs / 1000, "no token data in the period")
    : missing("no token data in the period");
  const peak = s?.peakTokensPerSecond != null ? figure(s.peakTokensPerSecond) : missing("no token rate data");
  return { avgTokensPerSecond: avg, peakTokensPerSecond: peak, band: THROUGHPUT_BAND };
}

/** Wh of GPU energy per 1,000 tokens served, over the span both were measured. */
export function energyPer1kTokensWh(s: ServingMeasure | null): Figure {
  if (!s?.energyKwh || s.energyKwh <= 0) return missing("no GPU energy measured");
  return divide(s.energyKwh * 1000, s.tokens / 1000, "no tokens served");
}

export type CostPerInference = {
  perRequestUsd: Figure;
  perMillionTokensUsd: Figure;
  /** How much cheaper than the cloud reference price, in percent. */
  belowCloudPct: Figure;
  lines: string[];
};

/**
 * Cost of the serving span (its energy × PUE × tariff + the amortisation charged for the same
 * span) divided over its requests and tokens.
 */
export function costPerInference(
  s: ServingMeasure | null,
  pue: PueMeasure | null,
  plan: CostPlan,
): CostPerInference {
  const none = (reason: string): CostPerInference => ({
    perRequestUsd: missing(reason),
    perMillionTokensUsd: missing(reason),
    belowCloudPct: missing(reason),
    lines: [],
  });
  if (!s || s.coveredMs <= 0 || s.tokens <= 0) return none("no inference served in the period");
  const energy = energyCost(
    s.energyKwh ? { measuredKwh: s.energyKwh, coveredMs: s.coveredMs, source: "GPU energy" } : null,
    pue,
    plan,
    s.coveredMs,
  );
  if (!energy.usd.ok) return none(energy.usd.reason);
  const amort = amortisation(plan, s.coveredMs);
  const total = energy.usd.value + amort.usd;
  const perMillion = figure((total / s.tokens) * 1_000_000);
  const perRequest = s.requests ? figure(total / s.requests) : missing("request count not measured");
  const cloud = plan.cloudUsdPerMillionTokens;
  const belowCloudPct =
    cloud && cloud > 0 && perMillion.ok
      ? figure(((cloud - perMillion.value) / cloud) * 100)
      : missing("no cloud reference price");
  const lines = [
    `serving span ${(s.coveredMs / 60_000).toFixed(1)} min: energy ${usd(energy.usd.value, 4)} + amortisation ${usd(amort.usd, 4)} = ${usd(total, 4)}`,
    `per 1 M tokens ${perMillion.ok ? usd(perMillion.value, 4) : "n/a"} = ${usd(total, 4)} ÷ ${s.tokens.toLocaleString("en-US")} tokens × 1 M`,
  ];
  if (s.requests) lines.push(`per request = ${usd(total, 4)} ÷ ${s.requests} requests`);
  if (cloud) lines.push(`cloud reference ${usd(cloud, 2)} per 1 M tokens`);
  return { perRequestUsd: perRequest, perMillionTokensUsd: perMillion, belowCloudPct, lines };
}

/** Availability from ingested heartbeat/`up` data: time up ÷ time observed. */
export function uptimePct(u: { upMs: number; observedMs: number } | null): Figure {
  if (!u) return missing("no availability data ingested");
  return divide(u.upMs * 100, u.observedMs, "no availability data ingested");
}

/** Days from an initiative's start to its first succeeded action. */
export function timeToFirstValueDays(init: Initiative, actions: readonly ActionFact[]): Figure {
  let first = Number.POSITIVE_INFINITY;
  for (const a of actions) {
    if (a.outcome !== "succeeded" || !belongsTo(init, a.agentId, a.category)) continue;
    if (a.requestedAtMs >= init.startedAtMs && a.requestedAtMs < first) first = a.requestedAtMs;
  }
  if (first === Number.POSITIVE_INFINITY) return missing("no succeeded action yet");
  return figure((first - init.startedAtMs) / 86_400_000);
}

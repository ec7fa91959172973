/**
 * Alert rule kinds, their parameters (validated with zod) and the defaults the demo seeds.
 * Pure: the settings page, the API and the evaluator share it.
 */
import { z } from "zod";
import type { AlertRuleKind, AlertSeverity } from "@/lib/db/schema/alerts";

/** Default policy threshold for GPU temperature (not the hardware limit; see the research notes). */
export const DEFAULT_GPU_TEMPERATURE_THRESHOLD_C = 70;
export const GPU_TEMPERATURE_SETTING = "sre.gpu_temperature_threshold_celsius";
export const WEBHOOK_SETTING = "alerts.webhook";

const minutes = z
  .number()
  .positive()
  .max(7 * 24 * 60);

export const ruleParamSchemas = {
  /** Any GPU hotter than the threshold (the admin setting unless overridden) for `forMinutes`. */
  gpu_temperature_above: z
    .object({ forMinutes: minutes.default(5), thresholdCelsius: z.number().min(0).max(150).optional() })
    .strict(),
  /** A GPU held back by a clock-event reason (power cap by default) for at least `forSeconds`. */
  gpu_throttling: z
    .object({
      forSeconds: z.number().positive().max(86_400).default(30),
      reason: z
        .enum(["sw_power_cap", "hw_slowdown", "sw_thermal", "hw_thermal", "hw_power_brake"])
        .default("sw_power_cap"),
    })
    .strict(),
  /** p95 request latency above the SLO over the last `forMinutes`, per model. */
  latency_p95_above: z
    .object({ sloSeconds: z.number().positive().max(3600).default(10), forMinutes: minutes.default(5) })
    .strict(),
  /** Energy-ratio PUE above target over the last `windowHours`. */
  pue_above: z
    .object({
      target: z.number().min(1).max(5).default(1.1),
      windowHours: z
        .number()
        .positive()
        .max(24 * 31)
        .default(24),
    })
    .strict(),
  /** Cooling redundancy: fewer healthy units than load + 1. */
  n_plus_one_lost: z.object({}).strict(),
  /** A source (e.g. each host's nvidia-smi) sent nothing for `forMinutes`. */
  no_data: z
    .object({
      metric: z.string().min(1).max(200).default("gpu_temperature_celsius"),
      /** Label that names the source (one alert per value), e.g. host. */
      by: z.string().min(1).max(100).default("host"),
      forMinutes: minutes.default(5),
      /** How far back to look for sources that used to report. */
      lookbackHours: z
        .number()
        .positive()
        .max(24 * 31)
        .default(24),
      sourceName: z.string().max(100).default("nvidia-smi"),
    })
    .strict(),
} satisfies Record<AlertRuleKind, z.ZodType>;

export type RuleParams = { [K in AlertRuleKind]: z.output<(typeof ruleParamSchemas)[K]> };

export type AlertRule<K extends AlertRuleKind = AlertRuleKind> = {
  id: string;
  slug: string;
  name: string;
  kind: K;
  params: RuleParams[K];
  severity: AlertSeverity;
  enabled: boolean;
};

/** Validates params for a kind; throws a ZodError naming the field. */
export function parseRuleParams<K extends AlertRuleKind>(kind: K, params: unknown): RuleParams[K] {
  return ruleParamSchemas[kind].parse(params ?? {}) as RuleParams[K];
}

export const KIND_LABELS: Record<AlertRuleKind, string> = {
  gpu_temperature_above: "GPU temperature above threshold",
  gpu_throttling: "GPU clock throttling",
  latency_p95_above: "p95 latency above SLO",
  pue_above: "PUE above target",
  n_plus_one_lost: "Cooling N+1 lost",
  no_data: "No data from a source",
};

/** One line saying what a rule watches, for lists and the settings page. */
export function describeRule(rule: Pick<AlertRule, "kind" | "params">, gpuThresholdC: number): string {
  const p = rule.params as Record<string, unknown>;
  switch (rule.kind) {
    case "gpu_temperature_above":
      return `any GPU above ${p.thresholdCelsius ?? gpuThresholdC} °C for ${p.forMinutes} min`;
    case "gpu_throttling":
      return `any GPU throttled by ${p.reason} for ${p.forSeconds} s`;
    case "latency_p95_above":
      return `p95 request latency above ${p.sloSeconds} s over ${p.forMinutes} min, per model`;
    case "pue_above":
      return `PUE (energy ratio) above ${p.target} over ${p.windowHours} h`;
    case "n_plus_one_lost":
      return "fewer healthy cooling units than needed + 1";
    case "no_data":
      return `no ${p.metric} from a ${p.by} (${p.sourceName}) for ${p.forMinutes} min`;
  }
}

/** Rules every installation starts with (seeded by slug, so re-seeding changes nothing). */
export const DEFAULT_RULES: Omit<AlertRule, "id">[] = [
  {
    slug: "gpu-temperature",
    name: "GPU temperature above threshold",
    kind: "gpu_temperature_above",
    params: { forMinutes: 1 },
    severity: "critical",
    enabled: true,
  },
  {
    slug: "gpu-power-cap",
    name: "GPU power-cap throttling",
    kind: "gpu_throttling",
    params: { forSeconds: 30, reason: "sw_power_cap" },
    severity: "warning",
    enabled: true,
  },
  {
    slug: "latency-p95-slo",
    name: "p95 latency above SLO",
    kind: "latency_p95_above",
    params: { sloSeconds: 10, forMinutes: 1 },
    severity: "warning",
    enabled: true,
  },
  {
    slug: "pue-24h",
    name: "PUE above target (24 h)",
    kind: "pue_above",
    params: { target: 1.1, windowHours: 24 },
    severity: "warning",
    enabled: true,
  },
  {
    slug: "cooling-n-plus-one",
    name: "Cooling N+1 lost",
    kind: "n_plus_one_lost",
    params: {},
    severity: "critical",
    enabled: true,
  },
  {
    slug: "no-data-nvidia-smi",
    name: "No data from nvidia-smi",
    kind: "no_data",
    params: {
      metric: "gpu_temperature_celsius",
      by: "host",
      forMinutes: 5,
      lookbackHours: 24,
      sourceName: "nvidia-smi",
    },
    severity: "warning",
    // Off by default: the demo's data is a recorded trace, so it would always be "stale".
    enabled: false,
  },
];

import "server-only";
import { type RankedGpu, topN } from "@/components/charts/prepare/fleet";
import type { Heatmap } from "@/components/charts/prepare/histogram";
import { type ThrottleWindow, throttleWindows } from "@/components/charts/prepare/throttling";
import type { Labels, Point, QueryResult } from "@/components/charts/prepare/types";
import { getGpuTemperatureThreshold } from "@/lib/alerts/settings";
import { queryMetric } from "@/lib/telemetry/query";
import type { QueryAgg } from "@/lib/telemetry/query-aggs";
import {
  bucketSummary,
  type Efficiency,
  efficiency,
  energyPerStep,
  latencyHeatmap,
  quantileLines,
} from "./prepare-inference";

/**
 * The SRE page's data layer: one function per panel returning every series the panel draws
 * (one round of queries through `queryMetric`, in parallel) plus what is derived from them.
 * Routes, the benchmark and the truth test call these; the page never queries metrics itself.
 */
export type PanelRange = { fromMs: number; toMs: number; stepMs: number };
export type MetricQuery = PanelRange & {
  metric: string;
  agg: QueryAgg;
  by?: string[];
  match?: Record<string, string>;
};
export type QueryFn = (q: MetricQuery) => Promise<QueryResult>;

const defaultQuery: QueryFn = (q) => queryMetric(q) as Promise<QueryResult>;

export const GPU_BY = ["host", "gpu", "uuid", "model"];

// ---------------------------------------------------------------- inference

export type InferencePanel = PanelRange & {
  /** Per-step percentile lines (all models together, or the one asked for), from the stored buckets. */
  latency: { p50: QueryResult; p95: QueryResult; p99: QueryResult };
  ttft: { p50: QueryResult; p95: QueryResult };
  /** Requests per step and latency bucket (display buckets around the data; see latencyHeatmap). */
  heatmap: Heatmap;
  tokensPerSecond: QueryResult;
  /** Percentiles over the whole range (select a phase to read its median). */
  summary: LatencySummary;
  models: string[];
};

/**
 * Latency and TTFT percentiles, the latency heatmap and throughput. Each histogram's buckets are
 * read ONCE (increase per step and `le`); percentile lines, heatmap and the range summary are
 * derived from them, so the panel costs three queries whatever it draws.
 */
export async function inferencePanel(
  range: PanelRange,
  opts: { model?: string } = {},
  query: QueryFn = defaultQuery,
): Promise<InferencePanel> {
  // Read every model (the picker lists them all), then keep the one asked for.
  const [allLat, allTtft, allTokens] = await Promise.all([
    query({
      ...range,
      metric: "inference_request_duration_seconds_bucket",
      agg: "increase",
      by: ["model", "le"],
    }),
    query({
      ...range,
      metric: "inference_time_to_first_token_seconds_bucket",
      agg: "increase",
      by: ["model", "le"],
    }),
    query({
      ...range,
      metric: "inference_tokens_total",
      agg: "rate",
      by: ["model"],
      match: { type: "output" },
    }),
  ]);
  const ofModel = (r: QueryResult): QueryResult =>
    opts.model ? { ...r, series: r.series.filter((s) => s.labels.model === opts.model) } : r;
  const [latB, ttftB, tokens] = [ofModel(allLat), ofModel(allTtft), ofModel(allTokens)];
  const line = (metric: string, points: Point[]): QueryResult => ({
    metric,
    unit: "s",
    series: points.length ? [{ labels: opts.model ? { model: opts.model } : {}, points }] : [],
  });
  const [l50, l95, l99] = quantileLines(latB, [0.5, 0.95, 0.99]);
  const [t50, t95] = quantileLines(ttftB, [0.5, 0.95]);
  const lat = bucketSummary(latB);
  const ttft = bucketSummary(ttftB);
  return {
    ...range,
    latency: {
      p50: line("inference_request_duration_seconds:p50", l50!),
      p95: line("inference_request_duration_seconds:p95", l95!),
      p99: line("inference_request_duration_seconds:p99", l99!),
    },
    ttft: {
      p50: line("inference_time_to_first_token_seconds:p50", t50!),
      p95: line("inference_time_to_first_token_seconds:p95", t95!),
    },
    heatmap: latencyHeatmap(latB),
    tokensPerSecond: tokens,
    summary: {
      requests: lat.count,
      p50: lat.p50,
      p95: lat.p95,
      p99: lat.p99,
      ttftP50: ttft.p50,
      ttftP95: ttft.p95,
    },
    models: [...new Set(allLat.series.map((s) => s.labels.model).filter((m): m is string => !!m))].sort(),
  };
}

export type LatencySummary = {
  requests: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  ttftP50: number | null;
  ttftP95: number | null;
};

/**
 * Percentiles over a whole window (e.g. one phase of a run): the bucket counts of every step in
 * the window are added, then the quantile is estimated from them (order statistics placed
 * inside their buckets, so a median of few requests is the sample median to within a bucket
 * width) — never an average of per-step percentiles.
 */
export async function latencySummary(
  window: { fromMs: number; toMs: number },
  opts: { model?: string } = {},
  query: QueryFn = defaultQuery,
): Promise<LatencySummary> {
  const stepMs = pickWindowStep(window);
  const match = opts.model ? { model: opts.model } : undefined;
  const [lat, ttft] = await Promise.all(
    ["inference_request_duration_seconds_bucket", "inference_time_to_first_token_seconds_bucket"].map(
      (metric) => query({ ...window, stepMs, metric, agg: "increase", by: ["le"], match }),
    ),
  );
  const l = bucketSummary(lat!);
  const t = bucketSummary(ttft!);
  return { requests: l.count, p50: l.p50, p95: l.p95, p99: l.p99, ttftP50: t.p50, ttftP95: t.p95 };
}

/** A step that divides a window into few buckets (bucket counts add exactly, so any step works). */
function pickWindowStep(w: { fromMs: number; toMs: number }): number {
  const span = Math.max(1000, w.toMs - w.fromMs);
  // Sub-minute steps read raw points from exactly `fromMs` (minute steps would round the start down).
  const steps = [1000, 5000, 15_000, 60_000, 300_000, 3_600_000, 86_400_000];
  return steps.find((s) => span / s <= 2000) ?? 86_400_000;
}

// ---------------------------------------------------------------- efficiency

export type EfficiencyPanel = PanelRange &
  Efficiency & {
    /** GPU models (hardware) whose energy is counted. */
    hardware: string[];
    tokensPerStep: QueryResult;
  };

/**
 * Tokens per joule beside throughput: output tokens per step ÷ GPU energy per step (energy
 * counter increase where reported, else average power × step), over the GPUs of the hosts that
 * served the tokens when inference series carry a host label, else the whole fleet.
 */
export async function efficiencyPanel(
  range: PanelRange,
  opts: { model?: string; host?: string } = {},
  query: QueryFn = defaultQuery,
): Promise<EfficiencyPanel> {
  const gpuMatch = opts.host ? { host: opts.host } : undefined;
  // Summed across GPUs per hardware model in the query (energy adds up; nothing to draw per GPU).
  // Power is read only when no energy counter covers the range (it is the fallback, and at
  // fleet scale each of these reads every GPU's rollups).
  const powerQuery = () =>
    query({ ...range, metric: "gpu_power_watts", agg: "sum", by: ["model"], match: gpuMatch });
  const [tokens, energy] = await Promise.all([
    query({
      ...range,
      metric: "inference_tokens_total",
      agg: "increase",
      by: ["model"],
      match: {
        type: "output",
        ...(opts.model ? { model: opts.model } : {}),
        ...(opts.host ? { host: opts.host } : {}),
      },
    }),
    query({ ...range, metric: "gpu_energy_joules_total", agg: "increase", by: ["model"], match: gpuMatch }),
  ]);
  const counterCovers =
    energy.series.length > 0 && energy.series.every((s) => s.points.every(([, v]) => v !== null));
  const power = counterCovers
    ? {
        metric: "gpu_power_watts",
        unit: "W",
        series: energy.series.map((s) => ({ labels: s.labels, points: [] })),
      }
    : await powerQuery();
  const e = energyPerStep(energy, power, range.stepMs);
  const hardware = [...new Set(power.series.map((s) => s.labels.model).filter((m): m is string => !!m))];
  return { ...range, ...efficiency(tokens, e, range.stepMs), hardware, tokensPerStep: tokens };
}

/** Tokens per joule over one window (one number), e.g. the heavy phase of the H200 run. */
export async function efficiencySummary(
  window: { fromMs: number; toMs: number },
  opts: { model?: string; host?: string } = {},
  query: QueryFn = defaultQuery,
): Promise<{ tokens: number; joules: number; tokensPerJoule: number | null; source: string }> {
  const stepMs = pickWindowStep(window);
  const p = await efficiencyPanel({ ...window, stepMs }, opts, query);
  return { tokens: p.tokens, joules: p.joules, tokensPerJoule: p.tokensPerJoule, source: p.source };
}

// ---------------------------------------------------------------- GPUs

export type GpuPanel = PanelRange & {
  thresholdCelsius: number;
  /** GPUs drawn (the focused one, or the top N hottest). */
  shown: RankedGpu[];
  gpuCount: number;
  temperature: QueryResult;
  memoryTemperature: QueryResult;
  power: QueryResult;
  powerLimit: QueryResult;
  utilization: QueryResult;
  smClock: QueryResult;
  /** Throttling windows per shown GPU, decoded from the clock-event bitmask at a fine step. */
  throttling: (ThrottleWindow & { gpu: Labels })[];
  clockStepMs: number;
};

/** Fleet overview for many GPUs: every GPU's temperature (heat strip) and the hottest N. */
export async function fleetPanel(
  range: PanelRange,
  opts: { topN?: number } = {},
  query: QueryFn = defaultQuery,
): Promise<
  PanelRange & { temperature: QueryResult; top: RankedGpu[]; gpuCount: number; thresholdCelsius: number }
> {
  const [temperature, thresholdCelsius] = await Promise.all([
    query({ ...range, metric: "gpu_temperature_celsius", agg: "max", by: GPU_BY }),
    getGpuTemperatureThreshold(),
  ]);
  return {
    ...range,
    temperature,
    top: topN(temperature.series, opts.topN ?? 8),
    gpuCount: temperature.series.length,
    thresholdCelsius,
  };
}

/**
 * Thermals, power, utilization, clocks and throttling for the focused GPU or the N hottest.
 * Peaks survive downsampling (max per step for temperature and power); the clock-event bitmask
 * is read at a finer step so short power-cap episodes are not smeared over a whole step.
 */
export async function gpuPanel(
  range: PanelRange,
  opts: { focus?: Labels | null; topN?: number } = {},
  query: QueryFn = defaultQuery,
): Promise<GpuPanel> {
  const n = opts.topN ?? 4;
  // Rank every GPU by its peak with ONE point per GPU (served from hourly/minute rollups), then
  // fetch full series only for the GPUs drawn: cost stays flat from 1 to 1000 GPUs.
  const [ranking, thresholdCelsius] = await Promise.all([
    query({
      ...range,
      stepMs: range.toMs - range.fromMs,
      metric: "gpu_temperature_celsius",
      agg: "max",
      by: GPU_BY,
    }),
    getGpuTemperatureThreshold(),
  ]);
  const ranked = topN(ranking.series, Number.MAX_SAFE_INTEGER);
  const focus = opts.focus && Object.keys(opts.focus).length ? opts.focus : null;
  const shown = focus
    ? ranked.filter((g) => Object.entries(focus).every(([k, v]) => g.labels[k] === v)).slice(0, 1)
    : ranked.slice(0, n);
  const isShown = (l: Labels) => shown.some((g) => g.labels.host === l.host && g.labels.gpu === l.gpu);
  // One query per metric and host of the shown GPUs (match on host), filtered to the shown ones.
  const hosts = [...new Set(shown.map((g) => g.labels.host ?? ""))];
  const clockStepMs = Math.max(1000, Math.min(range.stepMs, Math.ceil(range.stepMs / 5 / 1000) * 1000));
  const q = async (metric: string, agg: QueryAgg, stepMs = range.stepMs): Promise<QueryResult> => {
    const parts = await Promise.all(
      hosts.map((host) =>
        query({ ...range, stepMs, metric, agg, by: GPU_BY, match: host ? { host } : undefined }),
      ),
    );
    const first = parts[0] ?? { metric, unit: "", series: [] };
    return { ...first, series: parts.flatMap((p) => p.series.filter((s) => isShown(s.labels))) };
  };
  const empty = async (metric: string): Promise<QueryResult> => ({ metric, unit: ranking.unit, series: [] });
  const [temperature, memoryTemperature, power, powerLimit, utilization, smClock, clockEvents] =
    await Promise.all(
      shown.length === 0
        ? ["gpu_temperature_celsius", "", "", "", "", "", ""].map((m) => empty(m))
        : [
            q("gpu_temperature_celsius", "max"),
            q("gpu_memory_temperature_celsius", "max"),
            q("gpu_power_watts", "max"),
            q("gpu_power_limit_watts", "max"),
            q("gpu_utilization_ratio", "avg"),
            q("gpu_sm_clock_hertz", "avg"),
            q("gpu_clock_event_reasons", "max", clockStepMs),
          ],
    );
  const throttling = clockEvents!.series.flatMap((s) =>
    throttleWindows(s.points).map((w) => ({ ...w, gpu: s.labels })),
  );
  return {
    ...range,
    thresholdCelsius,
    shown,
    gpuCount: ranking.series.length,
    temperature: temperature!,
    memoryTemperature: memoryTemperature!,
    power: power!,
    powerLimit: powerLimit!,
    utilization: utilization!,
    smClock: smClock!,
    throttling,
    clockStepMs,
  };
}

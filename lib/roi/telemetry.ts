import "server-only";
import { computePue } from "@/lib/facility/queries";
import { log } from "@/lib/log";
import { type QueryAgg, type QuerySeries, queryMetric } from "@/lib/telemetry/query";
import type { ServingMeasure } from "./benchmarks";
import type { EnergyMeasure, PueMeasure } from "./costs";
import type { TelemetryBucket } from "./kpis";
import type { Window } from "./model";
import { type StepSeries, spanOf, stepFor, sumSteps } from "./telemetry-math";

/**
 * What the telemetry and facility features measured over a window, in the shapes the ROI model
 * takes. Reads only through their functions (queryMetric, computePue), never their tables.
 *
 * Two passes: a coarse query finds where GPU data exists inside the window, then a fine query over
 * just that span integrates power (a coarse step would spread a 6-minute trace over hours).
 */
export type FactoryTelemetry = {
  energy: EnergyMeasure | null;
  serving: ServingMeasure | null;
  pue: PueMeasure | null;
  pueDetail: { coveragePct: number; categoryLabel: string; missing: string | null } | null;
  uptime: { upMs: number; observedMs: number } | null;
  /** First to last GPU telemetry step inside the window (what "measured" covers). */
  spanMs: { fromMs: number; toMs: number } | null;
  buckets: TelemetryBucket[];
  /** Set when the telemetry could not be read (the page says so instead of failing). */
  error: string | null;
};

const empty = (buckets: Window[], error: string | null = null): FactoryTelemetry => ({
  energy: null,
  serving: null,
  pue: null,
  pueDetail: null,
  uptime: null,
  spanMs: null,
  buckets: buckets.map(() => ({ tokens: null, energyKwh: null, pue: null })),
  error,
});

async function series(
  metric: string,
  w: Window,
  stepMs: number,
  agg: QueryAgg,
  match?: Record<string, string>,
) {
  const r = await queryMetric({ metric, fromMs: w.fromMs, toMs: w.toMs, stepMs, agg, by: [], match });
  return r.series;
}

/** Summed step values of all series (one line), with the step they were queried at. */
function combined(s: QuerySeries[], stepMs: number): StepSeries {
  return { stepMs, points: sumSteps(s.map((x) => x.points)) };
}

export async function loadFactoryTelemetry(w: Window, buckets: Window[] = []): Promise<FactoryTelemetry> {
  try {
    return await measure(w, buckets);
  } catch (err) {
    log.error({ err }, "roi: telemetry read failed");
    return empty(buckets, err instanceof Error ? err.message : String(err));
  }
}

const J_PER_KWH = 3_600_000;

async function measure(w: Window, buckets: Window[]): Promise<FactoryTelemetry> {
  // Pass 1: where is there GPU power or token data at all?
  const coarse = stepFor(w.toMs - w.fromMs, 500);
  const [powerCoarse, tokensCoarse] = await Promise.all([
    series("gpu_power_watts", w, coarse, "max"),
    series("inference_tokens_total", w, coarse, "last"),
  ]);
  const coarseSpan = spanOf(
    [...powerCoarse, ...tokensCoarse].map((s) => s.points),
    coarse,
    w,
  );
  if (!coarseSpan) {
    const { pue, pueDetail } = await pueOnly(w, buckets);
    return { ...empty(buckets), pue, pueDetail };
  }

  // Pass 2: fine steps over the span only.
  const fine = stepFor(coarseSpan.toMs - coarseSpan.fromMs, 2000);
  const spanW = { fromMs: coarseSpan.fromMs, toMs: coarseSpan.toMs };
  const tokenMatch = { type: "output" };
  const [power, tokensOut, requests, up] = await Promise.all([
    series("gpu_power_watts", spanW, fine, "sum"),
    series("inference_tokens_total", spanW, fine, "increase", tokenMatch),
    series("inference_requests_total", spanW, fine, "increase"),
    series("up", w, coarse, "avg"),
  ]);
  const tokensAll = tokensOut.length
    ? tokensOut
    : await series("inference_tokens_total", spanW, fine, "increase");
  const p = combined(power, fine);
  const t = combined(tokensAll, fine);
  const rq = combined(requests, fine);
  // The coarse span is whole coarse steps; narrow it to the fine steps that hold data.
  const span = spanOf([p.points, t.points], fine, coarseSpan) ?? coarseSpan;

  let joules = 0;
  let poweredMs = 0;
  for (const [, watts] of p.points) {
    if (watts === null) continue;
    joules += watts * (fine / 1000);
    poweredMs += fine;
  }
  const tokens = t.points.reduce((s, [, v]) => s + (v ?? 0), 0);
  const requestCount = rq.points.reduce((s, [, v]) => s + (v ?? 0), 0);
  const coveredMs = span.toMs - span.fromMs;
  const energy: EnergyMeasure | null =
    joules > 0
      ? { measuredKwh: joules / J_PER_KWH, coveredMs: poweredMs, source: "∫ gpu_power_watts dt" }
      : null;
  // Peak throughput over 10-second windows (single requests end in one step; 10 s smooths that).
  const peakStep = Math.max(fine, 10_000);
  const perPeak = peakStep / fine;
  let peak: number | null = null;
  for (let i = 0; i + perPeak <= t.points.length; i += perPeak) {
    const sum = t.points.slice(i, i + perPeak).reduce((s, [, v]) => s + (v ?? 0), 0);
    peak = Math.max(peak ?? 0, sum / (peakStep / 1000));
  }
  const serving: ServingMeasure | null =
    tokens > 0 || energy
      ? {
          tokens,
          requests: requestCount > 0 ? requestCount : null,
          coveredMs,
          peakTokensPerSecond: tokens > 0 ? peak : null,
          energyKwh: energy ? energy.measuredKwh : null,
        }
      : null;

  const upSeries = combined(up, coarse);
  let upMs = 0;
  let observedMs = 0;
  for (const [, v] of upSeries.points) {
    if (v === null) continue;
    observedMs += coarse;
    upMs += Math.min(1, Math.max(0, v)) * coarse;
  }

  const bucketValues = buckets.map((b): TelemetryBucket => {
    const inB = (ts: number) => ts >= b.fromMs && ts < b.toMs;
    const bt = t.points.filter(([ts, v]) => inB(ts) && v !== null);
    const bp = p.points.filter(([ts, v]) => inB(ts) && v !== null);
    const kwh = bp.reduce((s, [, v]) => s + (v ?? 0) * (fine / 1000), 0) / J_PER_KWH;
    return {
      tokens: bt.length ? bt.reduce((s, [, v]) => s + (v ?? 0), 0) : null,
      energyKwh: bp.length ? kwh : null,
      pue: null,
    };
  });
  const { pue, pueDetail, bucketPue } = await pueOnly(w, buckets, span);
  return {
    energy,
    serving,
    pue,
    pueDetail,
    uptime: observedMs > 0 ? { upMs, observedMs } : null,
    spanMs: span,
    buckets: bucketValues.map((b, i) => ({ ...b, pue: bucketPue[i] ?? null })),
    error: null,
  };
}

/** PUE of the window, and of each bucket that overlaps GPU telemetry (facility data follows it). */
async function pueOnly(w: Window, buckets: Window[], gpuSpan?: { fromMs: number; toMs: number }) {
  const r = await computePue({ fromMs: w.fromMs, toMs: w.toMs });
  const pue: PueMeasure | null =
    r.pue !== null ? { value: r.pue, basis: r.simulated ? "simulated" : "measured" } : null;
  const bucketPue = await Promise.all(
    buckets.map(async (b) => {
      if (!gpuSpan || b.toMs <= gpuSpan.fromMs || b.fromMs >= gpuSpan.toMs) return null;
      return (await computePue(b)).pue;
    }),
  );
  return {
    pue,
    pueDetail: { coveragePct: r.coverage * 100, categoryLabel: r.categoryLabel, missing: r.missing },
    bucketPue,
  };
}

/**
 * Pure steps of the SRE data layer (no database): bucket series → per-step histograms, energy
 * per step from whatever the GPUs report, tokens per joule. Unit-tested; lib/sre/panels.ts feeds
 * them query results.
 */
import {
  energyFromAvgPower,
  sumPoints,
  total,
  trailingRate,
  trailingRatio,
} from "@/components/charts/prepare/efficiency";
import {
  coarsen,
  displayBounds,
  fromCumulative,
  type Heatmap,
  type Histogram,
  heatmapFromSteps,
  mergeHistograms,
  orderStatisticQuantile,
  quantileFromBuckets,
} from "@/components/charts/prepare/histogram";
import type { Point, QueryResult, Series } from "@/components/charts/prepare/types";

/** `le` label → bound (+Inf → Infinity); NaN for garbage. */
function leValue(le: string | undefined): number {
  if (le === undefined) return Number.NaN;
  if (/^\+?inf$/i.test(le)) return Number.POSITIVE_INFINITY;
  return Number(le);
}

/**
 * `<histogram>_bucket` series (per-step increases, one series per `le`, cumulative over `le` as
 * Prometheus stores them) → one histogram per step with finite bounds and per-bucket counts.
 * Series with other labels than `le` are added together (e.g. several models). Every step of the
 * query is kept (empty steps have all-zero counts, so their quantiles are null and lines break).
 */
export function histogramsFromBuckets(
  buckets: Pick<QueryResult, "series">,
): { t: number; histogram: Histogram }[] {
  const byLe = new Map<number, Map<number, number>>();
  for (const s of buckets.series) {
    const le = leValue(s.labels.le);
    if (Number.isNaN(le)) continue;
    const m = byLe.get(le) ?? new Map<number, number>();
    byLe.set(le, m);
    for (const [t, v] of s.points) m.set(t, (m.get(t) ?? 0) + (v ?? 0)); // a step without data holds 0 requests
  }
  const les = [...byLe.keys()].sort((a, b) => a - b);
  if (les.length === 0) return [];
  const hasInf = les[les.length - 1] === Number.POSITIVE_INFINITY;
  const bounds = les.filter((l) => Number.isFinite(l));
  const times = [...new Set([...byLe.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  return times.map((t) => {
    // Cumulative counts must not decrease with le; a missing +Inf means the last bound holds all.
    const cumulative: number[] = [];
    let running = 0;
    for (const le of les) {
      running = Math.max(running, byLe.get(le)!.get(t) ?? 0);
      cumulative.push(running);
    }
    if (!hasInf) cumulative.push(running);
    return { t, histogram: { bounds, counts: fromCumulative(cumulative) } };
  });
}

export type EnergySource = "energy-counter" | "power-integral" | "mixed" | "none";

/**
 * Energy per step summed over the given GPUs: the energy counter's increase where it reports
 * (exact), else average power × step length (the integral of evenly sampled power), step by step.
 */
export function energyPerStep(
  energyCounter: Pick<QueryResult, "series"> | null,
  avgPower: Pick<QueryResult, "series">,
  stepMs: number,
): { points: Point[]; source: EnergySource } {
  const counter = new Map(sumPoints((energyCounter?.series ?? []).map((s) => s.points)));
  const power = new Map(sumPoints(avgPower.series.map((s) => energyFromAvgPower(s.points, stepMs))));
  const times = [...new Set([...counter.keys(), ...power.keys()])].sort((a, b) => a - b);
  let fromCounter = 0;
  let fromPower = 0;
  const points: Point[] = times.map((t) => {
    const c = counter.get(t);
    if (c !== null && c !== undefined) {
      fromCounter++;
      return [t, c];
    }
    const p = power.get(t);
    if (p !== null && p !== undefined) {
      fromPower++;
      return [t, p];
    }
    return [t, null];
  });
  const source: EnergySource =
    fromCounter && fromPower
      ? "mixed"
      : fromCounter
        ? "energy-counter"
        : fromPower
          ? "power-integral"
          : "none";
  return { points: source === "none" ? [] : points, source };
}

/** Shortest window for throughput and tokens per joule lines (requests end every few seconds). */
export const EFFICIENCY_WINDOW_MS = 30_000;

export type Efficiency = {
  /** Tokens per joule over a trailing window ending at each step (null where energy is unknown). */
  perStep: Point[];
  /** Output tokens per second over a trailing window ending at each step (throughput). */
  tokensPerSecond: Point[];
  /** Length of that trailing window. */
  windowMs: number;
  tokens: number;
  joules: number;
  /** Whole range: total tokens ÷ total energy over the steps that have energy. */
  tokensPerJoule: number | null;
  source: EnergySource;
};

/** Tokens (per-step increases) and GPU energy → efficiency per step and over the range. */
export function efficiency(
  tokens: Pick<QueryResult, "series">,
  energy: { points: Point[]; source: EnergySource },
  stepMs: number,
): Efficiency {
  const tokenPoints = sumPoints(tokens.series.map((s: Series) => s.points));
  // Tokens are counted when a request ends, so per-step values are spikes and gaps; a trailing
  // window of at least 30 s shows the throughput and efficiency the GPU actually sustained.
  const windowMs = Math.max(EFFICIENCY_WINDOW_MS, stepMs);
  const perStep = trailingRatio(tokenPoints, energy.points, stepMs, windowMs);
  const energyAt = new Map(energy.points);
  let tok = 0;
  let joules = 0;
  // Count tokens only where energy is known, so the ratio never divides tokens by missing energy.
  for (const [t, n] of tokenPoints) {
    const j = energyAt.get(t);
    if (n !== null && j !== null && j !== undefined) tok += n;
  }
  joules = total(energy.points);
  return {
    perStep,
    tokensPerSecond: trailingRate(tokenPoints, stepMs, windowMs),
    windowMs,
    tokens: total(tokenPoints),
    joules,
    tokensPerJoule: joules > 0 ? tok / joules : null,
    source: energy.source,
  };
}

/**
 * Per-step quantile lines from one bucket query (Prometheus' histogram_quantile per step), so a
 * panel reads the buckets once for p50, p95, p99 and its heatmap instead of once per line.
 */
export function quantileLines(buckets: Pick<QueryResult, "series">, qs: number[]): Point[][] {
  const steps = histogramsFromBuckets(buckets);
  return qs.map((q) => steps.map(({ t, histogram }) => [t, quantileFromBuckets(histogram, q)] as Point));
}

export type BucketSummary = { count: number; p50: number | null; p95: number | null; p99: number | null };

/** Quantiles over every step of a bucket query together (order statistics; see orderStatisticQuantile). */
export function bucketSummary(buckets: Pick<QueryResult, "series">): BucketSummary {
  const merged = mergeHistograms(histogramsFromBuckets(buckets).map((s) => s.histogram));
  const q = (x: number) => (merged ? orderStatisticQuantile(merged, x) : null);
  return {
    count: merged ? merged.counts.reduce((a, b) => a + b, 0) : 0,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
  };
}

/** Most rows the latency heatmap shows (fine histograms are merged into this many display buckets). */
export const HEATMAP_ROWS = 14;

/**
 * The latency heatmap from one bucket query: per-step histograms, coarsened to at most `maxRows`
 * display buckets around the data. Built on the server, so the page receives the non-empty cells
 * (about a hundred for the demo trace) instead of every bucket series (97 bounds × 84 steps).
 */
export function latencyHeatmap(buckets: Pick<QueryResult, "series">, maxRows = HEATMAP_ROWS): Heatmap {
  const steps = histogramsFromBuckets(buckets);
  const keep = displayBounds(
    steps.map((s) => s.histogram),
    maxRows,
  );
  return heatmapFromSteps(steps.map((s) => ({ t: s.t, histogram: coarsen(s.histogram, keep) })));
}

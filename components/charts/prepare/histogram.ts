/**
 * Histograms as stored: explicit finite upper bounds (ascending) and per-bucket counts, one more
 * count than bounds (the last is the +Inf bucket) — the OTLP layout. Prometheus' cumulative
 * `le` buckets convert with `fromCumulative`.
 */
export type Histogram = { bounds: number[]; counts: number[] };

/** Cumulative `le` counts (Prometheus) → per-bucket counts. Decreases (resets) clamp to 0. */
export function fromCumulative(cumulative: number[]): number[] {
  return cumulative.map((c, i) => Math.max(0, c - (i === 0 ? 0 : cumulative[i - 1]!)));
}

/** Adds histograms with identical bounds (e.g. several steps or series); null if bounds differ. */
export function mergeHistograms(items: Histogram[]): Histogram | null {
  if (items.length === 0) return null;
  const bounds = items[0]!.bounds;
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const h of items) {
    if (h.bounds.length !== bounds.length || h.bounds.some((b, i) => b !== bounds[i])) return null;
    h.counts.forEach((c, i) => {
      counts[i]! += c;
    });
  }
  return { bounds, counts };
}

/**
 * The q-quantile (0..1) estimated from bucket counts the way Prometheus' histogram_quantile does:
 * find the bucket holding rank q·total and interpolate linearly inside it, from its lower bound
 * (0 for the first bucket when its bound is positive) to its upper bound. A rank in the +Inf
 * bucket returns the highest finite bound (the estimate cannot exceed what the buckets know).
 * Null when there are no observations.
 */
export function quantileFromBuckets(h: Histogram, q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within 0..1, got ${q}`);
  const total = h.counts.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return null;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < h.counts.length; i++) {
    const count = h.counts[i]!;
    const before = cumulative;
    cumulative += count;
    if (cumulative >= rank && count > 0) {
      if (i >= h.bounds.length) return h.bounds.length ? h.bounds[h.bounds.length - 1]! : null;
      const upper = h.bounds[i]!;
      const lower = i === 0 ? (upper > 0 ? 0 : upper) : h.bounds[i - 1]!;
      return lower + (upper - lower) * ((rank - before) / count);
    }
  }
  return h.bounds[h.bounds.length - 1] ?? null;
}

export type HeatmapCell = {
  t: number;
  /** Index of the bucket (0 = lowest). */
  bucket: number;
  lower: number;
  /** Upper bound; Infinity for the overflow bucket. */
  upper: number;
  count: number;
  /** count ÷ the largest count of the map, 0..1, for the colour scale. */
  intensity: number;
};
export type Heatmap = { cells: HeatmapCell[]; bucketLabels: string[]; maxCount: number; times: number[] };

function bucketLabel(lower: number, upper: number, unit: string): string {
  const f = (v: number) => (v >= 1 ? `${+v.toPrecision(3)}` : `${+(v * 1000).toPrecision(3)}m`);
  return Number.isFinite(upper) ? `${f(lower)}–${f(upper)} ${unit}` : `> ${f(lower)} ${unit}`;
}

/**
 * Per-step histograms → heatmap cells (time × bucket), skipping empty steps. Buckets are taken
 * from the first step; steps with other bounds are dropped rather than misdrawn.
 */
export function heatmapFromSteps(steps: { t: number; histogram: Histogram }[], unit = "s"): Heatmap {
  const first = steps.find((s) => s.histogram.bounds.length > 0);
  if (!first) return { cells: [], bucketLabels: [], maxCount: 0, times: [] };
  const bounds = first.histogram.bounds;
  const lowers = [bounds[0]! > 0 ? 0 : bounds[0]!, ...bounds];
  const uppers = [...bounds, Number.POSITIVE_INFINITY];
  const cells: HeatmapCell[] = [];
  let maxCount = 0;
  const times: number[] = [];
  for (const { t, histogram } of steps) {
    if (histogram.bounds.length !== bounds.length || histogram.bounds.some((b, i) => b !== bounds[i])) continue;
    times.push(t);
    histogram.counts.forEach((count, bucket) => {
      if (count <= 0) return;
      maxCount = Math.max(maxCount, count);
      cells.push({ t, bucket, lower: lowers[bucket]!, upper: uppers[bucket]!, count, intensity: 0 });
    });
  }
  for (const c of cells) c.intensity = maxCount > 0 ? c.count / maxCount : 0;
  return { cells, bucketLabels: uppers.map((u, i) => bucketLabel(lowers[i]!, u, unit)), maxCount, times };
}

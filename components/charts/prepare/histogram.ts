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
      const lower = i === 0 ? Math.min(upper, 0) : h.bounds[i - 1]!;
      return lower + (upper - lower) * ((rank - before) / count);
    }
  }
  return h.bounds[h.bounds.length - 1] ?? null;
}

/**
 * The q-quantile as the linear interpolation between order statistics (the usual sample
 * median/percentile: the median of 8 values is the mean of the 4th and 5th), each order
 * statistic placed at the middle of its slot inside its bucket. With few observations (a phase
 * of a run, a quiet hour) this matches the sample statistic to within a bucket width, where
 * `quantileFromBuckets`' rank q·n can land on one side of a wide gap; with many observations the
 * two agree. Observations in +Inf are valued at the highest finite bound.
 */
export function orderStatisticQuantile(h: Histogram, q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within 0..1, got ${q}`);
  const n = h.counts.reduce((a, b) => a + b, 0);
  if (!(n > 0)) return null;
  const valueAt = (k: number): number => {
    let before = 0;
    for (let i = 0; i < h.counts.length; i++) {
      const c = h.counts[i]!;
      if (k < before + c) {
        if (i >= h.bounds.length) return h.bounds[h.bounds.length - 1] ?? Number.NaN;
        const upper = h.bounds[i]!;
        const lower = i === 0 ? Math.min(upper, 0) : h.bounds[i - 1]!;
        return lower + ((upper - lower) * (k - before + 0.5)) / c;
      }
      before += c;
    }
    return h.bounds[h.bounds.length - 1] ?? Number.NaN;
  };
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = valueAt(lo);
  return lo === hi ? a : a + (valueAt(hi) - a) * (pos - lo);
}

/**
 * Merges neighbouring buckets into coarser ones whose upper bounds are `keep` (a subset of the
 * histogram's bounds, so every count stays in a bucket that really contains it).
 */
export function coarsen(h: Histogram, keep: number[]): Histogram {
  const bounds = keep.filter((b) => h.bounds.includes(b)).sort((a, b) => a - b);
  const counts = new Array<number>(bounds.length + 1).fill(0);
  h.counts.forEach((c, i) => {
    const upper = i < h.bounds.length ? h.bounds[i]! : Number.POSITIVE_INFINITY;
    let j = 0;
    while (j < bounds.length && bounds[j]! < upper) j++;
    counts[j]! += c;
  });
  return { bounds, counts };
}

/**
 * At most `maxRows` display buckets spanning only the bounds that hold data: fine-grained
 * histograms (e.g. 40 buckets per decade) become a readable heatmap without moving any count
 * across a bound it did not already respect.
 */
export function displayBounds(histograms: Histogram[], maxRows: number): number[] {
  const first = histograms[0];
  if (!first) return [];
  const bounds = first.bounds;
  let lo = Number.POSITIVE_INFINITY;
  let hi = -1;
  for (const h of histograms)
    h.counts.forEach((c, i) => {
      if (c > 0) {
        lo = Math.min(lo, i);
        hi = Math.max(hi, i);
      }
    });
  if (hi < 0) return bounds.length <= maxRows ? bounds : [];
  // Bound indexes [lo-1, hi] enclose every observation (bucket i spans bounds[i-1]..bounds[i]).
  const from = Math.max(0, lo - 1);
  const to = Math.min(bounds.length - 1, hi);
  const span = to - from + 1;
  const every = Math.max(1, Math.ceil(span / Math.max(1, maxRows - 1)));
  const keep: number[] = [];
  for (let i = to; i >= from; i -= every) keep.unshift(bounds[i]!);
  if (from > 0 && keep[0] !== bounds[from]) keep.unshift(bounds[from]!);
  return keep;
}

export type HeatmapCell = {
  t: number;
  /** Index of the bucket (0 = lowest). */
  bucket: number;
  lower: number;
  /** Upper bound; null for the overflow (+Inf) bucket, so the map survives JSON. */
  upper: number | null;
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
  const lowers = [Math.min(bounds[0]!, 0), ...bounds];
  const uppers = [...bounds, Number.POSITIVE_INFINITY];
  const cells: HeatmapCell[] = [];
  let maxCount = 0;
  const times: number[] = [];
  for (const { t, histogram } of steps) {
    if (histogram.bounds.length !== bounds.length || histogram.bounds.some((b, i) => b !== bounds[i]))
      continue;
    times.push(t);
    histogram.counts.forEach((count, bucket) => {
      if (count <= 0) return;
      maxCount = Math.max(maxCount, count);
      const upper = uppers[bucket]!;
      cells.push({
        t,
        bucket,
        lower: lowers[bucket]!,
        upper: Number.isFinite(upper) ? upper : null,
        count,
        intensity: 0,
      });
    });
  }
  for (const c of cells) c.intensity = maxCount > 0 ? c.count / maxCount : 0;
  return { cells, bucketLabels: uppers.map((u, i) => bucketLabel(lowers[i]!, u, unit)), maxCount, times };
}

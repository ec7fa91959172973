/**
 * Energy from power and from counters: the pure math under PUE, ERE/ERF and WUE.
 *
 * PUE is an energy ratio over one period, so both energies must cover exactly the same time:
 * `pairedBucketEnergy` integrates two power series bucket by bucket and only counts the buckets
 * where BOTH have data, reporting how much of the period that was (coverage).
 */

/** A point as the query API returns it: [unix ms, value or null]. */
export type Point = readonly [number, number | null];

/** Overlap of the bucket [t, t+step) with [fromMs, toMs), in ms. */
function overlapMs(t: number, stepMs: number, fromMs: number, toMs: number): number {
  return Math.max(0, Math.min(t + stepMs, toMs) - Math.max(t, fromMs));
}

const isNum = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * ∫ P dt of a bucketed power series (each point = the average power of the bucket starting at
 * its timestamp), clipped to [fromMs, toMs). Returns joules and the covered milliseconds.
 */
export function bucketEnergy(
  points: readonly Point[],
  stepMs: number,
  fromMs: number,
  toMs: number,
): { joules: number; coveredMs: number } {
  let joules = 0;
  let coveredMs = 0;
  for (const [t, v] of points) {
    if (!isNum(v)) continue;
    const ms = overlapMs(t, stepMs, fromMs, toMs);
    joules += (v * ms) / 1000;
    coveredMs += ms;
  }
  return { joules, coveredMs };
}

/**
 * Energies of two bucketed power series over the same buckets: a bucket counts only when both
 * series have a value there, so the ratio compares the same period.
 */
export function pairedBucketEnergy(
  a: readonly Point[],
  b: readonly Point[],
  stepMs: number,
  fromMs: number,
  toMs: number,
): { aJoules: number; bJoules: number; coveredMs: number; coverage: number } {
  const bByTime = new Map<number, number | null>();
  for (const [t, v] of b) bByTime.set(t, v);
  let aJoules = 0;
  let bJoules = 0;
  let coveredMs = 0;
  for (const [t, va] of a) {
    const vb = bByTime.get(t);
    if (!isNum(va) || !isNum(vb)) continue;
    const ms = overlapMs(t, stepMs, fromMs, toMs);
    aJoules += (va * ms) / 1000;
    bJoules += (vb * ms) / 1000;
    coveredMs += ms;
  }
  const span = Math.max(0, toMs - fromMs);
  return { aJoules, bJoules, coveredMs, coverage: span > 0 ? coveredMs / span : 0 };
}

/**
 * Trapezoidal ∫ P dt over raw samples (sorted by time), clipped to [fromMs, toMs). A gap longer
 * than `maxGapMs` between two samples is not bridged (no data ≠ zero power, ≠ last value).
 */
export function trapezoidEnergy(
  samples: readonly Point[],
  fromMs: number,
  toMs: number,
  maxGapMs: number,
): { joules: number; coveredMs: number } {
  let joules = 0;
  let coveredMs = 0;
  let prev: [number, number] | null = null;
  for (const [t, v] of samples) {
    if (!isNum(v)) {
      prev = null;
      continue;
    }
    if (prev && t > prev[0] && t - prev[0] <= maxGapMs) {
      const [t0, v0] = prev;
      const lo = Math.max(t0, fromMs);
      const hi = Math.min(t, toMs);
      if (hi > lo) {
        // Linear interpolation at the clip edges keeps the area exact for a partial segment.
        const at = (x: number) => v0 + ((v - v0) * (x - t0)) / (t - t0);
        joules += ((at(lo) + at(hi)) / 2) * ((hi - lo) / 1000);
        coveredMs += hi - lo;
      }
    }
    prev = [t, v];
  }
  return { joules, coveredMs };
}

/**
 * Increase of a monotonic counter over the samples (sorted by time). A drop is a reset (meter
 * replaced, device restarted): the counter restarted from zero, so the new value is the increase
 * since the reset, as Prometheus' `increase()` treats it.
 */
export function counterIncrease(samples: readonly Point[]): {
  increase: number;
  resets: number;
  samples: number;
} {
  let increase = 0;
  let resets = 0;
  let prev: number | null = null;
  let n = 0;
  for (const [, v] of samples) {
    if (!isNum(v)) continue;
    n++;
    if (prev !== null) {
      if (v >= prev) increase += v - prev;
      else {
        resets++;
        increase += v;
      }
    }
    prev = v;
  }
  return { increase, resets, samples: n };
}

/** Sum several bucketed series point-wise (same step grid); a bucket is null when no series has a value. */
export function sumSeries(seriesPoints: readonly (readonly Point[])[]): Point[] {
  const acc = new Map<number, number | null>();
  for (const pts of seriesPoints) {
    for (const [t, v] of pts) {
      const cur = acc.get(t);
      if (isNum(v)) acc.set(t, (isNum(cur) ? cur : 0) + v);
      else if (!acc.has(t)) acc.set(t, null);
    }
  }
  return [...acc.entries()].sort((x, y) => x[0] - y[0]);
}

export const JOULES_PER_KWH = 3_600_000;

import type { Point } from "./types";

/**
 * Energy per step from power samples: each step's average power (W) × the step's length (s) = J.
 * This is the integral of power over the step when samples are evenly spaced (they are: a
 * collector samples on a clock), and it does not invent energy for steps without samples.
 */
export function energyFromAvgPower(avgPower: Point[], stepMs: number): Point[] {
  return avgPower.map(([t, w]) => [t, w === null ? null : (w * stepMs) / 1000]);
}

/**
 * Trapezoidal integral of power samples (W) between fromMs and toMs, in joules. Samples outside
 * the range are used only to interpolate its edges. Null when no sample lies near the range.
 */
export function integratePower(samples: Point[], fromMs: number, toMs: number): number | null {
  const pts = samples.filter((p): p is [number, number] => p[1] !== null).sort((a, b) => a[0] - b[0]);
  if (pts.length === 0 || toMs <= fromMs) return null;
  const at = (t: number): number => {
    if (t <= pts[0]![0]) return pts[0]![1];
    if (t >= pts[pts.length - 1]![0]) return pts[pts.length - 1]![1];
    let lo = 0;
    let hi = pts.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (pts[mid]![0] <= t) lo = mid;
      else hi = mid;
    }
    const [t0, v0] = pts[lo]!;
    const [t1, v1] = pts[hi]!;
    return t1 === t0 ? v0 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
  };
  const xs = [fromMs, ...pts.map((p) => p[0]).filter((t) => t > fromMs && t < toMs), toMs];
  let joules = 0;
  for (let i = 1; i < xs.length; i++)
    joules += ((at(xs[i - 1]!) + at(xs[i]!)) / 2) * ((xs[i]! - xs[i - 1]!) / 1000);
  return joules;
}

/**
 * Tokens per joule per step: tokens produced in the step ÷ energy used in the step. Steps with
 * no energy reading, or no tokens and no energy, are null (unknown, not zero efficiency).
 * Both inputs are aligned by timestamp.
 */
export function tokensPerJoule(tokensPerStep: Point[], joulesPerStep: Point[]): Point[] {
  const energy = new Map(joulesPerStep.map(([t, j]) => [t, j]));
  return tokensPerStep.map(([t, tokens]) => {
    const j = energy.get(t);
    if (tokens === null || j === null || j === undefined || !(j > 0)) return [t, null];
    return [t, tokens / j];
  });
}

/** Adds aligned point lists (e.g. energy of every GPU of a host); null only where all are null. */
export function sumPoints(lists: Point[][]): Point[] {
  const acc = new Map<number, number | null>();
  for (const list of lists)
    for (const [t, v] of list) {
      const prev = acc.get(t);
      acc.set(t, v === null ? (prev ?? null) : (prev ?? 0) + v);
    }
  return [...acc.entries()].sort((a, b) => a[0] - b[0]);
}

/** Sum of non-null values. */
export function total(points: Point[]): number {
  let s = 0;
  for (const [, v] of points) if (v !== null) s += v;
  return s;
}

/** Per-step rate (per second) from per-step amounts. */
export function perSecond(points: Point[], stepMs: number): Point[] {
  return points.map(([t, v]) => [t, v === null ? null : v / (stepMs / 1000)]);
}

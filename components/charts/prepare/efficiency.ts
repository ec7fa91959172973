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

/**
 * Sums over a trailing window of `windowSteps` steps (like Prometheus' `increase(x[window])`).
 * Counters that move only when a request ends (tokens) are spiky per step; a window shows the
 * rate the GPU actually sustained. Inside the span of the data, a step without a sample counts as
 * 0 (the counter stood still); outside it, null (unknown). Also returns how many steps each sum
 * covers, since windows at the start of the data are shorter.
 */
export function trailingSums(points: Point[], windowSteps: number): { sum: Point[]; steps: number[] } {
  let first = -1;
  let last = -1;
  points.forEach(([, v], i) => {
    if (v === null) return;
    if (first < 0) first = i;
    last = i;
  });
  const sum: Point[] = [];
  const steps: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const t = points[i]![0];
    if (first < 0 || i < first || i > last) {
      sum.push([t, null]);
      steps.push(0);
      continue;
    }
    const from = Math.max(first, i - windowSteps + 1);
    let s = 0;
    for (let j = from; j <= i; j++) s += points[j]![1] ?? 0;
    sum.push([t, s]);
    steps.push(i - from + 1);
  }
  return { sum, steps };
}

/** Per-second rate of per-step amounts over a trailing window of at least `windowMs`. */
export function trailingRate(points: Point[], stepMs: number, windowMs: number): Point[] {
  const k = Math.max(1, Math.round(Math.max(windowMs, stepMs) / stepMs));
  const { sum, steps } = trailingSums(points, k);
  return sum.map(([t, s], i) => [t, s === null ? null : s / ((steps[i]! * stepMs) / 1000)]);
}

/**
 * Ratio of two per-step amounts over the same trailing window (tokens ÷ joules). Steps whose
 * denominator is unknown are left out of the window (never divide tokens by missing energy), and
 * a step with an unknown denominator, or outside the span of the numerator's data, is null.
 */
export function trailingRatio(num: Point[], den: Point[], stepMs: number, windowMs: number): Point[] {
  const k = Math.max(1, Math.round(Math.max(windowMs, stepMs) / stepMs));
  const inSpan = trailingSums(num, 1).sum.map(([, v]) => v !== null);
  const denAt = new Map(den);
  return num.map(([t], i) => {
    if (!inSpan[i] || denAt.get(t) == null) return [t, null];
    let a = 0;
    let b = 0;
    for (let j = Math.max(0, i - k + 1); j <= i; j++) {
      const d = denAt.get(num[j]![0]);
      if (d == null || !inSpan[j]) continue;
      a += num[j]![1] ?? 0;
      b += d;
    }
    return [t, b > 0 ? a / b : null];
  });
}

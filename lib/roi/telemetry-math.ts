/** Small pure helpers for reading telemetry step series (unit-tested; used by telemetry.ts). */
export type Point = [number, number | null];
export type StepSeries = { stepMs: number; points: Point[] };

const NICE_SECONDS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];

/** The smallest whole-second "nice" step that keeps `rangeMs` within `maxSteps` steps. */
export function stepFor(rangeMs: number, maxSteps: number): number {
  const raw = Math.max(1000, rangeMs / Math.max(1, maxSteps));
  const s = NICE_SECONDS.find((x) => x * 1000 >= raw);
  return (s ?? Math.ceil(raw / 86_400_000) * 86_400) * 1000;
}

/** Step-wise sum of several series on the same step grid; a step stays null if all are null. */
export function sumSteps(series: readonly (readonly Point[])[]): Point[] {
  const byTs = new Map<number, number | null>();
  for (const pts of series) {
    for (const [ts, v] of pts) {
      const prev = byTs.get(ts);
      if (v === null) {
        if (prev === undefined) byTs.set(ts, null);
      } else byTs.set(ts, (prev ?? 0) + v);
    }
  }
  return [...byTs.entries()].sort((a, b) => a[0] - b[0]);
}

/** From the first to the end of the last step holding data, clipped to the window; null if none. */
export function spanOf(
  series: readonly (readonly Point[])[],
  stepMs: number,
  w: { fromMs: number; toMs: number },
): { fromMs: number; toMs: number } | null {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const pts of series) {
    for (const [ts, v] of pts) {
      if (v === null) continue;
      first = Math.min(first, ts);
      last = Math.max(last, ts + stepMs);
    }
  }
  if (first === Number.POSITIVE_INFINITY) return null;
  const fromMs = Math.max(w.fromMs, first);
  const toMs = Math.min(w.toMs, last);
  return toMs > fromMs ? { fromMs, toMs } : null;
}

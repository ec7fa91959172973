/**
 * Pure alert conditions over query points. The evaluator fetches series and asks these whether,
 * at `nowMs`, a condition holds and since when (data time) — so an alert's start is when the
 * GPU got hot, not when a job happened to look.
 */
import type { Point } from "@/components/charts/prepare/types";

export type Run = { startMs: number; lastMs: number; peak: number };

/**
 * The run of consecutive samples satisfying `test` that reaches the latest sample, if that
 * sample is fresh (no older than `maxStaleMs` before `nowMs`). A null sample or a gap longer than
 * `maxGapMs` breaks a run: we do not assume what we did not see.
 */
export function currentRun(
  points: Point[],
  test: (v: number) => boolean,
  opts: { nowMs: number; maxStaleMs: number; maxGapMs: number },
): Run | null {
  const pts = points.filter(([t]) => t <= opts.nowMs).sort((a, b) => a[0] - b[0]);
  const last = pts[pts.length - 1];
  if (!last || last[1] === null || opts.nowMs - last[0] > opts.maxStaleMs || !test(last[1])) return null;
  let startMs = last[0];
  let peak = last[1];
  for (let i = pts.length - 2; i >= 0; i--) {
    const [t, v] = pts[i]!;
    if (v === null || !test(v) || startMs - t > opts.maxGapMs) break;
    startMs = t;
    if (v > peak) peak = v;
  }
  return { startMs, lastMs: last[0], peak };
}

/** A run that has lasted at least `forMs` (counting the last sample's own interval `stepMs`). */
export function heldFor(run: Run | null, forMs: number, stepMs: number): boolean {
  return run !== null && run.lastMs - run.startMs + stepMs >= forMs;
}

/** Whether a clock-event bitmask has a given bit set (bit-safe above 2^31). */
export function hasBit(mask: number, bit: number): boolean {
  return Number.isFinite(mask) && mask >= 0 && Math.floor(Math.trunc(mask) / bit) % 2 === 1;
}

/** Latest non-null sample time of a series, or null. */
export function lastSeenMs(points: Point[]): number | null {
  let t: number | null = null;
  for (const [ms, v] of points) if (v !== null && (t === null || ms > t)) t = ms;
  return t;
}

/**
 * Which stored resolution serves which part of a query window. Pure module (unit-tested).
 * Rollup tiers, coarsest first; each grain divides the one above, so finer buckets nest.
 */
export type Resolution = "raw" | "1m" | "5m" | "1h";
export const TIERS: { res: Exclude<Resolution, "raw">; ms: number; table: string }[] = [
  { res: "1h", ms: 3_600_000, table: "telemetry_rollup_1h" },
  { res: "5m", ms: 300_000, table: "telemetry_rollup_5m" },
  { res: "1m", ms: 60_000, table: "telemetry_rollup_1m" },
];

/** The coarsest tier whose buckets divide the step (so every bucket lies inside one step). */
export function resolutionFor(stepMs: number): Resolution {
  return TIERS.find((t) => stepMs >= t.ms && stepMs % t.ms === 0)?.res ?? "raw";
}
export const grainOf = (res: Resolution) => TIERS.find((t) => t.res === res)?.ms ?? 1;

export type Segment = { res: Resolution; lo: number; hi: number };
/**
 * Splits [lo, hi) into pieces each served by one source: whole buckets of `res` in the middle,
 * the partial buckets at either edge by the next finer tiers, down to raw points for what is
 * left of a minute. So a rollup bucket is only ever read when it lies wholly inside the window.
 */
export function windowSegments(lo: number, hi: number, res: Resolution): Segment[] {
  if (lo >= hi) return [];
  const i = TIERS.findIndex((t) => t.res === res);
  if (i < 0) return [{ res: "raw", lo, hi }];
  const g = TIERS[i]!.ms;
  const next = TIERS[i + 1]?.res ?? "raw";
  const a = Math.ceil(lo / g) * g;
  const b = Math.floor(hi / g) * g;
  if (a >= b) return windowSegments(lo, hi, next);
  return [...windowSegments(lo, a, next), { res, lo: a, hi: b }, ...windowSegments(b, hi, next)];
}

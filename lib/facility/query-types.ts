/** The telemetry query as the facility feature calls it: in-process or over HTTP. */
import type { QueryInput, QueryResult } from "@/lib/telemetry/query-types";

export type { QuerySeries } from "@/lib/telemetry/query-types";
export type QueryFn = (q: QueryInput) => Promise<QueryResult>;

export type FacilityQuery = { fromMs: number; toMs: number; site?: string };

/**
 * Bucket size for energy integration: whole seconds, at most ~1500 buckets over the period.
 * Bucket averages integrate exactly whatever the step, so coarser steps only cost resolution at
 * the period's edges and at gaps.
 */
export function pueStepMs(fromMs: number, toMs: number): number {
  const span = Math.max(1000, toMs - fromMs);
  const raw = Math.ceil(span / 1500 / 1000) * 1000;
  const nice = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map(
    (s) => s * 1000,
  );
  return nice.find((s) => s >= raw) ?? 86_400_000;
}

/**
 * The telemetry query contract as the facility feature uses it (`queryMetric` in
 * lib/telemetry/query.ts), from the pure type modules so pure code and tests need no server code.
 */
import type { QueryResult, Series } from "@/components/charts/prepare/types";
import type { QueryAgg } from "@/lib/telemetry/query-aggs";

export type { QueryAgg };
export type QuerySeries = Series;
export type QueryResultLike = QueryResult;
export type QueryFn = (q: {
  metric: string;
  fromMs: number;
  toMs: number;
  stepMs: number;
  agg: QueryAgg;
  by?: string[];
  match?: Record<string, string>;
}) => Promise<QueryResultLike>;

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

/** Aggregations of queryMetric / GET /api/v1/query. Pure module (schemas and pages import it). */
export type QueryAgg =
  | "avg"
  | "min"
  | "max"
  | "sum"
  | "last"
  | "rate"
  | "increase"
  | "p50"
  | "p90"
  | "p95"
  | "p99";
export const QUERY_AGGS: readonly QueryAgg[] = [
  "avg",
  "min",
  "max",
  "sum",
  "last",
  "rate",
  "increase",
  "p50",
  "p90",
  "p95",
  "p99",
];

/**
 * The query contract: what `queryMetric` takes and what it and `GET /api/v1/query` return.
 * Pure types, so chart prepare functions, client components and tests need no server code.
 */
import type { QueryAgg } from "./query-aggs";

export type Point = [ms: number, value: number | null];
export type Labels = Record<string, string>;
export type QuerySeries = { labels: Labels; points: Point[] };
export type QueryResult = { metric: string; unit: string; series: QuerySeries[] };

export type QueryInput = {
  metric: string;
  fromMs: number;
  toMs: number;
  stepMs: number;
  agg: QueryAgg;
  by?: string[];
  match?: Record<string, string>;
};

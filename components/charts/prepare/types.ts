import type { Labels } from "@/lib/telemetry/query-types";

/** The query contract (pure types), under the names the chart code uses. */
export type { Labels, Point, QueryResult, QuerySeries as Series } from "@/lib/telemetry/query-types";

/** A shaded span on a time axis (throttling, alert duration). */
export type TimeBand = { startMs: number; endMs: number; label: string; kind: string };
/** A mark on a time axis (alert start, approval decision). */
export type Marker = { atMs: number; endMs?: number | null; kind: string; label: string; href?: string };

/** Stable key of a label set, e.g. `gpu=0,host=h1` (sorted, so equal sets give equal keys). */
export function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");
}

/** Short human name of a GPU series: `h200-demo/0`, falling back to whatever labels exist. */
export function gpuName(labels: Labels): string {
  if (labels.host !== undefined && labels.gpu !== undefined) return `${labels.host}/${labels.gpu}`;
  if (labels.uuid) return labels.uuid.slice(0, 12);
  const key = labelKey(labels);
  return key || "all";
}

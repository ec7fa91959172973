import "server-only";
import type { QueryResult } from "@/components/charts/prepare/types";
import { queryMetric } from "@/lib/telemetry/query";

const DAY = 86_400_000;

function isQueryResult(v: unknown): v is QueryResult {
  return typeof v === "object" && v !== null && Array.isArray((v as QueryResult).series);
}

/** Whether any query result inside a panel payload holds a value. */
export function panelHasData(panel: object): boolean {
  const visit = (v: unknown): boolean => {
    if (isQueryResult(v)) return v.series.some((s) => s.points.some(([, x]) => x !== null));
    if (v && typeof v === "object" && !Array.isArray(v)) return Object.values(v).some(visit);
    return false;
  };
  return visit(panel);
}

/**
 * When was `metric` last reported (any series), looking back up to `lookbackDays` from now?
 * Two coarse-to-fine queries: the last day with data, then the last minute within it.
 */
export async function latestSampleMs(
  metric: string,
  nowMs = Date.now(),
  lookbackDays = 400,
): Promise<number | null> {
  const last = (r: QueryResult) => {
    let t: number | null = null;
    for (const s of r.series)
      for (const [ms, v] of s.points) if (v !== null && (t === null || ms > t)) t = ms;
    return t;
  };
  const coarse = await queryMetric({
    metric,
    fromMs: nowMs - lookbackDays * DAY,
    toMs: nowMs,
    stepMs: DAY,
    agg: "last",
  });
  const day = last(coarse as QueryResult);
  if (day === null) return null;
  const fine = await queryMetric({
    metric,
    fromMs: day,
    toMs: Math.min(nowMs, day + DAY),
    stepMs: 60_000,
    agg: "last",
  });
  const minute = last(fine as QueryResult);
  return minute === null ? day : minute + 60_000;
}

/** Adds `latestMs` (for the empty state's "jump to latest data") to a panel that has no data in range. */
export async function withLatest<T extends object>(
  panel: T,
  metric: string,
): Promise<T & { latestMs: number | null }> {
  if (panelHasData(panel)) return { ...panel, latestMs: null };
  return { ...panel, latestMs: await latestSampleMs(metric) };
}

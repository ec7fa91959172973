"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { QueryResult } from "@/components/charts/prepare/types";
import { parseTimeRange } from "@/components/shell/time-range";
import { useTimeRange } from "@/components/shell/use-time-range";
import { fetchJson } from "@/components/ui/fetch-json";
import type { FacilitySummary } from "@/lib/facility/facility-data";

export type Range = { fromMs: number; toMs: number; stepMs: number };

/** The current range; preset ranges ("last 1h") are re-read at fetch time so refreshes slide. */
function freshRange(key: string): Range {
  const r = parseTimeRange(new URLSearchParams(key));
  return { fromMs: r.fromMs, toMs: r.toMs, stepMs: r.stepMs };
}

export function metricUrl(metric: string, agg: string, r: Range): string {
  const p = new URLSearchParams({
    metric,
    from: String(r.fromMs),
    to: String(r.toMs),
    step: `${Math.max(1, Math.round(r.stepMs / 1000))}s`,
    agg,
  });
  return `/api/v1/query?${p.toString()}`;
}

/** One metric over the page's time range, refreshed per the picker. */
export function useMetric(metric: string, agg: "avg" | "min" | "max" | "last" = "avg") {
  const tr = useTimeRange();
  return useQuery({
    queryKey: ["facility-metric", metric, agg, tr.key],
    queryFn: async () => {
      const r = tr.preset ? freshRange(tr.key) : tr;
      const result = await fetchJson<QueryResult>(metricUrl(metric, agg, r));
      return { ...result, range: { fromMs: r.fromMs, toMs: r.toMs, stepMs: r.stepMs } };
    },
    refetchInterval: tr.refetchInterval,
    placeholderData: keepPreviousData,
  });
}

export type SummaryResponse = FacilitySummary & { latestDataMs?: number | null };

export function useFacilitySummary() {
  const tr = useTimeRange();
  return useQuery({
    queryKey: ["facility-summary", tr.key],
    queryFn: () => {
      const r = tr.preset ? freshRange(tr.key) : tr;
      return fetchJson<SummaryResponse>(`/api/v1/facility/summary?from=${r.fromMs}&to=${r.toMs}`);
    },
    refetchInterval: tr.refetchInterval,
    placeholderData: keepPreviousData,
  });
}

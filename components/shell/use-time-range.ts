"use client";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { parseTimeRange, refreshIntervalMs, type TimeRange } from "./time-range";

/**
 * The shared time range from the URL. Preset ranges ("last 1h") end at the moment of the query,
 * so `now` is re-read whenever the URL changes and on every refetch tick of a live panel.
 */
export function useTimeRange(): TimeRange & { refetchInterval: number | false; key: string } {
  const params = useSearchParams();
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL string is the dependency
  return useMemo(() => {
    const range = parseTimeRange(params);
    return { ...range, refetchInterval: refreshIntervalMs(range.refresh), key };
  }, [key]);
}

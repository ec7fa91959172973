"use client";
import { useQuery } from "@tanstack/react-query";
import type { Marker, TimeBand } from "@/components/charts/prepare/types";
import { useTimeRange } from "@/components/shell/use-time-range";
import { fetchJson } from "@/components/ui/fetch-json";

export type AlertMark = Marker & { panel: string; severity: string; band: TimeBand };
export type Annotations = { alerts: AlertMark[]; decisions: Marker[] };

/** Alert events and approval decisions in the shared range, for markers on every panel. */
export function useAnnotations() {
  const range = useTimeRange();
  return useQuery({
    queryKey: ["annotations", range.key],
    queryFn: () =>
      fetchJson<Annotations>(
        `/api/v1/annotations?from=${Math.floor(range.fromMs)}&to=${Math.ceil(range.toMs)}`,
      ),
    refetchInterval: range.refetchInterval,
  });
}

/** Markers for one panel: its alerts (start marks) and every decision. */
export function markersFor(a: Annotations | undefined, panel: string): Marker[] {
  if (!a) return [];
  return [...a.alerts.filter((x) => x.panel === panel), ...a.decisions];
}

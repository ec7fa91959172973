import "server-only";
import type { Marker, TimeBand } from "@/components/charts/prepare/types";
import { listDecisionAnnotations } from "@/lib/governance/annotations";
import { listEvents } from "./store";

/**
 * Marks for chart time axes over [fromMs, toMs]: alert events (with their span, so panels can
 * shade them) and governance decisions. `panel` says which panel an alert belongs on.
 */
export async function listAnnotations(fromMs: number, toMs: number) {
  const [events, decisions] = await Promise.all([
    listEvents({ fromMs, toMs, state: "all" }),
    listDecisionAnnotations(fromMs, toMs),
  ]);
  const alerts: (Marker & { panel: string; severity: string; band: TimeBand })[] = events.map((e) => ({
    atMs: Date.parse(e.startedAt),
    endMs: e.endedAt ? Date.parse(e.endedAt) : null,
    kind: "alert",
    label: `${e.ruleName}: ${e.summary}`,
    href: `/sre?alert=${e.id}`,
    panel: PANEL_OF_KIND[e.kind] ?? "other",
    severity: e.severity,
    band: {
      startMs: Date.parse(e.startedAt),
      endMs: e.endedAt ? Date.parse(e.endedAt) : toMs,
      kind: "alert",
      label: e.ruleName,
    },
  }));
  const marks: Marker[] = decisions.map((d) => ({ ...d, kind: "decision" }));
  return { alerts, decisions: marks };
}

const PANEL_OF_KIND: Record<string, string> = {
  gpu_temperature_above: "temperature",
  gpu_throttling: "power",
  latency_p95_above: "latency",
  pue_above: "facility",
  n_plus_one_lost: "facility",
  no_data: "temperature",
};

/**
 * N+1 redundancy of the cooling loops from the unit-state, unit-capacity and heat-load series:
 * per loop, the status at every bucket (for the timeline and alert markers) and at the latest one.
 * Pure: series in, statuses out.
 */
import { LOOPS, type LoopId } from "./metrics";
import { type NPlusOneStatus, nPlusOneStatus } from "./pue";
import type { QuerySeries } from "./query-types";

export type LoopRedundancy = {
  loop: string;
  site: string | null;
  label: string;
  /** Status at the latest bucket with unit data. */
  status: NPlusOneStatus;
  atMs: number | null;
  /** Each unit at the latest bucket: 0 failed, 1 standby, 2 running (cooling_unit_state). */
  units: { unit: string; state: number | null; capacityWatts: number | null }[];
  timeline: { t: number; needed: number; healthy: number; state: NPlusOneStatus["state"] }[];
  /** Spans where N+1 did not hold (lost or insufficient). */
  lostSpans: { startMs: number; endMs: number; state: "lost" | "insufficient" }[];
};

const groupKey = (l: Record<string, string>) => `${l.site ?? ""}\u0000${l.loop ?? ""}`;

function lastValue(points: readonly [number, number | null][]): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i]![1];
    if (v !== null && Number.isFinite(v)) return v;
  }
  return null;
}

export function redundancyFrom(input: {
  unitState: readonly QuerySeries[];
  unitCapacity: readonly QuerySeries[];
  heatLoad: readonly QuerySeries[];
}): { loops: LoopRedundancy[]; worst: NPlusOneStatus["state"] | null } {
  const groups = new Map<string, QuerySeries[]>();
  for (const s of input.unitState) {
    const k = groupKey(s.labels);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const capOf = new Map(
    input.unitCapacity.map((s) => [`${groupKey(s.labels)}\u0000${s.labels.unit ?? ""}`, lastValue(s.points)]),
  );
  const loadOf = new Map(input.heatLoad.map((s) => [groupKey(s.labels), s]));

  const loops: LoopRedundancy[] = [];
  for (const [k, units] of groups) {
    const { site, loop } = units[0]!.labels;
    const load = new Map((loadOf.get(k)?.points ?? []).map(([t, v]) => [t, v]));
    const times = [
      ...new Set(units.flatMap((u) => u.points.filter(([, v]) => v !== null).map(([t]) => t))),
    ].sort((a, b) => a - b);
    const byTime = units.map((u) => ({ u, at: new Map(u.points) }));
    const timeline: LoopRedundancy["timeline"] = [];
    let status: NPlusOneStatus = nPlusOneStatus({ loadWatts: 0, units: [] });
    for (const t of times) {
      const present = byTime.map(({ u, at }) => ({ u, v: at.get(t) ?? null })).filter((x) => x.v !== null);
      const loadW = load.get(t);
      if (loadW === null || loadW === undefined) continue;
      status = nPlusOneStatus({
        loadWatts: loadW,
        units: present.map(({ u, v }) => ({
          id: u.labels.unit ?? "?",
          capacityWatts: capOf.get(`${k}\u0000${u.labels.unit ?? ""}`) ?? 0,
          healthy: (v as number) >= 1,
        })),
      });
      timeline.push({ t, needed: status.needed, healthy: status.healthy, state: status.state });
    }
    const lastT = timeline.at(-1)?.t;
    const unitsNow = byTime
      .map(({ u, at }) => ({
        unit: u.labels.unit ?? "?",
        state: lastT === undefined ? null : (at.get(lastT) ?? null),
        capacityWatts: capOf.get(`${k}\u0000${u.labels.unit ?? ""}`) ?? null,
      }))
      .sort((a, b) => a.unit.localeCompare(b.unit));
    loops.push({
      loop: loop ?? "unknown",
      units: unitsNow,
      site: site ?? null,
      label: LOOPS[loop as LoopId]?.label ?? loop ?? "cooling loop",
      status,
      atMs: timeline.at(-1)?.t ?? null,
      timeline,
      lostSpans: spans(timeline),
    });
  }
  loops.sort((a, b) => (a.site ?? "").localeCompare(b.site ?? "") || a.loop.localeCompare(b.loop));
  const rank = { insufficient: 3, lost: 2, unknown: 1, ok: 0 } as const;
  const worst = loops.length
    ? loops
        .map((l) => l.status.state)
        .reduce((w, s) => (rank[s] > rank[w] ? s : w), "ok" as NPlusOneStatus["state"])
    : null;
  return { loops, worst };
}

function spans(timeline: LoopRedundancy["timeline"]): LoopRedundancy["lostSpans"] {
  const out: LoopRedundancy["lostSpans"] = [];
  for (let i = 0; i < timeline.length; i++) {
    const p = timeline[i]!;
    if (p.state !== "lost" && p.state !== "insufficient") continue;
    const next = timeline[i + 1]?.t ?? p.t + (i > 0 ? p.t - timeline[i - 1]!.t : 1000);
    const last = out.at(-1);
    if (last && last.endMs === p.t && last.state === p.state) last.endMs = next;
    else out.push({ startMs: p.t, endMs: next, state: p.state });
  }
  return out;
}

/**
 * The overview's KPI cards: value for the period, the same figure for the previous period of equal
 * length, the change, and a sparkline over buckets — all computed from the same facts as the ROI
 * page. Pure. Also the "what changed" list.
 */
import { energyPer1kTokensWh, type ServingMeasure } from "./benchmarks";
import { computeRoi, type RoiInputs, type RoiResult } from "./compute";
import type { EnergyMeasure, PueMeasure } from "./costs";
import { type Figure, figure, missing, percentChange } from "./figure";
import {
  type ActionFact,
  actionStats,
  automationRatePct,
  decisionVelocity,
  type ViolationFact,
  type Window,
} from "./model";

export type KpiKey =
  | "roi"
  | "automation"
  | "velocity"
  | "tokens"
  | "energyPer1k"
  | "pue"
  | "openApprovals"
  | "violations";

export type Kpi = {
  key: KpiKey;
  label: string;
  unit: string;
  value: Figure;
  previous: Figure;
  changePct: Figure;
  /** Which direction is good news (drives the arrow colour). */
  better: "up" | "down";
  spark: (number | null)[];
  /** What the figure covers, e.g. "actions requested in the period" or "6.0 min of telemetry". */
  basis: string;
  simulated: boolean;
  href: string;
};

export type TelemetryBucket = { tokens: number | null; energyKwh: number | null; pue: number | null };

export type OverviewInput = {
  current: RoiInputs;
  previous: RoiInputs;
  serving: { current: ServingMeasure | null; previous: ServingMeasure | null };
  pue: { current: PueMeasure | null; previous: PueMeasure | null };
  buckets: Window[];
  telemetryBuckets: TelemetryBucket[];
  /** Pending approvals right now (from the governance tables). */
  openApprovalsNow: number;
};

export type Overview = { kpis: Kpi[]; current: RoiResult; previous: RoiResult };

/** `count` equal buckets covering the window (the last one ends exactly at `toMs`). */
export function splitWindow(w: Window, count: number): Window[] {
  const n = Math.max(1, Math.floor(count));
  const step = (w.toMs - w.fromMs) / n;
  return Array.from({ length: n }, (_, i) => ({
    fromMs: Math.round(w.fromMs + i * step),
    toMs: i === n - 1 ? w.toMs : Math.round(w.fromMs + (i + 1) * step),
  }));
}

/** Requests waiting for a person at instant `t`. */
export function backlogAt(actions: readonly ActionFact[], t: number): number {
  let n = 0;
  for (const a of actions) {
    if (a.needsHuman && a.requestedAtMs <= t && (a.closedAtMs === null || a.closedAtMs > t)) n++;
  }
  return n;
}

/** Average IT power of the measured span applied to another window (for bucketed ROI). */
function energyAtAveragePower(e: EnergyMeasure | null, w: Window): EnergyMeasure | null {
  if (!e || e.coveredMs <= 0 || e.measuredKwh <= 0) return null;
  const ms = w.toMs - w.fromMs;
  return {
    measuredKwh: (e.measuredKwh / e.coveredMs) * ms,
    coveredMs: ms,
    source: `${e.source}, period average`,
  };
}

const numberOf = (f: Figure) => (f.ok ? f.value : null);

function countIn(violations: readonly ViolationFact[], w: Window) {
  return violations.filter((v) => v.atMs >= w.fromMs && v.atMs < w.toMs).length;
}

export function buildOverview(input: OverviewInput): Overview {
  const { current: cur, previous: prev, buckets } = input;
  const current = computeRoi(cur);
  const previous = computeRoi(prev);
  const sc = input.serving.current;
  const sp = input.serving.previous;
  const mins = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
  const telemetryBasis = sc
    ? `${mins(sc.coveredMs)} of telemetry in the period`
    : "no telemetry in the period";
  const stats = (w: Window) => actionStats(cur.actions, cur.violations, w);
  const pueSimulated = input.pue.current?.basis === "simulated";

  const kpi = (k: Omit<Kpi, "changePct">): Kpi => ({ ...k, changePct: percentChange(k.value, k.previous) });

  const kpis: Kpi[] = [
    kpi({
      key: "roi",
      label: "ROI (all initiatives)",
      unit: "%",
      value: current.overall.roiPct,
      previous: previous.overall.roiPct,
      better: "up",
      spark: buckets.map((b) =>
        numberOf(
          computeRoi({ ...cur, window: b, energy: energyAtAveragePower(cur.energy, b) }).overall.roiPct,
        ),
      ),
      basis:
        current.energy.basis === "extrapolated"
          ? "actions in the period; energy extrapolated from the telemetry span"
          : "actions and energy in the period",
      simulated: current.energy.pue?.basis === "simulated",
      href: "/roi",
    }),
    kpi({
      key: "automation",
      label: "Automation rate",
      unit: "%",
      value: current.factory.automationPct,
      previous: previous.factory.automationPct,
      better: "up",
      spark: buckets.map((b) => numberOf(automationRatePct(stats(b)))),
      basis: `${current.factory.stats.decidedByPolicy + current.factory.stats.decidedByHuman} decided actions`,
      simulated: false,
      href: "/audit",
    }),
    kpi({
      key: "velocity",
      label: "Decision time (p90)",
      unit: "min",
      // p90, not the median: with most actions decided by policy in 0 s the median is 0 and says
      // nothing; the tail is where people (and waiting agents) lose time.
      value: current.factory.velocity.p90Minutes,
      previous: previous.factory.velocity.p90Minutes,
      better: "down",
      spark: buckets.map((b) => numberOf(decisionVelocity(stats(b), null).p90Minutes)),
      basis: `median ${current.factory.velocity.medianMinutes.ok ? `${current.factory.velocity.medianMinutes.value.toFixed(1)} min` : "n/a"}, request → decision, all decided actions`,
      simulated: false,
      href: "/approvals",
    }),
    kpi({
      key: "tokens",
      label: "Tokens served",
      unit: "tokens",
      value: sc ? figure(sc.tokens) : missing("no token data in the period"),
      previous: sp ? figure(sp.tokens) : missing("no token data in the period"),
      better: "up",
      spark: input.telemetryBuckets.map((t) => t.tokens),
      basis: telemetryBasis,
      simulated: false,
      href: "/sre",
    }),
    kpi({
      key: "energyPer1k",
      label: "Energy per 1k tokens",
      unit: "Wh",
      value: energyPer1kTokensWh(sc),
      previous: energyPer1kTokensWh(sp),
      better: "down",
      spark: input.telemetryBuckets.map((t) =>
        t.energyKwh && t.tokens ? (t.energyKwh * 1000) / (t.tokens / 1000) : null,
      ),
      basis: `GPU energy ÷ tokens, ${telemetryBasis}`,
      simulated: false,
      href: "/sre",
    }),
    kpi({
      key: "pue",
      label: "PUE",
      unit: "",
      value: input.pue.current ? figure(input.pue.current.value) : missing("no facility data in the period"),
      previous: input.pue.previous ? figure(input.pue.previous.value) : missing("no facility data"),
      better: "down",
      spark: input.telemetryBuckets.map((t) => t.pue),
      basis: "facility energy ÷ IT energy over the period (target 1.1)",
      simulated: pueSimulated,
      href: "/facility",
    }),
    kpi({
      key: "openApprovals",
      label: "Open approvals",
      unit: "",
      value: figure(input.openApprovalsNow),
      previous: figure(backlogAt(cur.actions, cur.window.fromMs)),
      better: "down",
      spark: buckets.map((b) => backlogAt(cur.actions, b.toMs)),
      basis: "waiting for a person now (previous: at the start of the period)",
      simulated: false,
      href: "/approvals",
    }),
    kpi({
      key: "violations",
      label: "Boundary violations",
      unit: "",
      value: figure(countIn(cur.violations, cur.window)),
      previous: figure(countIn(prev.violations, prev.window)),
      better: "down",
      spark: buckets.map((b) => countIn(cur.violations, b)),
      basis: "detected in the period",
      simulated: false,
      href: "/approvals?view=violations",
    }),
  ];
  return { kpis, current, previous };
}

export type Change = {
  kind: "kpi" | "violation" | "initiative" | "alert";
  text: string;
  href: string;
  severity: "info" | "good" | "bad";
};

/** The largest movements this period, new violations by agent and cause, initiatives that moved. */
export function whatChanged(o: Overview, violations: readonly ViolationFact[], limit = 8): Change[] {
  const out: Change[] = [];
  const moved = o.kpis
    .filter((k) => k.changePct.ok && Math.abs(k.changePct.value) >= 1)
    .sort((a, b) => Math.abs(numberOf(b.changePct)!) - Math.abs(numberOf(a.changePct)!));
  for (const k of moved.slice(0, 4)) {
    const change = numberOf(k.changePct)!;
    const good = change > 0 === (k.better === "up");
    out.push({
      kind: "kpi",
      text: `${k.label} ${change > 0 ? "up" : "down"} ${Math.abs(change).toFixed(1)} % vs the previous period`,
      href: k.href,
      severity: good ? "good" : "bad",
    });
  }
  const w = o.current.window;
  const groups = new Map<string, number>();
  for (const v of violations) {
    if (v.atMs < w.fromMs || v.atMs >= w.toMs) continue;
    const key = `${v.agentId} · ${v.cause}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 3)) {
    out.push({
      kind: "violation",
      text: `${n} violation${n === 1 ? "" : "s"}: ${key}`,
      href: "/approvals?view=violations",
      severity: "bad",
    });
  }
  for (const i of o.current.initiatives) {
    const before = o.previous.initiatives.find((p) => p.initiative.id === i.initiative.id);
    if (!before || !i.roiPct.ok || !before.roiPct.ok) continue;
    const delta = i.roiPct.value - before.roiPct.value;
    if (Math.abs(delta) >= 5) {
      out.push({
        kind: "initiative",
        text: `${i.initiative.name} ROI ${delta > 0 ? "+" : "−"}${Math.abs(delta).toFixed(1)} pts (${i.roiPct.value.toFixed(1)} %)`,
        href: `/roi#initiative-${i.initiative.id}`,
        severity: delta > 0 ? "good" : "bad",
      });
    }
  }
  return out.slice(0, limit);
}

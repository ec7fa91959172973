import "server-only";
import { costPerInference, throughput, timeToFirstValueDays, uptimePct } from "./benchmarks";
import { computeRoi, type InitiativeTrend, initiativeTrends, type RoiResult } from "./compute";
import { splitRows } from "./costs";
import { buildOverview, type Change, type Overview, splitWindow, whatChanged } from "./kpis";
import type { Window } from "./model";
import {
  actionSpan,
  type CostPlanRecord,
  countOpenApprovals,
  currentCostPlan,
  firstValueFacts,
  type InitiativeRecord,
  listInitiatives,
  loadActionFacts,
  loadViolationFacts,
} from "./queries";
import { type FactoryTelemetry, loadFactoryTelemetry } from "./telemetry";

/**
 * The ROI and overview pages' data: facts loaded once for the period and the one before it,
 * then the pure model. Routes and pages call these; nothing here formats for display.
 */

export type DataSource = { name: string; covers: string; simulated: boolean };

const SPARK_BUCKETS = 14;

export const previousWindow = (w: Window): Window => ({
  fromMs: w.fromMs - (w.toMs - w.fromMs),
  toMs: w.fromMs,
});

function describeSpan(span: { fromMs: number; toMs: number } | null) {
  if (!span) return "nothing in the period";
  const f = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 16);
  return `${f(span.fromMs)} – ${f(span.toMs)} UTC`;
}

function sources(
  w: Window,
  actionsInWindow: { fromMs: number; toMs: number } | null,
  t: FactoryTelemetry,
): DataSource[] {
  return [
    {
      name: "Agent actions & decisions (governance)",
      covers: describeSpan(actionsInWindow),
      simulated: false,
    },
    { name: "Boundary violations (governance)", covers: describeSpan(w), simulated: false },
    {
      name: "GPU energy & tokens (telemetry)",
      covers: t.error
        ? `could not be read: ${t.error}`
        : t.spanMs
          ? describeSpan(t.spanMs)
          : "no telemetry in the period",
      simulated: false,
    },
    {
      name: "Facility energy → PUE",
      covers: t.pue ? `${t.pueDetail?.coveragePct.toFixed(1) ?? "?"} % of the period` : "no facility data",
      simulated: t.pue?.basis === "simulated",
    },
    { name: "Baselines, cost plan, tariff (entered by people)", covers: "as recorded", simulated: false },
  ];
}

function spanOf(times: number[]) {
  if (times.length === 0) return null;
  return { fromMs: Math.min(...times), toMs: Math.max(...times) };
}

export type RoiPageData = {
  window: Window;
  result: RoiResult;
  plan: CostPlanRecord;
  initiatives: InitiativeRecord[];
  split: ReturnType<typeof splitRows>;
  benchmarks: {
    throughput: ReturnType<typeof throughput>;
    costPerInference: ReturnType<typeof costPerInference>;
    uptimePct: ReturnType<typeof uptimePct>;
    timeToFirstValue: { initiativeId: string; name: string; days: ReturnType<typeof timeToFirstValueDays> }[];
  };
  /** Errors per 1,000 and automation per initiative over 14 buckets of the period. */
  trends: Record<string, InitiativeTrend>;
  telemetry: FactoryTelemetry;
  sources: DataSource[];
};

export async function getRoiPageData(window: Window): Promise<RoiPageData> {
  const [initiatives, plan, actions, violations, telemetry] = await Promise.all([
    listInitiatives(),
    currentCostPlan(),
    loadActionFacts(window.fromMs, window.toMs),
    loadViolationFacts(window.fromMs, window.toMs),
    loadFactoryTelemetry(window),
  ]);
  const result = computeRoi({
    window,
    initiatives,
    actions,
    violations,
    energy: telemetry.energy,
    pue: telemetry.pue,
    plan,
  });
  // Time to first value looks at all history, not just the period.
  const history = await firstValueFacts(initiatives);
  const inWindow = actions.filter((a) => a.requestedAtMs >= window.fromMs).map((a) => a.requestedAtMs);
  return {
    window,
    result,
    plan,
    initiatives,
    split: splitRows(plan),
    benchmarks: {
      throughput: throughput(telemetry.serving),
      costPerInference: costPerInference(telemetry.serving, telemetry.pue, plan),
      uptimePct: uptimePct(telemetry.uptime),
      timeToFirstValue: initiatives.map((i) => ({
        initiativeId: i.id,
        name: i.name,
        days: timeToFirstValueDays(i, history),
      })),
    },
    trends: initiativeTrends({ initiatives, actions, violations }, splitWindow(window, SPARK_BUCKETS)),
    telemetry,
    sources: sources(window, spanOf(inWindow), telemetry),
  };
}

export type OverviewData = {
  window: Window;
  previous: Window;
  overview: Overview;
  changes: Change[];
  telemetry: FactoryTelemetry;
  sources: DataSource[];
  /** Where the actions table has data at all (helps when the chosen period is empty). */
  actionsEverMs: { fromMs: number; toMs: number } | null;
};

export async function getOverviewData(window: Window, nowMs = Date.now()): Promise<OverviewData> {
  const prev = previousWindow(window);
  const buckets = splitWindow(window, SPARK_BUCKETS);
  const [initiatives, plan, actions, violations, telemetry, prevTelemetry, open, ever] = await Promise.all([
    listInitiatives(),
    currentCostPlan(),
    loadActionFacts(prev.fromMs, window.toMs),
    loadViolationFacts(prev.fromMs, window.toMs),
    loadFactoryTelemetry(window, buckets),
    loadFactoryTelemetry(prev),
    countOpenApprovals(nowMs),
    actionSpan(),
  ]);
  const common = { initiatives, actions, violations, plan };
  const overview = buildOverview({
    current: { ...common, window, energy: telemetry.energy, pue: telemetry.pue },
    previous: { ...common, window: prev, energy: prevTelemetry.energy, pue: prevTelemetry.pue },
    serving: { current: telemetry.serving, previous: prevTelemetry.serving },
    pue: { current: telemetry.pue, previous: prevTelemetry.pue },
    buckets,
    telemetryBuckets: telemetry.buckets,
    openApprovalsNow: open,
  });
  const inWindow = actions
    .filter((a) => a.requestedAtMs >= window.fromMs && a.requestedAtMs < window.toMs)
    .map((a) => a.requestedAtMs);
  return {
    window,
    previous: prev,
    overview,
    changes: whatChanged(overview, violations),
    telemetry,
    sources: sources(window, spanOf(inWindow), telemetry),
    actionsEverMs: ever,
  };
}

"use client";
import { seriesColor } from "@/components/charts/palette";
import { Panel, type PanelStatus } from "@/components/charts/panel";
import { seriesToCsv } from "@/components/charts/prepare/csv";
import { type ChartData, linesToChart } from "@/components/charts/prepare/series";
import type { QueryResult } from "@/components/charts/prepare/types";
import { type Threshold, TimeSeriesChart } from "@/components/charts/time-series-chart";
import { markersFor, useAnnotations } from "@/components/sre/use-annotations";
import { PUE_TARGET } from "@/lib/facility/pue";
import {
  flowChart,
  hasData,
  heatRecoveryChart,
  latestDeltaT,
  loopTemperatureChart,
  powerChart,
  ratioChart,
  waterPerBucket,
} from "./prepare/facility";
import { type Range, useMetric } from "./use-facility";

type Q = ReturnType<typeof useMetric>;
type WithRange = QueryResult & { range: Range };

/** Loading / error / "what is missing" from a set of queries; ready when the main one has data. */
export function statusOf(queries: Q[], missing: string, latestMs?: number | null): PanelStatus {
  const err = queries.find((q) => q.error);
  if (err?.error) return { kind: "error", message: err.error.message };
  if (queries.some((q) => q.isPending)) return { kind: "loading" };
  return hasData(queries[0]?.data) ? { kind: "ready" } : { kind: "empty", missing, latestMs };
}

const csvOf = (queries: Q[]) => () =>
  seriesToCsv(
    queries.flatMap((q) =>
      q.data ? [{ metric: q.data.metric, unit: q.data.unit, series: q.data.series }] : [],
    ),
  );

function rangeOf(queries: Q[]): Range {
  const d = queries.find((q) => q.data)?.data as WithRange | undefined;
  return d?.range ?? { fromMs: Date.now() - 3_600_000, toMs: Date.now(), stepMs: 15_000 };
}

const NO_FACILITY =
  "No facility power metered in this period — connect the building meters (npm run bridge:mqtt) or run the simulator (npm run simulate:facility).";

export function PowerPanel({ latestMs }: { latestMs?: number | null }) {
  const fac = useMetric("facility_power_watts");
  const it = useMetric("it_power_watts");
  const cooling = useMetric("cooling_power_watts");
  const qs = [fac, it, cooling];
  const range = rangeOf(qs);
  const data = powerChart(fac.data, it.data, cooling.data);
  const markers = markersFor(useAnnotations().data, "facility");
  return (
    <Panel
      title="Facility, IT and cooling power"
      unit={data.unit.label}
      status={statusOf(qs, NO_FACILITY, latestMs)}
      fetching={qs.some((q) => q.isFetching)}
      csv={csvOf(qs)}
      csvFromMs={range.fromMs}
      testId="facility-power-panel"
    >
      <TimeSeriesChart
        data={data}
        fromMs={range.fromMs}
        toMs={range.toMs}
        markers={markers}
        testId="facility-power-chart"
      />
    </Panel>
  );
}

export function RatioPanel({ periodPue, latestMs }: { periodPue: number | null; latestMs?: number | null }) {
  const fac = useMetric("facility_power_watts");
  const it = useMetric("it_power_watts");
  const qs = [fac, it];
  const range = rangeOf(qs);
  const data = ratioChart(fac.data, it.data);
  const markers = markersFor(useAnnotations().data, "facility");
  const thresholds: Threshold[] = [{ value: PUE_TARGET, label: `target ${PUE_TARGET}` }];
  if (periodPue !== null)
    thresholds.push({ value: periodPue, label: `period PUE ${periodPue.toFixed(3)}`, color: seriesColor(2) });
  return (
    <Panel
      title="Instantaneous facility ÷ IT power — diagnostic, not PUE"
      unit="ratio"
      status={statusOf(
        [it, fac],
        "No IT power (it_power_watts) in this period: the ratio needs both meters.",
        latestMs,
      )}
      fetching={qs.some((q) => q.isFetching)}
      csv={csvOf(qs)}
      csvFromMs={range.fromMs}
      testId="facility-ratio-panel"
      footer={
        <span>
          Moment-by-moment ratio of powers. PUE is the energy ratio over the whole period (headline above);
          the mean of this line over-weights low-load moments.
        </span>
      }
    >
      <TimeSeriesChart
        data={data}
        fromMs={range.fromMs}
        toMs={range.toMs}
        thresholds={thresholds}
        markers={markers}
      />
    </Panel>
  );
}

export function LoopTemperaturePanel({ latestMs }: { latestMs?: number | null }) {
  const supply = useMetric("coolant_supply_temperature_celsius");
  const ret = useMetric("coolant_return_temperature_celsius");
  const qs = [supply, ret];
  const range = rangeOf(qs);
  const data = loopTemperatureChart(supply.data, ret.data);
  const deltas = latestDeltaT(supply.data, ret.data);
  return (
    <Panel
      title="Cooling loops: supply and return temperature"
      unit="°C (return dashed)"
      status={statusOf(
        qs,
        "No coolant temperatures in this period (coolant_supply_temperature_celsius).",
        latestMs,
      )}
      fetching={qs.some((q) => q.isFetching)}
      csv={csvOf(qs)}
      csvFromMs={range.fromMs}
      testId="facility-loops-panel"
      footer={deltas.map((d) => (
        <span key={d.loop} data-testid={`delta-t-${d.loop}`}>
          {d.name}: ΔT {d.deltaT === null ? "—" : `${d.deltaT.toFixed(1)} K`}
        </span>
      ))}
    >
      <TimeSeriesChart
        data={data}
        fromMs={range.fromMs}
        toMs={range.toMs}
        dashed={data.dashed}
        colorOf={(i) => seriesColor(data.colorIndex[i] ?? i)}
      />
    </Panel>
  );
}

export function FlowPanel({ latestMs }: { latestMs?: number | null }) {
  const flow = useMetric("coolant_flow_liters_per_second");
  const range = rangeOf([flow]);
  const data = flowChart(flow.data);
  return (
    <Panel
      title="Coolant flow per loop"
      unit={data.unit.label}
      status={statusOf([flow], "No coolant flow in this period (coolant_flow_liters_per_second).", latestMs)}
      fetching={flow.isFetching}
      csv={csvOf([flow])}
      csvFromMs={range.fromMs}
      testId="facility-flow-panel"
    >
      <TimeSeriesChart data={data} fromMs={range.fromMs} toMs={range.toMs} />
    </Panel>
  );
}

export function HeatRecoveryPanel({ latestMs }: { latestMs?: number | null }) {
  const rec = useMetric("heat_recovered_watts");
  const it = useMetric("it_power_watts");
  const qs = [rec, it];
  const range = rangeOf(qs);
  const data = heatRecoveryChart(rec.data, it.data);
  return (
    <Panel
      title="Heat recovery"
      unit={data.unit.label}
      status={statusOf(
        qs,
        "No heat-recovery meter in this period (heat_recovered_watts or heat_recovered_joules_total).",
        latestMs,
      )}
      fetching={qs.some((q) => q.isFetching)}
      csv={csvOf(qs)}
      csvFromMs={range.fromMs}
      testId="facility-heat-panel"
    >
      <TimeSeriesChart data={data} fromMs={range.fromMs} toMs={range.toMs} />
    </Panel>
  );
}

export function WaterPanel({ latestMs }: { latestMs?: number | null }) {
  const water = useMetric("water_usage_liters_total", "last");
  const outdoor = useMetric("outdoor_temperature_celsius");
  const qs = [water, outdoor];
  const range = rangeOf(qs);
  const perBucket = waterPerBucket(water.data);
  const waterData: ChartData = linesToChart([{ name: "Water used per step", points: perBucket }], {
    label: "L",
    scale: 1,
    decimals: 3,
  });
  const outdoorData = linesToChart(
    (outdoor.data?.series ?? []).map((s) => ({
      name: `Outdoor ${s.labels.site ?? ""}`.trim(),
      labels: s.labels,
      points: s.points,
    })),
    { label: "°C", scale: 1, decimals: 1 },
  );
  return (
    <Panel
      title="Water use and outdoor temperature"
      unit="L per step · °C"
      status={statusOf(qs, "No water meter in this period (water_usage_liters_total).", latestMs)}
      fetching={qs.some((q) => q.isFetching)}
      csv={csvOf(qs)}
      csvFromMs={range.fromMs}
      testId="facility-water-panel"
      footer={<span>Evaporative (adiabatic) cooling only runs in hot weather; 0 L is a real reading.</span>}
    >
      <TimeSeriesChart data={waterData} fromMs={range.fromMs} toMs={range.toMs} height={120} />
      {outdoorData.lines.length > 0 && (
        <TimeSeriesChart
          data={outdoorData}
          fromMs={range.fromMs}
          toMs={range.toMs}
          height={100}
          colorOf={() => seriesColor(1)}
        />
      )}
    </Panel>
  );
}

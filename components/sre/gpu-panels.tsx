"use client";
import { HeatStripChart } from "@/components/charts/heat-strip";
import { seriesColor } from "@/components/charts/palette";
import { Panel } from "@/components/charts/panel";
import { seriesToCsv } from "@/components/charts/prepare/csv";
import { heatStrip } from "@/components/charts/prepare/fleet";
import { hasValues, peakPoint, toChartData } from "@/components/charts/prepare/series";
import { gpuName, type Labels, type QueryResult } from "@/components/charts/prepare/types";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { useUrlUpdate } from "@/components/shell/use-url-update";
import type { fleetPanel, GpuPanel } from "@/lib/sre/panels";
import { type Annotations, markersFor } from "./use-annotations";
import { MISSING, statusOf, useSrePanel, useSreView } from "./use-panel";

type Gpus = GpuPanel & { latestMs: number | null };
type Fleet = Awaited<ReturnType<typeof fleetPanel>> & { latestMs: number | null };

/** The focused GPU lives in the URL (?host=&gpu=) so a link shows the same GPU. */
function useFocus() {
  const { host, gpu } = useSreView();
  const update = useUrlUpdate();
  const set = (labels: Labels | null) =>
    update(
      labels?.host && labels.gpu !== undefined
        ? { host: labels.host, gpu: labels.gpu }
        : { host: null, gpu: null },
    );
  return { host, gpu, set, focused: host && gpu ? { host, gpu } : null };
}

export function FleetPanel() {
  const focus = useFocus();
  const q = useSrePanel<Awaited<ReturnType<typeof fleetPanel>>>("fleet");
  const d = q.data as Fleet | undefined;
  const status = statusOf(q, (x) => hasValues(x.temperature), MISSING.gpu);
  const strip = d ? heatStrip(d.temperature.series) : null;
  return (
    <Panel
      title={`GPU fleet temperature${d ? ` · ${d.gpuCount} GPU${d.gpuCount === 1 ? "" : "s"}` : ""}`}
      unit="°C · hottest first · click a row to focus"
      status={status}
      fetching={q.isFetching}
      testId="panel-fleet"
      csvFromMs={d?.fromMs}
      csv={() => seriesToCsv([{ ...d!.temperature, metric: "gpu_temperature_celsius_max" }])}
      tools={
        focus.focused && (
          <button type="button" onClick={() => focus.set(null)} data-testid="clear-focus">
            Show top GPUs
          </button>
        )
      }
      footer={
        d && (
          <span>
            Colour scale 30–{Math.max(80, d.thresholdCelsius + 10)} °C; threshold {d.thresholdCelsius} °C.
          </span>
        )
      }
    >
      {d && strip && (
        <HeatStripChart
          strip={strip}
          fromMs={d.fromMs}
          toMs={d.toMs}
          stepMs={d.stepMs}
          unit="°C"
          scale={{ min: 30, max: Math.max(80, d.thresholdCelsius + 10) }}
          focusedKey={
            focus.focused
              ? strip.rows.find((r) => r.labels.host === focus.host && r.labels.gpu === focus.gpu)?.key
              : null
          }
          onFocus={(l) => focus.set(l)}
          testId="heat-strip"
        />
      )}
    </Panel>
  );
}

const nameOf = (l: Labels) => `${gpuName(l)}${l.model ? ` ${l.model.replace(/^NVIDIA /, "")}` : ""}`;

function withSuffix(r: QueryResult, suffix: string): QueryResult {
  return {
    ...r,
    series: r.series.map((s) => ({ ...s, labels: { ...s.labels, __name: `${nameOf(s.labels)} ${suffix}` } })),
  };
}

function merged(unit: string, parts: QueryResult[]) {
  return toChartData({ unit, series: parts.flatMap((p) => p.series) }, (l) => l.__name ?? nameOf(l));
}

/** Temperature, power, utilization and clocks of the focused GPU or the hottest few, with throttling bands. */
export function GpuPanels({ annotations }: { annotations?: Annotations }) {
  const focus = useFocus();
  const q = useSrePanel<GpuPanel>("gpus");
  const d = q.data as Gpus | undefined;
  const status = statusOf(q, (x) => hasValues(x.temperature), MISSING.gpu);
  const bands = (kind: "power" | "thermal") =>
    (d?.throttling ?? [])
      .filter((w) => w.kind === kind)
      .map((w) => ({ ...w, label: d && d.shown.length > 1 ? `${w.label} (${gpuName(w.gpu)})` : w.label }));
  const allBands = [...bands("power"), ...bands("thermal")];
  const who = d
    ? focus.focused
      ? `GPU ${focus.host}/${focus.gpu}`
      : `top ${d.shown.length} of ${d.gpuCount} by peak temperature`
    : "";
  const limits = d
    ? [
        ...new Set(
          d.powerLimit.series
            .flatMap((s) => s.points.map(([, v]) => v))
            .filter((v): v is number => v !== null),
        ),
      ]
    : [];
  const csv = (parts: [string, QueryResult][]) => () =>
    seriesToCsv(parts.map(([metric, r]) => ({ ...r, metric })));
  const common = d ? { fromMs: d.fromMs, toMs: d.toMs, height: 190 } : null;
  return (
    <div className="grid cols-2">
      <Panel
        title={`GPU temperature · ${who}`}
        unit="°C · core (solid) and memory (dashed)"
        status={status}
        fetching={q.isFetching}
        testId="panel-temperature"
        csvFromMs={d?.fromMs}
        csv={
          d &&
          csv([
            ["gpu_temperature_celsius", d.temperature],
            ["gpu_memory_temperature_celsius", d.memoryTemperature],
          ])
        }
        footer={d && <PeakLine label="peak" r={d.temperature} unit="°C" threshold={d.thresholdCelsius} />}
      >
        {d && common && (
          <TimeSeriesChart
            {...common}
            data={merged("°C", [
              withSuffix(d.temperature, "core"),
              withSuffix(d.memoryTemperature, "memory"),
            ])}
            dashed={new Set(d.memoryTemperature.series.map((_, i) => `s${d.temperature.series.length + i}`))}
            colorOf={(i) => seriesColor(i % Math.max(1, d.temperature.series.length))}
            thresholds={[{ value: d.thresholdCelsius, label: `threshold ${d.thresholdCelsius} °C` }]}
            bands={bands("thermal")}
            markers={markersFor(annotations, "temperature")}
            testId="chart-temperature"
          />
        )}
      </Panel>
      <Panel
        title={`GPU power · ${who}`}
        unit="W · draw against the enforced power cap"
        status={status}
        fetching={q.isFetching}
        testId="panel-power"
        csvFromMs={d?.fromMs}
        csv={
          d &&
          csv([
            ["gpu_power_watts", d.power],
            ["gpu_power_limit_watts", d.powerLimit],
          ])
        }
        footer={d && <ThrottleLine d={d} />}
      >
        {d && common && (
          <TimeSeriesChart
            {...common}
            data={merged("W", [d.power])}
            thresholds={limits.slice(0, 3).map((v) => ({ value: v, label: `power cap ${v} W` }))}
            bands={allBands}
            markers={markersFor(annotations, "power")}
            testId="chart-power"
          />
        )}
      </Panel>
      <Panel
        title={`GPU utilization · ${who}`}
        unit="% of time a kernel ran"
        status={status}
        fetching={q.isFetching}
        testId="panel-utilization"
        csvFromMs={d?.fromMs}
        csv={d && csv([["gpu_utilization_ratio", d.utilization]])}
      >
        {d && common && (
          <TimeSeriesChart
            {...common}
            height={150}
            data={merged("ratio", [d.utilization])}
            yDomain={[0, 100]}
            bands={allBands}
          />
        )}
      </Panel>
      <Panel
        title={`SM clock · ${who}`}
        unit="MHz · drops under the power cap"
        status={status}
        fetching={q.isFetching}
        testId="panel-clock"
        csvFromMs={d?.fromMs}
        csv={d && csv([["gpu_sm_clock_hertz", d.smClock]])}
      >
        {d && common && (
          <TimeSeriesChart {...common} height={150} data={merged("Hz", [d.smClock])} bands={allBands} />
        )}
      </Panel>
    </div>
  );
}

function PeakLine({
  r,
  unit,
  threshold,
  label,
}: {
  r: QueryResult;
  unit: string;
  threshold: number;
  label: string;
}) {
  const peak = peakPoint(r);
  if (!peak) return null;
  return (
    <span data-testid="peak-temperature">
      {label} {peak.value.toFixed(0)} {unit} ({nameOf(peak.labels)},{" "}
      {new Date(peak.atMs).toISOString().slice(11, 19)} UTC) —{" "}
      {peak.value > threshold
        ? `above the ${threshold} ${unit} threshold`
        : `${(threshold - peak.value).toFixed(0)} ${unit} below the ${threshold} ${unit} threshold`}
    </span>
  );
}

function ThrottleLine({ d }: { d: Gpus }) {
  const peak = peakPoint(d.power);
  const power = d.throttling.filter((w) => w.reason === "sw_power_cap");
  const secs = power.reduce((a, w) => a + (w.endMs - w.startMs), 0) / 1000;
  const longest = power.reduce<(typeof power)[number] | null>(
    (a, w) => (!a || w.endMs - w.startMs > a.endMs - a.startMs ? w : a),
    null,
  );
  return (
    <span data-testid="throttle-summary">
      {peak && `peak ${peak.value.toFixed(1)} W (${nameOf(peak.labels)}) · `}
      {power.length === 0
        ? "no power-cap throttling in range"
        : `power-cap throttling (clock event 0x4) ${secs.toFixed(0)} s in ${power.length} episode${power.length === 1 ? "" : "s"}; longest ${new Date(longest!.startMs).toISOString().slice(11, 19)}–${new Date(longest!.endMs).toISOString().slice(11, 19)} UTC`}
      {d.throttling.some((w) => w.kind === "thermal") && " · thermal throttling present"}
    </span>
  );
}

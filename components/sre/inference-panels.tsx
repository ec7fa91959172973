"use client";
import { HeatmapChart } from "@/components/charts/heatmap-chart";
import { OKABE_ITO, SEMANTIC } from "@/components/charts/palette";
import { Panel, Stat } from "@/components/charts/panel";
import { seriesToCsv } from "@/components/charts/prepare/csv";
import { hasValues, toChartData } from "@/components/charts/prepare/series";
import type { Point, QueryResult } from "@/components/charts/prepare/types";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import type { EfficiencyPanel, InferencePanel } from "@/lib/sre/panels";
import { type Annotations, markersFor } from "./use-annotations";
import { MISSING, statusOf, useSrePanel } from "./use-panel";

type Inference = InferencePanel & { latestMs: number | null };
type Eff = EfficiencyPanel & { latestMs: number | null };

/** Seconds with sensible precision: 12 ms, 0.78 s, 8.0 s. */
function secs(v: number | null): string {
  if (v === null) return "—";
  if (v < 0.1) return `${(v * 1000).toFixed(0)} ms`;
  if (v < 10) return `${v.toFixed(2)} s`;
  return `${v.toFixed(1)} s`;
}

const PCT_COLORS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.vermillion];

/** p50/p95/p99 as three lines (each one series: all models together, or the model picked). */
function percentileLines(results: { name: string; r: QueryResult }[]) {
  return toChartData(
    { unit: "s", series: results.map(({ r }) => r.series[0] ?? { labels: {}, points: [] }) },
    (_, i) => results[i]!.name,
  );
}

export function LatencyPanel({ annotations }: { annotations?: Annotations }) {
  const q = useSrePanel<InferencePanel>("inference");
  const d = q.data as Inference | undefined;
  const status = statusOf(q, (x) => hasValues(x.latency.p50), MISSING.inference);
  return (
    <Panel
      title="Inference latency"
      unit="seconds · p50 / p95 / p99 from histogram buckets"
      status={status}
      fetching={q.isFetching}
      testId="panel-latency"
      csvFromMs={d?.fromMs}
      csv={() =>
        seriesToCsv([
          { ...d!.latency.p50, metric: "latency_p50_seconds" },
          { ...d!.latency.p95, metric: "latency_p95_seconds" },
          { ...d!.latency.p99, metric: "latency_p99_seconds" },
        ])
      }
      footer={
        <span>
          Percentiles interpolate inside the stored buckets (as Prometheus does); heatmap: requests per step
          and bucket.
        </span>
      }
    >
      {d && (
        <>
          <div className="stat-row">
            <Stat label="p50 over range" value={secs(d.summary.p50)} testId="stat-latency-p50" />
            <Stat label="p95" value={secs(d.summary.p95)} />
            <Stat label="p99" value={secs(d.summary.p99)} />
            <Stat label="requests" value={String(d.summary.requests)} testId="stat-requests" />
          </div>
          <TimeSeriesChart
            data={percentileLines([
              { name: "p50", r: d.latency.p50 },
              { name: "p95", r: d.latency.p95 },
              { name: "p99", r: d.latency.p99 },
            ])}
            colorOf={(i) => PCT_COLORS[i]!}
            fromMs={d.fromMs}
            toMs={d.toMs}
            markers={markersFor(annotations, "latency")}
            bands={annotations?.alerts.filter((a) => a.panel === "latency").map((a) => a.band) ?? []}
            height={170}
            dots
            testId="chart-latency"
          />
          <HeatmapChart
            map={d.heatmap}
            fromMs={d.fromMs}
            toMs={d.toMs}
            stepMs={d.stepMs}
            height={150}
            testId="latency-heatmap"
          />
        </>
      )}
    </Panel>
  );
}

export function TtftPanel() {
  const q = useSrePanel<InferencePanel>("inference");
  const d = q.data as Inference | undefined;
  const status = statusOf(q, (x) => hasValues(x.ttft.p50), MISSING.inference);
  return (
    <Panel
      title="Time to first token"
      unit="seconds · p50 / p95"
      status={status}
      fetching={q.isFetching}
      testId="panel-ttft"
      csvFromMs={d?.fromMs}
      csv={() =>
        seriesToCsv([
          { ...d!.ttft.p50, metric: "ttft_p50_seconds" },
          { ...d!.ttft.p95, metric: "ttft_p95_seconds" },
        ])
      }
    >
      {d && (
        <>
          <div className="stat-row">
            <Stat label="p50 over range" value={secs(d.summary.ttftP50)} testId="stat-ttft-p50" />
            <Stat label="p95" value={secs(d.summary.ttftP95)} />
          </div>
          <TimeSeriesChart
            data={percentileLines([
              { name: "p50", r: d.ttft.p50 },
              { name: "p95", r: d.ttft.p95 },
            ])}
            colorOf={(i) => PCT_COLORS[i]!}
            fromMs={d.fromMs}
            toMs={d.toMs}
            height={170}
            testId="chart-ttft"
          />
        </>
      )}
    </Panel>
  );
}

const sum = (r: QueryResult): Point[] => {
  const m = new Map<number, number | null>();
  for (const s of r.series)
    for (const [t, v] of s.points) m.set(t, v === null ? (m.get(t) ?? null) : (m.get(t) ?? 0) + v);
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
};

export function ThroughputPanel() {
  const inf = useSrePanel<InferencePanel>("inference");
  const eff = useSrePanel<EfficiencyPanel>("efficiency");
  const d = inf.data as Inference | undefined;
  const e = eff.data as Eff | undefined;
  const status = statusOf(eff, (x) => x.tokens > 0 || x.joules > 0, MISSING.energy);
  const throughput = d
    ? toChartData(
        {
          unit: "",
          series: [
            { labels: { name: "output tokens/s" }, points: e ? e.tokensPerSecond : sum(d.tokensPerSecond) },
          ],
        },
        (l) => l.name!,
      )
    : null;
  const tpj = e
    ? toChartData(
        { unit: "tokens/J", series: [{ labels: { name: "tokens per joule" }, points: e.perStep }] },
        () => "tokens per joule",
      )
    : null;
  return (
    <Panel
      title="Throughput and tokens per joule"
      unit="output tokens/s · tokens per joule"
      status={status}
      fetching={eff.isFetching || inf.isFetching}
      testId="panel-efficiency"
      csvFromMs={e?.fromMs}
      csv={() =>
        seriesToCsv([
          {
            metric: "tokens_per_second",
            unit: "tokens/s",
            series: [{ labels: {}, points: e!.tokensPerSecond }],
          },
          { metric: "tokens_per_joule", unit: "tokens/J", series: [{ labels: {}, points: e!.perStep }] },
        ])
      }
      footer={
        e && (
          <span>
            Energy:{" "}
            {
              {
                "energy-counter": "GPU energy counters",
                "power-integral": "GPU power integrated over each step",
                mixed: "GPU energy counters where reported, else integrated power",
                none: "none",
              }[e.source]
            }{" "}
            of {e.hardware.join(", ") || "all GPUs"}. Lines are averages over the trailing{" "}
            {Math.round(e.windowMs / 1000)} s (tokens are counted when a request ends). Idle energy counts
            too: batching raises tokens per joule.
          </span>
        )
      }
    >
      {e && (
        <>
          <div className="stat-row">
            <Stat
              label="tokens per joule (range)"
              value={e.tokensPerJoule === null ? "—" : e.tokensPerJoule.toFixed(2)}
              testId="stat-tpj"
            />
            <Stat label="output tokens" value={Math.round(e.tokens).toLocaleString("en-US")} />
            <Stat label="GPU energy" value={`${(e.joules / 1000).toFixed(1)} kJ`} />
            {d && (
              <Stat
                label="requests/s (avg)"
                value={(d.summary.requests / Math.max(1, (d.toMs - d.fromMs) / 1000)).toFixed(2)}
              />
            )}
          </div>
          {throughput && (
            <TimeSeriesChart
              data={throughput}
              fromMs={e.fromMs}
              toMs={e.toMs}
              height={130}
              colorOf={() => OKABE_ITO.blue}
            />
          )}
          {tpj && (
            <TimeSeriesChart
              data={tpj}
              fromMs={e.fromMs}
              toMs={e.toMs}
              height={110}
              colorOf={() => SEMANTIC.ok}
              testId="chart-tpj"
            />
          )}
        </>
      )}
    </Panel>
  );
}

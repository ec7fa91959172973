"use client";
import "./facility.css";
import { Panel, type PanelStatus } from "@/components/charts/panel";
import { seriesToCsv } from "@/components/charts/prepare/csv";
import { linesToChart } from "@/components/charts/prepare/series";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { useTimeRange } from "@/components/shell/use-time-range";
import { PUE_TARGET } from "@/lib/facility/pue";
import type { LoopRedundancy } from "@/lib/facility/redundancy";
import {
  FlowPanel,
  HeatRecoveryPanel,
  LoopTemperaturePanel,
  PowerPanel,
  RatioPanel,
  WaterPanel,
} from "./facility-panels";
import { formatEnergy, formatRatio } from "./prepare/facility";
import { type SummaryResponse, useFacilitySummary } from "./use-facility";

/** The Facility page: PUE for the period, cooling loops, N+1, heat recovery, water. */
export function FacilityDashboard() {
  const summary = useFacilitySummary();
  const s = summary.data;
  const latestMs = s?.latestDataMs ?? null;
  return (
    <div className="facility">
      <div className="row facility-head">
        <h1 style={{ margin: 0 }}>Facility · cooling and PUE</h1>
        {s?.simulated && (
          <span
            className="badge warn"
            data-testid="simulated-badge"
            title="These series carry source=&quot;simulator&quot;: modelled from the ingested GPU power, not metered."
          >
            SIMULATED facility data
          </span>
        )}
        {summary.isFetching && <span className="muted">updating…</span>}
      </div>
      {summary.error && (
        <div className="card error-text">Could not load the facility summary: {summary.error.message}</div>
      )}
      <KpiStrip summary={s} pending={summary.isPending} />
      <div className="grid cols-2">
        <PowerPanel latestMs={latestMs} />
        <RatioPanel periodPue={s?.pue.pue ?? null} latestMs={latestMs} />
        <LoopTemperaturePanel latestMs={latestMs} />
        <FlowPanel latestMs={latestMs} />
        <RedundancyPanel
          loops={s?.redundancy.loops}
          pending={summary.isPending}
          error={summary.error?.message}
        />
        <HeatRecoveryPanel latestMs={latestMs} />
        <WaterPanel latestMs={latestMs} />
      </div>
    </div>
  );
}

function KpiStrip({ summary: s, pending }: { summary?: SummaryResponse; pending: boolean }) {
  if (pending) return <div className="card muted">Loading the period's PUE…</div>;
  if (!s) return null;
  const pue = s.pue;
  const over = pue.pue !== null && pue.pue > PUE_TARGET;
  return (
    <section className="facility-kpis" aria-label="Facility efficiency for the period">
      <div className="kpi card" data-testid="pue-kpi">
        <div className="kpi-label">PUE for the selected period</div>
        <div className="kpi-value">
          <span data-testid="pue-value">{formatRatio(pue.pue)}</span>
          {pue.pue !== null && (
            <span className={`badge ${over ? "danger" : "ok"}`} data-testid="pue-vs-target">
              {over ? "above" : "within"} target {PUE_TARGET}
            </span>
          )}
        </div>
        <div className="kpi-note" data-testid="pue-category">
          {pue.categoryLabel}
        </div>
        <div className="kpi-note">
          {pue.pue === null
            ? pue.missing
            : `${pue.method === "energy-counter" ? "Energy meters differenced" : "Power integrated"}: ${formatEnergy(pue.facilityJoules)} facility ÷ ${formatEnergy(pue.itJoules)} IT · ${(pue.coverage * 100).toFixed(0)}% of the period covered`}
        </div>
      </div>
      <div className="kpi card" data-testid="ere-kpi">
        <div className="kpi-label">Energy reuse (ERE · ERF)</div>
        <div className="kpi-value">
          {formatRatio(s.reuse.ere)} · {s.reuse.erf === null ? "—" : `${(s.reuse.erf * 100).toFixed(1)}%`}
        </div>
        <div className="kpi-note">
          {s.reuse.metered
            ? `${formatEnergy(s.reuse.reusedJoules)} reused. ERE = (facility − reused) ÷ IT; ERF = reused ÷ facility.`
            : "No heat-recovery meter in this period."}
        </div>
      </div>
      <div className="kpi card" data-testid="wue-kpi">
        <div className="kpi-label">Water usage effectiveness</div>
        <div className="kpi-value">{s.water.wue === null ? "—" : `${s.water.wue.toFixed(3)} L/kWh`}</div>
        <div className="kpi-note">
          {s.water.metered
            ? `${s.water.liters.toFixed(2)} L site water ÷ IT energy`
            : "No water meter in this period."}
        </div>
      </div>
      <div className="kpi card" data-testid="n1-kpi">
        <div className="kpi-label">Cooling redundancy (N+1)</div>
        <div className="kpi-value">
          {s.redundancy.worst === null ? (
            "—"
          ) : (
            <span className={`badge ${s.redundancy.worst === "ok" ? "ok" : "danger"}`} data-testid="n1-worst">
              {s.redundancy.worst === "ok"
                ? "N+1 held"
                : s.redundancy.worst === "lost"
                  ? "N+1 lost"
                  : "capacity short"}
            </span>
          )}
        </div>
        <div className="kpi-note">
          {s.redundancy.loops.length === 0
            ? "No cooling-unit states in this period (cooling_unit_state)."
            : `At the end of the period; ${s.redundancy.loops.reduce((n, l) => n + l.lostSpans.length, 0)} loss span(s) in the period.`}
        </div>
      </div>
    </section>
  );
}

function RedundancyPanel({
  loops,
  pending,
  error,
}: {
  loops?: LoopRedundancy[];
  pending: boolean;
  error?: string;
}) {
  const status: PanelStatus = error
    ? { kind: "error", message: error }
    : pending
      ? { kind: "loading" }
      : loops && loops.length > 0
        ? { kind: "ready" }
        : {
            kind: "empty",
            missing:
              "No cooling-unit states in this period (cooling_unit_state, cooling_unit_capacity_watts).",
          };
  const { fromMs, toMs } = useTimeRange();
  const csv = () =>
    seriesToCsv(
      (loops ?? []).flatMap((l) => [
        {
          metric: `${l.loop}_units_needed`,
          unit: "units",
          series: [
            { labels: { loop: l.loop }, points: l.timeline.map((p) => [p.t, p.needed] as [number, number]) },
          ],
        },
        {
          metric: `${l.loop}_units_healthy`,
          unit: "units",
          series: [
            { labels: { loop: l.loop }, points: l.timeline.map((p) => [p.t, p.healthy] as [number, number]) },
          ],
        },
      ]),
    );
  return (
    <Panel
      title="N+1 redundancy: units needed vs healthy"
      unit="units"
      status={status}
      csv={csv}
      csvFromMs={fromMs}
      testId="facility-n1-panel"
    >
      {(loops ?? []).map((l) => {
        const data = linesToChart(
          [
            {
              name: "needed for the load",
              points: l.timeline.map((p) => [p.t, p.needed] as [number, number]),
            },
            { name: "healthy", points: l.timeline.map((p) => [p.t, p.healthy] as [number, number]) },
          ],
          { label: "units", scale: 1, decimals: 0 },
        );
        const bands = l.lostSpans.map((sp) => ({
          startMs: sp.startMs,
          endMs: sp.endMs,
          kind: "alert",
          label: sp.state === "lost" ? "N+1 lost" : "capacity short",
        }));
        return (
          <div key={`${l.site}-${l.loop}`} className="n1-loop" data-testid={`n1-loop-${l.loop}`}>
            <div className="row">
              <strong>{l.label}</strong>
              <span
                className={`badge ${l.status.state === "ok" ? "ok" : "danger"}`}
                data-testid={`n1-state-${l.loop}`}
              >
                {l.status.summary}
              </span>
            </div>
            <TimeSeriesChart
              data={data}
              fromMs={fromMs}
              toMs={toMs}
              height={110}
              bands={bands}
              yDomain={[0, "dataMax"]}
            />
            <UnitList loop={l} />
          </div>
        );
      })}
    </Panel>
  );
}

const STATE_TEXT: Record<number, { text: string; cls: string }> = {
  0: { text: "failed", cls: "danger" },
  1: { text: "standby", cls: "" },
  2: { text: "running", cls: "ok" },
};

function UnitList({ loop }: { loop: LoopRedundancy }) {
  const st = loop.status;
  return (
    <div className="muted n1-units">
      {loop.units.map((u) => {
        const s =
          u.state === null
            ? { text: "no data", cls: "" }
            : (STATE_TEXT[u.state] ?? { text: String(u.state), cls: "" });
        return (
          <span
            key={u.unit}
            className={`badge ${s.cls}`}
            data-testid={`unit-${u.unit}`}
            style={{ marginRight: 4 }}
          >
            {u.unit}: {s.text}
          </span>
        );
      })}
      <span>
        load {st.loadWatts.toFixed(0)} W · healthy capacity {st.healthyCapacityWatts.toFixed(0)} W ·{" "}
        {st.spare >= 0 ? `${st.spare} spare` : `${-st.spare} short`}
      </span>
    </div>
  );
}

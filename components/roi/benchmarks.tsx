import { CLOUD_SAVING_BAND, THROUGHPUT_BAND, UPTIME_SLA } from "@/lib/roi/benchmarks";
import type { RoiPageData } from "@/lib/roi/service";
import { Explain } from "./explain";
import { formatFigure } from "./format";

function Bench({
  title,
  value,
  reference,
  lines,
  testId,
}: {
  title: string;
  value: string;
  reference: string;
  lines?: string[];
  testId: string;
}) {
  return (
    <div className="card bench-card" data-testid={testId}>
      <div className="kpi-label">{title}</div>
      {lines?.length ? (
        <Explain lines={lines}>
          <span className="kpi-value">{value}</span>
        </Explain>
      ) : (
        <span className={`kpi-value${value === "no data" || value.startsWith("not") ? " na" : ""}`}>
          {value}
        </span>
      )}
      <div className="bench-ref">{reference}</div>
    </div>
  );
}

/** The architecture's factory benchmarks beside what this factory measured. */
export function Benchmarks({ data }: { data: RoiPageData }) {
  const b = data.benchmarks;
  const t = b.throughput;
  const c = b.costPerInference;
  const span = data.telemetry.spanMs;
  const spanText = span
    ? `over ${((span.toMs - span.fromMs) / 60_000).toFixed(1)} min of telemetry`
    : "no telemetry in the period";
  return (
    <div className="bench-grid">
      <Bench
        testId="bench-throughput"
        title="Inference throughput (average / peak)"
        value={
          t.avgTokensPerSecond.ok
            ? `${formatFigure(t.avgTokensPerSecond, "tok/s", 0)} / ${formatFigure(t.peakTokensPerSecond, "", 0)}`
            : "no data"
        }
        reference={`benchmark ${THROUGHPUT_BAND.min.toLocaleString("en-US")}–${THROUGHPUT_BAND.max.toLocaleString("en-US")} tokens/s · ${spanText}`}
      />
      <Bench
        testId="bench-cost"
        title="Cost per inference"
        value={c.perMillionTokensUsd.ok ? `${formatFigure(c.perMillionTokensUsd, "$")} / 1M tok` : "no data"}
        reference={`${c.perRequestUsd.ok ? `${formatFigure(c.perRequestUsd, "$", 4)} per request · ` : ""}${c.belowCloudPct.ok ? (c.belowCloudPct.value >= 0 ? `${c.belowCloudPct.value.toFixed(0)} % below cloud` : `${(-c.belowCloudPct.value).toFixed(0)} % above cloud`) : c.belowCloudPct.reason} (benchmark ${CLOUD_SAVING_BAND.minPct}–${CLOUD_SAVING_BAND.maxPct} % lower)`}
        lines={c.lines}
      />
      <Bench
        testId="bench-uptime"
        title="Uptime"
        value={b.uptimePct.ok ? formatFigure(b.uptimePct, "%", 3) : "no data"}
        reference={`SLA ${UPTIME_SLA.minPct}–${UPTIME_SLA.maxPct} %${b.uptimePct.ok ? "" : ` · ${b.uptimePct.reason}`}`}
      />
      <div className="card bench-card" data-testid="bench-ttfv">
        <div className="kpi-label">Time to first value</div>
        <table className="exec-table num">
          <tbody>
            {b.timeToFirstValue.map((x) => (
              <tr key={x.initiativeId}>
                <td>{x.name}</td>
                <td className={`n${x.days.ok ? "" : " na"}`}>
                  {x.days.ok ? `${x.days.value.toFixed(1)} d` : x.days.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="bench-ref">
          start → first succeeded action (architecture: value within 3–6 months)
        </div>
      </div>
    </div>
  );
}

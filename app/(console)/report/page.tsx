import { Benchmarks } from "@/components/roi/benchmarks";
import { CostBreakdown, SplitTable } from "@/components/roi/cost-breakdown";
import { changeBadge, formatFigure, formatPeriod, formatUtc } from "@/components/roi/format";
import { PrintButton } from "@/components/roi/print-button";
import { DataSources } from "@/components/roi/sources";
import { NotAllowed } from "@/components/shell/not-allowed";
import "@/components/roi/roi.css";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";
import { pagePeriod } from "@/lib/roi/period";
import { getOverviewData, getRoiPageData } from "@/lib/roi/service";

/** Print-ready ROI and overview: the same figures, their computation, sources and what is simulated. */
export default async function ReportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user, allowed } = await userForPage("roi");
  if (!allowed) return <NotAllowed page="Report" roles={PAGE_ROLES.roi} />;
  const { window, query } = pagePeriod("/report", await searchParams);
  const [overview, roi] = await Promise.all([getOverviewData(window), getRoiPageData(window)]);
  const r = roi.result;
  const simulated = [
    ...overview.overview.kpis.filter((k) => k.simulated).map((k) => k.label),
    ...roi.sources.filter((s) => s.simulated).map((s) => s.name),
  ];
  const pdfHref = `/api/v1/roi/report?from=${window.fromMs}&to=${window.toMs}`;
  return (
    <article className="report" data-testid="report">
      <div className="row no-print" style={{ marginBottom: 10 }}>
        <PrintButton />
        <a className="btn primary" href={pdfHref} download data-testid="download-pdf">
          Download PDF
        </a>
        <a className="btn" href={`/roi${query}`}>
          Back to ROI
        </a>
      </div>
      <h1>AI Factory Console — executive report</h1>
      <p className="exec-period" data-testid="report-period">
        Period {formatPeriod(window)} · previous period {formatPeriod(overview.previous)} · generated{" "}
        {formatUtc(Date.now())} for {user.name}
      </p>

      <section className="card exec-section">
        <h2>Summary</h2>
        <p style={{ margin: 0 }}>
          Overall ROI <strong data-testid="report-roi">{formatFigure(r.overall.roiPct, "%")}</strong>
          {r.overall.roiPct.ok ? "" : ` (${r.overall.roiPct.reason})`}: savings{" "}
          {formatFigure(r.overall.savingsUsd, "$")}, cost {formatFigure(r.overall.costUsd, "$")}, from{" "}
          {r.factory.stats.requested} agent actions.
        </p>
        <p className="muted" style={{ marginBottom: 0 }}>
          Simulated figures in this report: {simulated.length ? simulated.join("; ") : "none"}.
          {r.energy.basis === "extrapolated"
            ? ` Energy is extrapolated from GPU telemetry covering ${formatFigure(r.energy.coverage, "%", 3)} of the period.`
            : ""}
        </p>
      </section>

      <section className="card exec-section">
        <h2>Key figures</h2>
        <table className="exec-table num">
          <thead>
            <tr>
              <th>Figure</th>
              <th className="n">This period</th>
              <th className="n">Previous</th>
              <th className="n">Change</th>
              <th>Covers</th>
            </tr>
          </thead>
          <tbody>
            {overview.overview.kpis.map((k) => (
              <tr key={k.key}>
                <td>
                  {k.label}
                  {k.simulated ? <span className="sim-badge">simulated</span> : null}
                </td>
                <td className="n">
                  {formatFigure(k.value, k.unit, k.unit === "Wh" || k.key === "pue" ? 3 : 1)}
                </td>
                <td className="n">
                  {formatFigure(k.previous, k.unit, k.unit === "Wh" || k.key === "pue" ? 3 : 1)}
                </td>
                <td className="n">{changeBadge(k.changePct, k.better).text}</td>
                <td style={{ fontSize: 11.5 }}>{k.value.ok ? k.basis : k.value.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card exec-section">
        <h2>ROI by horizon</h2>
        <table className="exec-table num">
          <thead>
            <tr>
              <th>Horizon</th>
              <th className="n">ROI</th>
              <th className="n">Reference band</th>
              <th className="n">Savings</th>
              <th className="n">Cost</th>
              <th>Position</th>
            </tr>
          </thead>
          <tbody>
            {r.horizons.map((h) => (
              <tr key={h.horizon}>
                <td>
                  {h.horizon} · {h.band.name} ({h.initiativeCount})
                </td>
                <td className="n">{formatFigure(h.roiPct, "%")}</td>
                <td className="n">
                  {h.band.minPct}–{h.band.maxPct} %
                </td>
                <td className="n">{formatFigure(h.savingsUsd, "$")}</td>
                <td className="n">{formatFigure(h.costUsd, "$")}</td>
                <td>{h.position ?? (h.roiPct.ok ? "" : h.roiPct.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card exec-section">
        <h2>Initiatives and their computation</h2>
        {r.initiatives.map((i) => (
          <div
            key={i.initiative.id}
            style={{ marginBottom: 8 }}
            data-testid={`report-initiative-${i.initiative.name}`}
          >
            <strong>
              {i.initiative.name} ({i.initiative.horizon}, {i.initiative.owner}):{" "}
              {formatFigure(i.roiPct, "%")}
            </strong>
            <pre className="mono" style={{ margin: "4px 0", whiteSpace: "pre-wrap", fontSize: 11 }}>
              {i.explain.join("\n")}
            </pre>
          </div>
        ))}
        {r.initiatives.length === 0 ? <p className="muted">No initiatives recorded.</p> : null}
      </section>

      <div className="grid cols-2 exec-section">
        <section className="card">
          <h2>Cost of the period</h2>
          <CostBreakdown result={r} />
          <pre className="mono" style={{ whiteSpace: "pre-wrap", fontSize: 11 }}>
            {[...r.energy.lines, ...r.amortisation.lines].join("\n")}
          </pre>
        </section>
        <section className="card">
          <h2>Investment split vs plan</h2>
          <SplitTable split={roi.split} />
        </section>
      </div>

      <section className="card exec-section">
        <h2>Factory benchmarks</h2>
        <Benchmarks data={roi} />
      </section>

      <section className="card exec-section">
        <h2>Data sources</h2>
        <DataSources sources={roi.sources} />
      </section>
    </article>
  );
}

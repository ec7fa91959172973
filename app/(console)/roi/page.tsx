import Link from "next/link";
import { AutoRefresh } from "@/components/roi/auto-refresh";
import { Benchmarks } from "@/components/roi/benchmarks";
import { CostBreakdown, SplitTable } from "@/components/roi/cost-breakdown";
import { CostPlanForm } from "@/components/roi/cost-plan-form";
import { Explain } from "@/components/roi/explain";
import { formatFigure, formatPeriod, formatUtc } from "@/components/roi/format";
import { HorizonBullets } from "@/components/roi/horizon-bullets";
import { InitiativeEditor } from "@/components/roi/initiative-editor";
import { InitiativesTable } from "@/components/roi/initiatives-table";
import { DataSources } from "@/components/roi/sources";
import { NotAllowed } from "@/components/shell/not-allowed";
import "@/components/roi/roi.css";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/principal";
import { pagePeriod } from "@/lib/roi/period";
import { knownAgentsAndCategories } from "@/lib/roi/queries";
import { getRoiPageData } from "@/lib/roi/service";

/** ROI per initiative and horizon, the computation behind each figure, benchmarks and the plan. */
export default async function RoiPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user, allowed } = await userForPage("roi");
  if (!allowed) return <NotAllowed page="ROI" roles={PAGE_ROLES.roi} />;
  const { window, query } = pagePeriod("/roi", await searchParams);
  // Executives and admins record initiatives and the plan; nobody decides actions here.
  const canEdit = hasRole(user, ["executive", "admin"]);
  const [data, agents] = await Promise.all([
    getRoiPageData(window),
    canEdit ? knownAgentsAndCategories() : [],
  ]);
  const r = data.result;
  return (
    <div>
      <AutoRefresh />
      <div className="exec-head">
        <h1>Return on investment</h1>
        <span className="exec-period" data-testid="period">
          Period {formatPeriod(window)}
        </span>
        <span className="spacer" />
        <Link className="btn no-print" href={`/report${query}`} data-testid="open-report">
          Printable report
        </Link>
      </div>

      <section className="card">
        <h2>
          By horizon{" "}
          <small>Σ savings vs Σ cost of each horizon's initiatives, against the architecture's bands</small>
        </h2>
        <HorizonBullets horizons={r.horizons} />
        <div className="row" style={{ marginTop: 8 }} data-testid="overall-roi">
          <span>
            All initiatives:{" "}
            <Explain lines={r.overall.explain.length ? r.overall.explain : ["no initiatives"]}>
              <strong>{formatFigure(r.overall.roiPct, "%")}</strong>
            </Explain>
          </span>
          <span className="muted">
            savings {formatFigure(r.overall.savingsUsd, "$")} · cost {formatFigure(r.overall.costUsd, "$")}
          </span>
        </div>
      </section>

      <section className="card exec-section">
        <h2>
          By initiative <small>actions requested in the period; click an ROI for its computation</small>
        </h2>
        <InitiativesTable
          rows={r.initiatives}
          trends={data.trends}
          editor={
            canEdit ? (row) => <InitiativeEditor initial={row.initiative} agents={agents} /> : undefined
          }
        />
        {canEdit ? (
          <div style={{ marginTop: 10 }} className="no-print">
            <InitiativeEditor agents={agents} />
          </div>
        ) : null}
        <p className="muted" style={{ fontSize: 12, marginBottom: 0 }}>
          Factory-wide: {r.factory.stats.requested} actions, automation{" "}
          {formatFigure(r.factory.automationPct, "%")}, median decision{" "}
          {formatFigure(r.factory.velocity.medianMinutes, "min")}, {r.factory.stats.violations} violations.
          Actions of agents outside any initiative carry their share of the cost but no savings.
        </p>
      </section>

      <div className="grid cols-2 exec-section">
        <section className="card">
          <h2>
            Cost of the period <small>energy × PUE × tariff + amortisation</small>
          </h2>
          <CostBreakdown result={r} />
        </section>
        <section className="card">
          <h2>
            Factory benchmarks <small>architecture reference beside the measured figure</small>
          </h2>
          <Benchmarks data={data} />
        </section>
      </div>

      <section className="card exec-section">
        <h2>
          Investment split{" "}
          <small>
            plan{" "}
            {data.plan.version
              ? `v${data.plan.version}, saved ${data.plan.createdAt ? formatUtc(Date.parse(data.plan.createdAt)) : ""}`
              : "(built-in default)"}
            {data.plan.note ? ` · ${data.plan.note}` : ""}
          </small>
        </h2>
        <SplitTable split={data.split} />
        {canEdit ? (
          <details className="no-print" style={{ marginTop: 10 }}>
            <summary className="btn">Edit the plan</summary>
            <div style={{ marginTop: 8 }}>
              <CostPlanForm plan={data.plan} />
            </div>
          </details>
        ) : null}
      </section>

      <section className="card exec-section">
        <h2>Data behind these figures</h2>
        <DataSources sources={data.sources} />
      </section>
    </div>
  );
}

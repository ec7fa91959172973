import Link from "next/link";
import { KpiCard } from "@/components/overview/kpi-card";
import { reachableHref } from "@/components/overview/links";
import { type AlertItem, WhatChanged } from "@/components/overview/what-changed";
import { AutoRefresh } from "@/components/roi/auto-refresh";
import { formatFigure, formatPeriod } from "@/components/roi/format";
import { HorizonBullets } from "@/components/roi/horizon-bullets";
import { DataSources } from "@/components/roi/sources";
import { NotAllowed } from "@/components/shell/not-allowed";
import "@/components/roi/roi.css";
import { listEvents } from "@/lib/alerts/store";
import { PAGE_ROLES, type PageKey, userForPage } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/principal";
import { pagePeriod } from "@/lib/roi/period";
import { getOverviewData } from "@/lib/roi/service";

const FACILITY_ALERTS = new Set(["pue_above", "n_plus_one_lost"]);

/** The landing page: is the AI factory paying off, and where is it on the horizons? */
export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user, allowed } = await userForPage("overview");
  if (!allowed) return <NotAllowed page="Overview" roles={PAGE_ROLES.overview} />;
  const { window, query } = pagePeriod("/", await searchParams);
  const [data, events] = await Promise.all([
    getOverviewData(window),
    listEvents({ fromMs: window.fromMs, toMs: window.toMs, state: "all", limit: 5 }),
  ]);
  const can = (page: PageKey) => hasRole(user, PAGE_ROLES[page]);
  const canOpen = (page: string) => Object.hasOwn(PAGE_ROLES, page) && can(page as PageKey);
  // Cards and "what changed" link to their page only when the user may open it (the audit trail is
  // admin/auditor only); otherwise they point at the ROI page.
  const fallback = can("roi") ? "/roi" : "/";
  const kpis = data.overview.kpis.map((k) => ({ ...k, href: reachableHref(k.href, canOpen, fallback) }));
  const changes = data.changes.map((c) => ({ ...c, href: reachableHref(c.href, canOpen, fallback) }));
  const alerts: AlertItem[] = events.map((e) => ({
    title: e.ruleName,
    detail: `${e.severity}, ${e.endedAt ? "resolved" : "firing"}: ${e.summary}`,
    href: reachableHref(FACILITY_ALERTS.has(e.kind) ? "/facility" : "/sre", canOpen, fallback),
  }));
  const overall = data.overview.current.overall;
  const placed = data.overview.current.horizons.filter((h) => h.position !== null);
  return (
    <div>
      <AutoRefresh />
      <div className="exec-head">
        <h1>Overview</h1>
        <span className="exec-period" data-testid="period">
          Period {formatPeriod(window)} · compared with the {formatPeriod(data.previous)} before it
        </span>
        <span className="spacer" />
        {can("roi") ? (
          <Link className="btn no-print" href={`/report${query}`}>
            Report
          </Link>
        ) : null}
      </div>

      <div className="card" data-testid="headline" style={{ marginBottom: 10 }}>
        <strong>Is it paying off?</strong>{" "}
        {overall.roiPct.ok ? (
          <>
            Across all initiatives the factory returned{" "}
            <strong data-testid="headline-roi">{formatFigure(overall.roiPct, "%")}</strong> in this period
            (savings {formatFigure(overall.savingsUsd, "$")} against cost {formatFigure(overall.costUsd, "$")}
            ).{" "}
          </>
        ) : (
          <>Not enough data for an overall ROI in this period: {overall.roiPct.reason}. </>
        )}
        {placed.length > 0
          ? placed
              .map(
                (h) =>
                  `${h.horizon} ${formatFigure(h.roiPct, "%")} (${h.position} its ${h.band.minPct}–${h.band.maxPct} % band)`,
              )
              .join(" · ")
          : null}
        {data.overview.current.energy.basis === "extrapolated" ? (
          <div className="muted" style={{ fontSize: 12, marginTop: 4 }}>
            Energy cost is extrapolated: GPU telemetry covers{" "}
            {formatFigure(data.overview.current.energy.coverage, "%", 3)} of the period, the rest is charged
            at the measured average power.
          </div>
        ) : null}
      </div>

      <div className="kpi-grid" data-testid="kpis">
        {kpis.map((k) => (
          <KpiCard key={k.key} kpi={k} query={query} />
        ))}
      </div>

      <div className="grid cols-2 exec-section">
        <section className="card">
          <h2>
            ROI by horizon <small>reference bands: H1 15–25 %, H2 30–45 %, H3 50–70 %</small>
          </h2>
          <HorizonBullets horizons={data.overview.current.horizons} />
          {can("roi") ? (
            <p style={{ marginBottom: 0 }}>
              <Link href={`/roi${query}`}>ROI by initiative and the computation →</Link>
            </p>
          ) : null}
        </section>
        <section className="card">
          <h2>What changed</h2>
          <WhatChanged changes={changes} alerts={alerts} query={query} />
        </section>
      </div>

      <section className="card exec-section">
        <h2>
          Data behind these figures <small>each figure covers only what was measured in its period</small>
        </h2>
        <DataSources sources={data.sources} />
        {data.actionsEverMs && data.overview.current.factory.stats.requested === 0 ? (
          <p className="muted">
            No agent actions in this period; the actions on record span {formatPeriod(data.actionsEverMs)}.
          </p>
        ) : null}
      </section>
    </div>
  );
}

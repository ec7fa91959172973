import Link from "next/link";
import { changeBadge, formatFigure } from "@/components/roi/format";
import { Sparkline } from "@/components/roi/sparkline";
import type { Kpi } from "@/lib/roi/kpis";
import { hrefWithQuery } from "./links";

/** One KPI: value for the period, change vs the previous period, trend, and what it covers. */
export function KpiCard({ kpi, query }: { kpi: Kpi; query: string }) {
  const change = changeBadge(kpi.changePct, kpi.better);
  const value = formatFigure(kpi.value, kpi.unit, kpi.unit === "Wh" || kpi.key === "pue" ? 3 : 1);
  const previous = formatFigure(kpi.previous, kpi.unit, kpi.unit === "Wh" || kpi.key === "pue" ? 3 : 1);
  return (
    <Link
      href={hrefWithQuery(kpi.href, query)}
      className="card kpi-card"
      data-testid={`kpi-${kpi.key}`}
      aria-label={`${kpi.label}: ${value}${kpi.simulated ? " (simulated)" : ""}`}
    >
      <span className="kpi-label">
        {kpi.label}
        {kpi.simulated ? <span className="sim-badge">simulated</span> : null}
      </span>
      <span
        className={`kpi-value${kpi.value.ok ? "" : " na"}`}
        title={kpi.value.ok ? undefined : kpi.value.reason}
        data-testid="kpi-value"
      >
        {value}
      </span>
      <span className="kpi-foot">
        <span>
          {kpi.changePct.ok ? (
            <>
              <span className={`delta ${change.tone}`}>{change.text}</span>
              <br />
            </>
          ) : null}
          <span title={kpi.previous.ok ? "previous period" : `previous period: ${kpi.previous.reason}`}>
            prev. {kpi.previous.ok ? previous : "n/a"}
          </span>
        </span>
        <Sparkline values={kpi.spark} label={`${kpi.label} trend over the period`} />
      </span>
      <span className="kpi-basis">{kpi.value.ok ? kpi.basis : kpi.value.reason}</span>
    </Link>
  );
}

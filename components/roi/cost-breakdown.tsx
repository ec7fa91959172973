import type { RoiResult } from "@/lib/roi/compute";
import { COST_CATEGORIES, COST_CATEGORY_LABELS, type splitRows } from "@/lib/roi/costs";
import { usd } from "@/lib/roi/figure";
import { Explain } from "./explain";
import { formatFigure } from "./format";

/** The period's shared cost: energy (with its basis) and amortisation by category. */
export function CostBreakdown({ result }: { result: RoiResult }) {
  const e = result.energy;
  return (
    <table className="exec-table num" data-testid="cost-breakdown">
      <tbody>
        <tr>
          <td>
            Energy {e.basis === "extrapolated" ? <span className="badge warn">extrapolated</span> : null}
            {e.pue && e.pue.basis !== "measured" ? (
              <span className="sim-badge">PUE {e.pue.basis}</span>
            ) : null}
          </td>
          <td className="n">
            <Explain lines={e.lines.length ? e.lines : [e.usd.ok ? "" : e.usd.reason]}>
              <span className={e.usd.ok ? "" : "na"}>{e.usd.ok ? usd(e.usd.value, 2) : e.usd.reason}</span>
            </Explain>
          </td>
        </tr>
        {COST_CATEGORIES.map((c) => (
          <tr key={c}>
            <td>{COST_CATEGORY_LABELS[c]} (amortised)</td>
            <td className="n" title={result.amortisation.lines.find((l) => l.startsWith(c))}>
              {usd(result.amortisation.byCategory[c], 2)}
            </td>
          </tr>
        ))}
        <tr>
          <td>
            <strong>Shared cost of the period</strong>
            <div className="muted" style={{ fontSize: 11.5 }}>
              allocated to initiatives by their share of actions
            </div>
          </td>
          <td className="n">
            <strong>{formatFigure(result.sharedCostUsd, "$")}</strong>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** Planned split and recorded spend against the architecture's reference bands. */
export function SplitTable({ split }: { split: ReturnType<typeof splitRows> }) {
  return (
    <table className="exec-table num" data-testid="split-table">
      <thead>
        <tr>
          <th>Category</th>
          <th className="n">Plan</th>
          <th className="n">Reference</th>
          <th className="n">Spent</th>
          <th className="n">Actual share</th>
        </tr>
      </thead>
      <tbody>
        {split.rows.map((r) => (
          <tr key={r.category}>
            <td>{COST_CATEGORY_LABELS[r.category]}</td>
            <td className="n">
              {r.plannedPct} %{" "}
              <span className={`badge ${r.plannedInBand ? "ok" : "warn"}`}>
                {r.plannedInBand ? "in band" : "outside"}
              </span>
              <div className="muted" style={{ fontSize: 11 }}>
                {usd(r.plannedUsd, 0)}
              </div>
            </td>
            <td className="n muted">
              {r.band.minPct}–{r.band.maxPct} %
            </td>
            <td className="n">
              {r.spentUsd === null ? <span className="na">not recorded</span> : usd(r.spentUsd, 0)}
            </td>
            <td className="n">
              {r.actualPct.ok ? (
                <>
                  {r.actualPct.value.toFixed(1)} %{" "}
                  <span className={`badge ${r.actualInBand ? "ok" : "warn"}`}>
                    {r.actualInBand ? "in band" : "outside"}
                  </span>
                </>
              ) : (
                <span className="na" title={r.actualPct.reason}>
                  n/a
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

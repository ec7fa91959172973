import type { InitiativeRoi, InitiativeTrend } from "@/lib/roi/compute";
import type { Figure } from "@/lib/roi/figure";
import { Explain } from "./explain";
import { formatFigure } from "./format";
import { Sparkline } from "./sparkline";

function Cell({ f, unit, digits }: { f: Figure; unit: string; digits?: number }) {
  return (
    <td className={`n${f.ok ? "" : " na"}`} title={f.ok ? undefined : f.reason}>
      {f.ok ? formatFigure(f, unit, digits) : "n/a"}
    </td>
  );
}

/** Per initiative: what its actions did and what that was worth; click ROI for the computation. */
export function InitiativesTable({
  rows,
  trends,
  editor,
}: {
  rows: InitiativeRoi[];
  trends?: Record<string, InitiativeTrend>;
  editor?: (r: InitiativeRoi) => React.ReactNode;
}) {
  if (rows.length === 0) return <p className="muted">No initiatives recorded yet.</p>;
  return (
    <table className="exec-table num" data-testid="initiatives-table">
      <thead>
        <tr>
          <th>Initiative</th>
          <th>Agents · categories</th>
          <th className="n">Actions</th>
          <th className="n">Automation</th>
          <th className="n">Decision p50 / p90</th>
          <th className="n">Errors /1k</th>
          <th className="n">Savings</th>
          <th className="n">Cost</th>
          <th className="n">ROI</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const i = r.initiative;
          const v = r.velocity;
          return (
            <tr key={i.id} id={`initiative-${i.id}`} data-testid={`initiative-row-${i.name}`}>
              <td>
                <strong>{i.name}</strong> <span className="badge">{i.horizon}</span>
                <div className="muted" style={{ fontSize: 11.5 }}>
                  owner {i.owner} · since {new Date(i.startedAtMs).toISOString().slice(0, 10)}
                </div>
                {editor ? <div className="no-print">{editor(r)}</div> : null}
              </td>
              <td style={{ fontSize: 12 }}>
                {i.agentIds.join(", ")}
                <div className="muted">
                  {i.categories.length ? i.categories.join(", ") : "all categories"}
                </div>
              </td>
              <td className="n">
                {r.stats.requested}
                <div className="muted" style={{ fontSize: 11 }}>
                  {r.stats.succeeded} ok · {r.stats.failed} failed · {r.stats.violations} viol.
                </div>
              </td>
              <Cell f={r.automationPct} unit="%" />
              <td
                className="n"
                title={
                  v.fasterPct.ok
                    ? `${v.fasterPct.value.toFixed(1)} % faster than the baseline`
                    : v.fasterPct.reason
                }
              >
                {v.medianMinutes.ok
                  ? `${v.medianMinutes.value.toFixed(1)} / ${v.p90Minutes.ok ? v.p90Minutes.value.toFixed(1) : "–"} min`
                  : "n/a"}
                <div className="muted" style={{ fontSize: 11 }}>
                  {v.fasterPct.ok ? `${v.fasterPct.value.toFixed(0)} % faster` : "no baseline"}
                </div>
              </td>
              <td
                className="n"
                title={
                  r.errorReductionPct.ok
                    ? `${r.errorReductionPct.value.toFixed(1)} % fewer than the baseline`
                    : r.errorReductionPct.reason
                }
              >
                {r.errorsPer1000.ok ? r.errorsPer1000.value.toFixed(1) : "n/a"}
                <div className="muted" style={{ fontSize: 11 }}>
                  {r.errorReductionPct.ok ? `${r.errorReductionPct.value.toFixed(0)} % vs before` : ""}
                </div>
                {trends?.[i.id] ? (
                  <Sparkline
                    values={trends[i.id]!.errorsPer1000}
                    label={`${i.name}: errors per 1,000 actions over the period`}
                    width={80}
                    height={18}
                  />
                ) : null}
              </td>
              <Cell f={r.savings.total} unit="$" />
              <Cell f={r.costUsd} unit="$" />
              <td className="n" style={{ minWidth: 120 }}>
                <Explain lines={r.explain} testId={`roi-explain-${i.name}`}>
                  <strong className={r.roiPct.ok ? "" : "na"}>
                    {r.roiPct.ok ? formatFigure(r.roiPct, "%") : "not enough data"}
                  </strong>
                  <div className="muted" style={{ fontSize: 11 }}>
                    {r.roiPct.ok ? "how? click" : r.roiPct.reason}
                  </div>
                </Explain>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

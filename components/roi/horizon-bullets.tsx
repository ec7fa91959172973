import type { HorizonRoi } from "@/lib/roi/compute";
import { bulletGeometry } from "./charts";
import { Explain } from "./explain";
import { formatFigure } from "./format";

const POSITION_TEXT = { below: "below band", within: "within band", above: "above band" } as const;

/** ROI by horizon as bullets: the reference band shaded, the actual as a bar; click for the maths. */
export function HorizonBullets({ horizons }: { horizons: HorizonRoi[] }) {
  return (
    <div data-testid="horizon-bullets">
      {horizons.map((h) => {
        const actual = h.roiPct.ok ? h.roiPct.value : null;
        const g = bulletGeometry(actual, h.band);
        return (
          <div className="bullet-row" key={h.horizon} data-testid={`horizon-${h.horizon}`}>
            <div>
              <strong>{h.horizon}</strong> <span className="muted">{h.band.name}</span>
              <div className="muted" style={{ fontSize: 11.5 }}>
                {h.initiativeCount} initiative{h.initiativeCount === 1 ? "" : "s"} · band {h.band.minPct}–
                {h.band.maxPct} %
              </div>
            </div>
            <div>
              <div
                className="bullet-track"
                role="img"
                aria-label={`${h.horizon} ROI ${formatFigure(h.roiPct, "%")} against ${h.band.minPct}–${h.band.maxPct} %`}
              >
                <div className="bullet-band" style={{ left: `${g.bandLeft}%`, width: `${g.bandWidth}%` }} />
                <div className="bullet-zero" style={{ left: `${g.zero}%` }} />
                {g.barLeft !== null && g.barWidth !== null ? (
                  <div
                    className={`bullet-bar${actual !== null && actual < 0 ? " negative" : ""}`}
                    style={{ left: `${g.barLeft}%`, width: `${Math.max(g.barWidth, 0.5)}%` }}
                  />
                ) : null}
              </div>
              <div className="bullet-scale">
                <span>{g.min.toFixed(0)} %</span>
                <span>{g.max.toFixed(0)} %</span>
              </div>
            </div>
            <div className="bullet-value">
              <Explain lines={h.explain} testId={`horizon-${h.horizon}-explain`}>
                <span className={h.roiPct.ok ? "" : "na"} title={h.roiPct.ok ? undefined : h.roiPct.reason}>
                  {formatFigure(h.roiPct, "%")}
                </span>
                <small>{h.position ? POSITION_TEXT[h.position] : h.roiPct.ok ? "" : h.roiPct.reason}</small>
              </Explain>
            </div>
          </div>
        );
      })}
    </div>
  );
}

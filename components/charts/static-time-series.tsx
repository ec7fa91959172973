/**
 * The server-rendered drawing of a time-series chart: the same prepared rows, axes, limit lines,
 * bands and markers as the interactive chart, as plain SVG and HTML, so the page shows its
 * charts at first paint instead of after hydration. Lines live in a stretched SVG (non-scaling
 * strokes keep them crisp at any width); all text is HTML placed with CSS, so nothing here needs
 * to know the chart's pixel width. No hooks, no browser APIs: it renders the same on the server.
 */
import type { CSSProperties } from "react";
import { axisTime } from "./format-time";
import { dotsPath, linePath, PLOT_INSET, PLOT_UNITS, scaler } from "./prepare/plot";
import {
  bandColor,
  type DrawingProps,
  formatAxis,
  markerColor,
  markerGlyph,
  thresholdColor,
  visibleMarkers,
} from "./time-series-style";

const { top, right, bottom, left } = PLOT_INSET;
/** Room between a y label and the axis for its 6 px tick mark (charts.css), as recharts leaves. */
const TICK_GAP = 8;
const U = PLOT_UNITS;
/** CSS left of a point `f` (0..1) of the way across the plot. */
const leftAt = (f: number) => `calc(${left}px + (100% - ${left + right}px) * ${f.toFixed(4)})`;

export function StaticTimeSeries({
  data,
  fromMs,
  toMs,
  height,
  thresholds = [],
  bands = [],
  markers = [],
  dashed,
  dots = false,
  colors,
  y,
  xTicks,
}: DrawingProps) {
  const plotH = height - top - bottom;
  const span = toMs - fromMs;
  const fx = scaler(fromMs, toMs);
  const fy = scaler(y.domain[0], y.domain[1], true);
  const topAt = (v: number) => top + (fy(v) / U) * plotH;
  const plotStyle: CSSProperties = { left, top, width: `calc(100% - ${left + right}px)`, height: plotH };
  return (
    <div className="ts-static" style={{ height }}>
      <svg
        className="ts-plot"
        style={plotStyle}
        viewBox={`0 0 ${U} ${U}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${data.lines.map((l) => l.name).join(", ")}${data.unit.label ? ` (${data.unit.label})` : ""}`}
      >
        {bands.map((b) => {
          const x0 = fx(Math.max(b.startMs, fromMs));
          const x1 = fx(Math.min(b.endMs, toMs));
          return x1 > x0 ? (
            <rect
              key={`${b.kind}-${b.startMs}-${b.label}`}
              x={x0.toFixed(1)}
              y={0}
              width={(x1 - x0).toFixed(1)}
              height={U}
              fill={bandColor(b.kind)}
              fillOpacity={0.18}
            />
          ) : null;
        })}
        <path className="ts-grid" d={y.ticks.map((v) => `M0 ${fy(v).toFixed(1)}H${U}`).join("")} />
        <path className="ts-axis" d={`M0 0V${U}H${U}`} />
        {thresholds.map((th) => (
          <path
            key={th.label}
            className="ts-ref"
            d={`M0 ${fy(th.value).toFixed(1)}H${U}`}
            stroke={thresholdColor(th)}
            strokeDasharray="6 3"
          />
        ))}
        {visibleMarkers(markers, fromMs, toMs).map((m) => (
          <path
            key={`${m.kind}-${m.atMs}-${m.label}`}
            className="ts-ref"
            d={`M${fx(m.atMs).toFixed(1)} 0V${U}`}
            stroke={markerColor(m)}
            strokeDasharray="2 2"
          />
        ))}
        {data.lines.map((l, i) => (
          <path
            key={l.key}
            className="ts-line"
            data-line={l.key}
            d={linePath(data.rows, l.key, fx, fy)}
            stroke={colors[i]}
            strokeDasharray={dashed?.has(l.key) ? "5 3" : undefined}
          />
        ))}
        {dots &&
          data.lines.map((l, i) => (
            <path
              key={`dots-${l.key}`}
              className="ts-dots"
              d={dotsPath(data.rows, l.key, fx, fy)}
              stroke={colors[i]}
            />
          ))}
      </svg>
      <span className="ts-unit" style={{ top: top + plotH / 2 }}>
        {data.unit.label}
      </span>
      {y.ticks.map((v) => (
        <span
          key={v}
          className="ts-ytick"
          style={{ top: topAt(v), right: `calc(100% - ${left - TICK_GAP}px)` }}
        >
          {formatAxis(v)}
        </span>
      ))}
      <div className="ts-xticks">
        {xTicks.map((t) => (
          <span key={t} className="ts-xtick" style={{ left: leftAt(fx(t) / U), top: height - bottom }}>
            {axisTime(t, span)}
          </span>
        ))}
      </div>
      {thresholds.map((th) => (
        <span
          key={th.label}
          className="ts-ref-label"
          style={{ right: right + 5, top: topAt(th.value) + 5, color: thresholdColor(th) }}
        >
          {th.label}
        </span>
      ))}
      {visibleMarkers(markers, fromMs, toMs).map((m) => (
        <span
          key={`${m.kind}-${m.atMs}-${m.label}`}
          className="ts-marker-label"
          style={{ left: leftAt(fx(m.atMs) / U), top: top + 5 }}
        >
          {markerGlyph(m)}
        </span>
      ))}
    </div>
  );
}

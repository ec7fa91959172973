"use client";
/**
 * The interactive drawing of a time-series chart (recharts: tooltip with exact values and time).
 * Loaded on demand by time-series-chart.tsx once the page is interactive, so recharts is not in
 * the page's first bundle nor in its hydration. Axes come from prepare/plot.ts, the same as the
 * server-rendered SVG it replaces.
 */
import { useMemo } from "react";
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisTime, exactTime } from "./format-time";
import { PLOT_INSET } from "./prepare/plot";
import { formatScaled } from "./prepare/series";
import {
  bandColor,
  type DrawingProps,
  formatAxis,
  markerColor,
  markerGlyph,
  thresholdColor,
  visibleMarkers,
} from "./time-series-style";

// The x axis is 30 px high (recharts' default) and the y axis PLOT_INSET.left wide.
const MARGIN = { top: PLOT_INSET.top, right: PLOT_INSET.right, bottom: 0, left: 0 };

export default function InteractiveTimeSeries({
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
  const span = toMs - fromMs;
  // Every given tick is drawn (interval 0), as in the server-drawn SVG; charts.css thins the
  // time labels of narrow charts the same way for both. `responsive` (recharts ≥ 3.3) sizes the
  // chart from its own box, read in the commit that mounts it, so lines draw in that same commit.
  const style = useMemo(() => ({ width: "100%", height }), [height]);
  return (
    <LineChart responsive style={style} data={data.rows} margin={MARGIN}>
      <CartesianGrid strokeDasharray="2 4" vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={[fromMs, toMs]}
        ticks={xTicks}
        interval={0}
        allowDataOverflow
        tickFormatter={(v: number) => axisTime(v, span)}
        height={PLOT_INSET.bottom}
      />
      <YAxis
        width={PLOT_INSET.left}
        domain={y.domain}
        ticks={y.ticks}
        interval={0}
        tickFormatter={(v: number) => formatAxis(v)}
        label={{ value: data.unit.label, angle: -90, position: "insideLeft", offset: 10 }}
      />
      {bands.map((b) => (
        <ReferenceArea
          key={`${b.kind}-${b.startMs}-${b.label}`}
          x1={Math.max(b.startMs, fromMs)}
          x2={Math.min(b.endMs, toMs)}
          fill={bandColor(b.kind)}
          fillOpacity={0.18}
          stroke="none"
          ifOverflow="hidden"
        />
      ))}
      {thresholds.map((th) => (
        <ReferenceLine
          key={th.label}
          y={th.value}
          stroke={thresholdColor(th)}
          strokeDasharray="6 3"
          ifOverflow="extendDomain"
          label={{ value: th.label, position: "insideTopRight", fill: thresholdColor(th), fontSize: 11 }}
        />
      ))}
      {visibleMarkers(markers, fromMs, toMs).map((m) => (
        <ReferenceLine
          key={`${m.kind}-${m.atMs}-${m.label}`}
          x={m.atMs}
          stroke={markerColor(m)}
          strokeDasharray="2 2"
          label={{ value: markerGlyph(m), position: "insideTop", fontSize: 10 }}
        />
      ))}
      <Tooltip
        isAnimationActive={false}
        content={({ active, label, payload }) =>
          active && payload?.length ? (
            <div className="chart-tooltip">
              <div className="tt-time">{exactTime(Number(label))}</div>
              {payload.map((p) => (
                <div className="tt-row" key={String(p.dataKey)}>
                  <i className="tt-swatch" style={{ background: p.color }} />
                  <span>{p.name}</span>
                  <strong>{formatScaled(p.value as number | null, data.unit)}</strong>
                </div>
              ))}
              {bands
                .filter((b) => Number(label) >= b.startMs && Number(label) < b.endMs)
                .map((b) => (
                  <div className="tt-row" key={`${b.kind}${b.startMs}${b.label}`}>
                    <i className="tt-swatch" style={{ background: bandColor(b.kind) }} />
                    <span>throttled: {b.label}</span>
                  </div>
                ))}
            </div>
          ) : null
        }
      />
      {data.lines.map((l, i) => (
        <Line
          key={l.key}
          dataKey={l.key}
          name={l.name}
          stroke={colors[i]}
          strokeWidth={1.6}
          strokeDasharray={dashed?.has(l.key) ? "5 3" : undefined}
          dot={dots ? { r: 2, strokeWidth: 0, fill: colors[i] } : false}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
    </LineChart>
  );
}

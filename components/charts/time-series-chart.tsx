"use client";
import { memo, useMemo } from "react";
import { useInteractiveChart } from "./chart-upgrade";
import { axisTime } from "./format-time";
import { seriesColor } from "./palette";
import { timeTicks, yScale } from "./prepare/plot";
import type { ChartData } from "./prepare/series";
import type { TimeBand } from "./prepare/types";
import { StaticTimeSeries } from "./static-time-series";
import { bandColor, type Threshold, type TimeSeriesProps, thresholdColor } from "./time-series-style";

export type { Threshold } from "./time-series-style";

/**
 * Draws prepared series: lines, limit lines, shaded bands, markers; tooltip with exact values and
 * time. The server renders it as SVG (visible at first paint); after hydration the interactive
 * recharts chart takes its place, with the same axes (see chart-upgrade.ts).
 */
export const TimeSeriesChart = memo(function TimeSeriesChart({
  data,
  fromMs,
  toMs,
  height = 200,
  thresholds = [],
  bands = [],
  markers = [],
  yDomain,
  colorOf = seriesColor,
  dashed,
  dots = false,
  testId,
}: TimeSeriesProps) {
  const colors = useMemo(() => data.lines.map((_, i) => colorOf(i)), [data.lines, colorOf]);
  const y = useMemo(
    () => yScale(data, { thresholds: thresholds.map((t) => t.value), domain: yDomain }),
    [data, thresholds, yDomain],
  );
  // Long time labels ("11-26 06:22") get fewer ticks; charts.css thins them on narrow charts.
  const xTicks = useMemo(
    () => timeTicks(fromMs, toMs, axisTime(fromMs, toMs - fromMs).length > 8 ? 5 : 7),
    [fromMs, toMs],
  );
  const { ref, Chart, now } = useInteractiveChart<HTMLDivElement>();
  const drawing = { data, fromMs, toMs, height, thresholds, bands, markers, dashed, dots, colors, y, xTicks };
  return (
    <div className="ts-chart" data-testid={testId}>
      <div ref={ref} onPointerEnter={now} style={{ height }}>
        {Chart ? <Chart {...drawing} /> : <StaticTimeSeries {...drawing} />}
      </div>
      <Legend data={data} colors={colors} bands={bands} thresholds={thresholds} />
    </div>
  );
});

function Legend({
  data,
  colors,
  bands,
  thresholds,
}: {
  data: ChartData;
  colors: string[];
  bands: TimeBand[];
  thresholds: Threshold[];
}) {
  const bandKinds = [...new Map(bands.map((b) => [b.kind + b.label, b])).values()];
  if (data.lines.length <= 1 && bandKinds.length === 0 && thresholds.length === 0) return null;
  return (
    <div className="chart-legend">
      {data.lines.length > 1 &&
        data.lines.map((l, i) => (
          <span key={l.key}>
            <i style={{ background: colors[i] }} />
            {l.name}
          </span>
        ))}
      {thresholds.map((t) => (
        <span key={t.label}>
          <i style={{ background: thresholdColor(t) }} />
          {t.label}
        </span>
      ))}
      {bandKinds.map((b) => (
        <span key={b.kind + b.label}>
          <i className="band" style={{ background: bandColor(b.kind) }} />
          {b.kind === "alert" ? b.label : `throttling: ${b.label}`}
        </span>
      ))}
    </div>
  );
}

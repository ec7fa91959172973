"use client";
import { memo, useMemo } from "react";
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
import { SEMANTIC, seriesColor } from "./palette";
import { type ChartData, formatScaled } from "./prepare/series";
import type { Marker, TimeBand } from "./prepare/types";

export type Threshold = { value: number; label: string; color?: string };

type Props = {
  data: ChartData;
  fromMs: number;
  toMs: number;
  height?: number;
  /** Horizontal limit lines, in display units (70 °C, 700 W cap, SLO). */
  thresholds?: Threshold[];
  /** Shaded spans (throttling), coloured by kind. */
  bands?: TimeBand[];
  /** Vertical marks (alerts, approval decisions). */
  markers?: Marker[];
  yDomain?: [number | "auto" | "dataMin" | "dataMax", number | "auto" | "dataMin" | "dataMax"];
  /** Per-line colour override (else the palette in order). */
  colorOf?: (index: number) => string;
  /** Dashed lines, by line key. */
  dashed?: ReadonlySet<string>;
  /** Draw a dot at every value (sparse series such as per-step percentiles of few requests). */
  dots?: boolean;
  testId?: string;
};

const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 };

const BAND_COLORS: Record<string, string> = {
  power: SEMANTIC.powerThrottle,
  thermal: SEMANTIC.thermalThrottle,
  alert: SEMANTIC.alert,
};

/** Draws prepared series: lines, limit lines, shaded bands, markers; tooltip with exact values and time. */
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
}: Props) {
  const span = toMs - fromMs;
  const colors = useMemo(() => data.lines.map((_, i) => colorOf(i)), [data.lines, colorOf]);
  // `responsive` (recharts ≥ 3.3) sizes the chart from its own box, read in the commit that
  // mounts it, so lines draw without ResponsiveContainer's extra measure-then-render pass.
  const style = useMemo(() => ({ width: "100%", height }), [height]);
  return (
    <div data-testid={testId}>
      <LineChart responsive style={style} data={data.rows} margin={MARGIN}>
        <CartesianGrid strokeDasharray="2 4" vertical={false} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[fromMs, toMs]}
          allowDataOverflow
          tickFormatter={(v: number) => axisTime(v, span)}
          minTickGap={40}
        />
        <YAxis
          width={52}
          domain={yDomain ?? ["auto", "auto"]}
          tickFormatter={(v: number) => formatAxis(v)}
          label={{ value: data.unit.label, angle: -90, position: "insideLeft", offset: 10 }}
        />
        {bands.map((b) => (
          <ReferenceArea
            key={`${b.kind}-${b.startMs}-${b.label}`}
            x1={Math.max(b.startMs, fromMs)}
            x2={Math.min(b.endMs, toMs)}
            fill={BAND_COLORS[b.kind] ?? SEMANTIC.alert}
            fillOpacity={0.18}
            stroke="none"
            ifOverflow="hidden"
          />
        ))}
        {thresholds.map((th) => (
          <ReferenceLine
            key={th.label}
            y={th.value}
            stroke={th.color ?? SEMANTIC.threshold}
            strokeDasharray="6 3"
            ifOverflow="extendDomain"
            label={{
              value: th.label,
              position: "insideTopRight",
              fill: th.color ?? SEMANTIC.threshold,
              fontSize: 11,
            }}
          />
        ))}
        {markers
          .filter((m) => m.atMs >= fromMs && m.atMs <= toMs)
          .map((m) => (
            <ReferenceLine
              key={`${m.kind}-${m.atMs}-${m.label}`}
              x={m.atMs}
              stroke={m.kind === "decision" ? SEMANTIC.decision : SEMANTIC.alert}
              strokeDasharray="2 2"
              label={{ value: m.kind === "decision" ? "◆" : "▲", position: "insideTop", fontSize: 10 }}
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
                      <i className="tt-swatch" style={{ background: BAND_COLORS[b.kind] }} />
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
      <Legend data={data} colors={colors} bands={bands} thresholds={thresholds} />
    </div>
  );
});

function formatAxis(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return `${+v.toPrecision(4)}`;
}

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
          <i style={{ background: t.color ?? SEMANTIC.threshold }} />
          {t.label}
        </span>
      ))}
      {bandKinds.map((b) => (
        <span key={b.kind + b.label}>
          <i className="band" style={{ background: BAND_COLORS[b.kind] }} />
          {b.kind === "alert" ? b.label : `throttling: ${b.label}`}
        </span>
      ))}
    </div>
  );
}

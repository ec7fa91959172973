"use client";
import { axisTime, exactTime } from "./format-time";
import { heatColor } from "./palette";
import type { Heatmap } from "./prepare/histogram";
import { useTheme } from "./use-theme";

type Props = { map: Heatmap; fromMs: number; toMs: number; stepMs: number; height?: number; testId?: string };

const LEFT = 92;
const BOTTOM = 18;
const WIDTH = 800;

/** Latency heatmap: time × bucket, colour = request count; each cell's tooltip gives exact numbers. */
export function HeatmapChart({ map, fromMs, toMs, stepMs, height = 160, testId }: Props) {
  const theme = useTheme();
  const rows = map.bucketLabels.length;
  const plotH = height - BOTTOM;
  const rowH = rows ? plotH / rows : plotH;
  const span = Math.max(1, toMs - fromMs);
  const x = (t: number) => LEFT + ((t - fromMs) / span) * (WIDTH - LEFT);
  const cellW = Math.max(1.5, (stepMs / span) * (WIDTH - LEFT));
  const ticks = Array.from({ length: 5 }, (_, i) => fromMs + (span * i) / 4);
  return (
    <svg
      className="heat-svg"
      viewBox={`0 0 ${WIDTH} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label="request latency heatmap"
      data-testid={testId}
      style={{ height }}
    >
      {map.bucketLabels.map((label, i) => (
        <text key={label} x={LEFT - 4} y={plotH - i * rowH - rowH / 2 + 3} textAnchor="end">
          {label}
        </text>
      ))}
      {map.cells.map((c) => (
        <rect
          key={`${c.t}-${c.bucket}`}
          x={x(c.t)}
          y={plotH - (c.bucket + 1) * rowH}
          width={cellW}
          height={rowH - 1}
          fill={heatColor(0.15 + 0.85 * c.intensity, theme)}
        >
          <title>{`${exactTime(c.t)} · ${map.bucketLabels[c.bucket]} · ${c.count} requests`}</title>
        </rect>
      ))}
      {ticks.map((t) => (
        <text key={t} x={x(t)} y={height - 4} textAnchor="middle">
          {axisTime(t, span)}
        </text>
      ))}
    </svg>
  );
}

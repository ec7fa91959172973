"use client";
import { axisTime, exactTime } from "./format-time";
import { heatColor } from "./palette";
import type { Heatmap } from "./prepare/histogram";
import { useTheme } from "./use-theme";

type Props = { map: Heatmap; fromMs: number; toMs: number; stepMs: number; height?: number; testId?: string };

const WIDTH = 800;

/**
 * Latency heatmap: time × bucket, colour = requests in the step and bucket (hover a cell for
 * exact numbers). Bucket labels are HTML so text stays crisp while the cells stretch.
 */
export function HeatmapChart({ map, fromMs, toMs, stepMs, height = 150, testId }: Props) {
  const theme = useTheme();
  const rows = Math.max(1, map.bucketLabels.length);
  const rowH = height / rows;
  const span = Math.max(1, toMs - fromMs);
  const x = (t: number) => ((t - fromMs) / span) * WIDTH;
  const cellW = Math.max(1.5, (stepMs / span) * WIDTH);
  return (
    <div
      data-testid={testId}
      style={{ display: "grid", gridTemplateColumns: "78px 1fr", fontSize: 10, color: "var(--muted)" }}
    >
      <div style={{ display: "flex", flexDirection: "column-reverse", height }}>
        {map.bucketLabels.map((label) => (
          <div
            key={label}
            style={{
              height: rowH,
              lineHeight: `${rowH}px`,
              textAlign: "right",
              paddingRight: 4,
              overflow: "hidden",
              whiteSpace: "nowrap",
            }}
          >
            {rowH >= 9 ? label : ""}
          </div>
        ))}
      </div>
      <div>
        <svg
          className="heat-svg"
          viewBox={`0 0 ${WIDTH} ${height}`}
          preserveAspectRatio="none"
          style={{ height }}
        >
          <title>request latency heatmap (requests per step and latency bucket)</title>
          <rect x={0} y={0} width={WIDTH} height={height} fill="var(--surface-2)" opacity={0.4} />
          {map.cells.map((c) => (
            <rect
              key={`${c.t}-${c.bucket}`}
              x={x(c.t)}
              y={height - (c.bucket + 1) * rowH}
              width={cellW}
              height={Math.max(1, rowH - 1)}
              fill={heatColor(0.2 + 0.8 * c.intensity, theme)}
            >
              <title>{`${exactTime(c.t)} · ${map.bucketLabels[c.bucket]} · ${c.count} request${c.count === 1 ? "" : "s"}`}</title>
            </rect>
          ))}
        </svg>
        <div className="row" style={{ justifyContent: "space-between" }}>
          {[0, 1, 2, 3, 4].map((i) => (
            <span key={i}>{axisTime(fromMs + (span * i) / 4, span)}</span>
          ))}
        </div>
      </div>
    </div>
  );
}

"use client";
import { axisTime, exactTime } from "./format-time";
import { heatColor } from "./palette";
import type { HeatStrip } from "./prepare/fleet";
import type { Labels } from "./prepare/types";
import { useTheme } from "./use-theme";

type Props = {
  strip: HeatStrip;
  fromMs: number;
  toMs: number;
  stepMs: number;
  unit: string;
  /** Fixed colour scale (e.g. 30–80 °C) so colours mean the same temperature on every visit. */
  scale?: { min: number; max: number };
  focusedKey?: string | null;
  onFocus?: (labels: Labels) => void;
  testId?: string;
};

const LEFT = 110;
const WIDTH = 800;
const ROW_H = 9;

/** Many GPUs at once: one thin row per GPU (hottest first), click a row to focus that GPU. */
export function HeatStripChart({
  strip,
  fromMs,
  toMs,
  stepMs,
  unit,
  scale,
  focusedKey,
  onFocus,
  testId,
}: Props) {
  const theme = useTheme();
  const span = Math.max(1, toMs - fromMs);
  const min = scale?.min ?? strip.min;
  const max = scale?.max ?? strip.max;
  const x = (t: number) => LEFT + ((t - fromMs) / span) * (WIDTH - LEFT);
  const cellW = Math.max(1, (stepMs / span) * (WIDTH - LEFT));
  const height = strip.rows.length * ROW_H + 16;
  return (
    <svg
      className="heat-svg"
      viewBox={`0 0 ${WIDTH} ${height}`}
      preserveAspectRatio="none"
      data-testid={testId}
      style={{ height }}
    >
      <title>{`temperature of ${strip.rows.length} GPUs over time`}</title>
      {strip.rows.map((row, r) => (
        // biome-ignore lint/a11y/useSemanticElements: an SVG row; a button element cannot live inside <svg>
        <g
          key={row.key}
          className={`heat-row${row.key === focusedKey ? " focused" : ""}`}
          onClick={() => onFocus?.(row.labels)}
          onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && onFocus?.(row.labels)}
          role="button"
          tabIndex={0}
          aria-label={`focus ${row.name}`}
          data-testid="heat-strip-row"
        >
          <rect className="heat-row-bg" x={0} y={r * ROW_H} width={WIDTH} height={ROW_H} fill="transparent" />
          <text x={LEFT - 4} y={r * ROW_H + ROW_H - 1.5} textAnchor="end" style={{ fontSize: 8.5 }}>
            {row.name} {row.peak !== null ? `${row.peak.toFixed(0)}${unit}` : ""}
          </text>
          {row.values.map((v, i) =>
            v === null ? null : (
              <rect
                key={strip.times[i]}
                x={x(strip.times[i]!)}
                y={r * ROW_H + 0.5}
                width={cellW}
                height={ROW_H - 1}
                fill={heatColor(max > min ? (v - min) / (max - min) : 0.5, theme)}
              >
                <title>{`${row.name} · ${exactTime(strip.times[i]!)} · ${v.toFixed(1)} ${unit}`}</title>
              </rect>
            ),
          )}
        </g>
      ))}
      {[0, 1, 2, 3, 4].map((i) => {
        const t = fromMs + (span * i) / 4;
        return (
          <text key={i} x={x(t)} y={height - 3} textAnchor="middle">
            {axisTime(t, span)}
          </text>
        );
      })}
    </svg>
  );
}

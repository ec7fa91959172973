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

const WIDTH = 800;
const ROW_H = 10;

/**
 * Many GPUs at once: one thin row per GPU (hottest first), click a row to focus that GPU. Labels
 * are HTML beside a stretchable SVG of cells, so text never distorts at any width.
 */
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
  const x = (t: number) => ((t - fromMs) / span) * WIDTH;
  const cellW = Math.max(1, (stepMs / span) * WIDTH);
  const height = strip.rows.length * ROW_H;
  return (
    <div
      data-testid={testId}
      style={{ display: "grid", gridTemplateColumns: "150px 1fr", alignItems: "start", fontSize: 11 }}
    >
      <div>
        {strip.rows.map((row) => (
          <button
            key={row.key}
            type="button"
            className={`heat-label${row.key === focusedKey ? " focused" : ""}`}
            onClick={() => onFocus?.(row.labels)}
            data-testid="heat-strip-row"
            title={`focus ${row.name}`}
          >
            {row.name}{" "}
            <span className="muted">{row.peak !== null ? `${row.peak.toFixed(0)} ${unit}` : "—"}</span>
          </button>
        ))}
      </div>
      <div>
        <svg
          className="heat-svg"
          viewBox={`0 0 ${WIDTH} ${height}`}
          preserveAspectRatio="none"
          style={{ height }}
        >
          <title>{`${strip.rows.length} GPUs over time, colour = ${unit}`}</title>
          {strip.rows.map((row, r) => (
            // biome-ignore lint/a11y/noStaticElementInteractions: the labels beside the strip are the keyboard-accessible buttons
            <g key={row.key} onClick={() => onFocus?.(row.labels)} style={{ cursor: "pointer" }}>
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
              {row.key === focusedKey && (
                <rect
                  x={0}
                  y={r * ROW_H}
                  width={WIDTH}
                  height={ROW_H}
                  fill="none"
                  stroke="var(--accent)"
                  strokeWidth={1}
                  vectorEffect="non-scaling-stroke"
                />
              )}
            </g>
          ))}
        </svg>
        <div className="row" style={{ justifyContent: "space-between", color: "var(--muted)" }}>
          {[0, 1, 2, 3, 4].map((i) => (
            <span key={i}>{axisTime(fromMs + (span * i) / 4, span)}</span>
          ))}
        </div>
      </div>
    </div>
  );
}

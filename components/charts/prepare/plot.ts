/**
 * Geometry of a time-series chart, computed once and used by both drawings of it: the SVG the
 * server renders into the page (drawn at first paint) and the interactive recharts chart that
 * replaces it after hydration. Both take the same y domain and ticks and the same time ticks from
 * here, so the swap does not move anything. Pure and unit-tested.
 */
import type { ChartData, ChartRow } from "./series";

export type AxisScale = { domain: [number, number]; ticks: number[] };

/** The plot box inside a chart (px): room for the y-axis labels on the left, time labels below. */
export const PLOT_INSET = { top: 6, right: 12, bottom: 30, left: 52 } as const;

/** Side of the square coordinate space the stretched SVG draws in (0..PLOT_UNITS on both axes). */
export const PLOT_UNITS = 1000;

/** A "nice" step (1, 2, 2.5 or 5 × 10^k) at least as large as `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const p = 10 ** Math.floor(Math.log10(rough));
  const f = rough / p;
  const m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return m * p;
}

/** Removes float noise (0.30000000000000004 → 0.3) from tick values. */
const clean = (v: number) => Number(v.toPrecision(12));

/**
 * A domain covering [min, max] that starts and ends on round ticks, about `count` of them (as
 * recharts' "auto" domain does). A flat series gets room above and below it.
 */
export function niceScale(min: number, max: number, count = 5): AxisScale {
  if (!Number.isFinite(min) || !Number.isFinite(max))
    return { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  let step = niceStep((hi - lo) / Math.max(1, count - 1));
  // Rounding both ends out can add a tick or two; widen the step until the count fits.
  while (Math.ceil(hi / step) - Math.floor(lo / step) > count + 1) step = niceStep(step * 1.01);
  const start = Math.floor(lo / step);
  const end = Math.ceil(hi / step);
  const ticks: number[] = [];
  for (let i = start; i <= end; i++) ticks.push(clean(i * step));
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
}

type Bound = number | "auto" | "dataMin" | "dataMax";

/**
 * The y scale of a chart: every drawn value and every limit line (so a 70 °C threshold is on
 * the chart even when the GPU stays at 40 °C), within a fixed domain when one is given (data
 * outside it still widens it rather than being cut off).
 */
export function yScale(
  data: Pick<ChartData, "rows" | "lines">,
  opts: { thresholds?: number[]; domain?: [Bound, Bound] } = {},
): AxisScale {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of data.rows)
    for (const l of data.lines) {
      const v = row[l.key];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  for (const v of opts.thresholds ?? []) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const [fixedLo, fixedHi] = opts.domain ?? ["auto", "auto"];
  if (typeof fixedLo === "number" && typeof fixedHi === "number") {
    // A fixed domain (0–100 %) keeps its round ticks unless the data leaves it.
    return niceScale(Math.min(fixedLo, min), Math.max(fixedHi, max));
  }
  if (typeof fixedLo === "number") min = Math.min(fixedLo, min);
  if (typeof fixedHi === "number") max = Math.max(fixedHi, max);
  if (!Number.isFinite(min)) return niceScale(0, 1);
  return niceScale(min, max);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

/**
 * Time-axis ticks on round UTC instants (whole minutes, hours, days), at most `maxTicks` of
 * them, none in the outer 3 % of the range (a label there would hang over the chart's edge).
 */
export function timeTicks(fromMs: number, toMs: number, maxTicks = 7): number[] {
  const span = toMs - fromMs;
  if (!(span > 0)) return [];
  const step = TIME_STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY;
  const lo = fromMs + span * 0.03;
  const hi = toMs - span * 0.03;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
  return ticks;
}

/** Maps a value linearly from [d0, d1] onto [0, PLOT_UNITS] (y grows downwards when `flip`). */
export function scaler(d0: number, d1: number, flip = false): (v: number) => number {
  const span = d1 - d0 || 1;
  return flip ? (v) => ((d1 - v) / span) * PLOT_UNITS : (v) => ((v - d0) / span) * PLOT_UNITS;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** Each row's point in plot units, or null where the value is missing (a gap). */
function* projected(
  rows: readonly ChartRow[],
  key: string,
  x: (t: number) => number,
  y: (v: number) => number,
): Generator<string | null> {
  for (const row of rows) {
    const v = row[key];
    yield v === null || v === undefined || !Number.isFinite(v) ? null : `${r1(x(row.t))} ${r1(y(v))}`;
  }
}

/**
 * SVG path of one line: straight segments between consecutive values, broken where a value is
 * missing (as the interactive chart does with connectNulls off), so no data is invented.
 */
export function linePath(...args: Parameters<typeof projected>): string {
  let d = "";
  let pen = false;
  for (const p of projected(...args)) {
    if (p !== null) d += `${pen ? "L" : "M"}${p}`;
    pen = p !== null;
  }
  return d;
}

/** One dot per value, as zero-length segments drawn with round caps (round at any stretch). */
export function dotsPath(...args: Parameters<typeof projected>): string {
  let d = "";
  for (const p of projected(...args)) if (p !== null) d += `M${p}h0`;
  return d;
}

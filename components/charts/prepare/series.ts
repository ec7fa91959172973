import { type Labels, labelKey, type Point, type QueryResult, type Series } from "./types";

/** Display units: what a stored base unit is drawn as (bytes as GiB, Hz as MHz, ratios as %). */
export type DisplayUnit = { label: string; scale: number; decimals: number };

const CELSIUS = { label: "°C", scale: 1, decimals: 1 };
const WATTS = { label: "W", scale: 1, decimals: 1 };
const JOULES = { label: "J", scale: 1, decimals: 0 };
const HERTZ = { label: "MHz", scale: 1e-6, decimals: 0 };
const SECONDS = { label: "s", scale: 1, decimals: 3 };
// Keys: the catalogue's unit symbols (lib/telemetry/catalogue.ts) and their spelled-out names.
const DISPLAY_UNITS: Record<string, DisplayUnit> = {
  "°C": CELSIUS,
  celsius: CELSIUS,
  W: WATTS,
  watts: WATTS,
  J: JOULES,
  joules: JOULES,
  Hz: HERTZ,
  hertz: HERTZ,
  s: SECONDS,
  seconds: SECONDS,
  ratio: { label: "%", scale: 100, decimals: 1 },
  bytes: { label: "GiB", scale: 1 / 2 ** 30, decimals: 2 },
  tokens: { label: "tokens", scale: 1, decimals: 0 },
  bitmask: { label: "", scale: 1, decimals: 0 },
};

/** How to draw a stored unit (unknown units are drawn as stored, labelled with their own name). */
export function displayUnit(unit: string): DisplayUnit {
  return DISPLAY_UNITS[unit] ?? { label: unit, scale: 1, decimals: 2 };
}

/** A stored (base-unit) value as display text, e.g. 2147483648 bytes → "2.00 GiB". */
export function formatValue(value: number | null | undefined, unit: DisplayUnit | string): string {
  const u = typeof unit === "string" ? { label: unit, scale: 1, decimals: 2 } : unit;
  return formatScaled(value === null || value === undefined ? value : value * u.scale, u);
}

/** A value already in display units (chart rows) as text. */
export function formatScaled(value: number | null | undefined, unit: DisplayUnit | string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const u = typeof unit === "string" ? { label: unit, scale: 1, decimals: 2 } : unit;
  const v = value;
  const text = Math.abs(v) >= 1e5 ? v.toExponential(2) : v.toFixed(u.decimals);
  return u.label ? `${text} ${u.label}` : text;
}

/** One drawable line: a stable key, a legend name and its column in the rows. */
export type LineDef = { key: string; name: string; labels: Labels };
export type ChartRow = { t: number } & Record<string, number | null>;
export type ChartData = { rows: ChartRow[]; lines: LineDef[]; unit: DisplayUnit };

/**
 * Query series → rows recharts can draw: one row per timestamp (sorted), one column per
 * series, values scaled to the display unit, `null` where a series has no value so lines break
 * at gaps instead of inventing data. `name` names each series for the legend.
 */
export function toChartData(
  result: Pick<QueryResult, "unit" | "series">,
  name: (labels: Labels, index: number) => string = (l) => labelKey(l) || "value",
  unitOverride?: DisplayUnit,
): ChartData {
  return linesToChart(
    result.series.map((s, i) => ({ name: name(s.labels, i), labels: s.labels, points: s.points })),
    unitOverride ?? displayUnit(result.unit),
  );
}

/** Rows from named point lists (one column per line), values scaled; gaps stay null. */
export function linesToChart(
  lines: { name: string; labels?: Labels; points: readonly Point[] }[],
  unit: DisplayUnit,
): ChartData {
  const defs: LineDef[] = lines.map((l, i) => ({ key: `s${i}`, name: l.name, labels: l.labels ?? {} }));
  const byTime = new Map<number, ChartRow>();
  lines.forEach((l, i) => {
    for (const [t, v] of l.points) {
      let row = byTime.get(t);
      if (!row) {
        row = { t } as ChartRow;
        byTime.set(t, row);
      }
      row[`s${i}`] = v === null || !Number.isFinite(v) ? null : v * unit.scale;
    }
  });
  const rows = [...byTime.values()].sort((a, b) => a.t - b.t);
  for (const row of rows) for (const d of defs) if (!(d.key in row)) row[d.key] = null;
  return { rows, lines: defs, unit };
}

/** Latest non-null value of a series (and when), for "now" readouts and top-N ranking. */
export function lastValue(series: Series): { atMs: number; value: number } | null {
  for (let i = series.points.length - 1; i >= 0; i--) {
    const [t, v] = series.points[i]!;
    if (v !== null && Number.isFinite(v)) return { atMs: t, value: v };
  }
  return null;
}

/** Largest non-null value of a series (and when). */
export function maxValue(series: Series): { atMs: number; value: number } | null {
  let best: { atMs: number; value: number } | null = null;
  for (const [t, v] of series.points) {
    if (v !== null && Number.isFinite(v) && (best === null || v > best.value)) best = { atMs: t, value: v };
  }
  return best;
}

/** Time span covered by any point of the result, or null when it holds no values. */
export function dataExtent(result: Pick<QueryResult, "series">): { fromMs: number; toMs: number } | null {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const s of result.series)
    for (const [t, v] of s.points) {
      if (v === null) continue;
      if (t < from) from = t;
      if (t > to) to = t;
    }
  return Number.isFinite(from) ? { fromMs: from, toMs: to } : null;
}

export function hasValues(result: Pick<QueryResult, "series"> | undefined | null): boolean {
  return !!result && result.series.some((s) => s.points.some(([, v]) => v !== null));
}

/** The highest value across all series of a result, with its time and the series' labels. */
export function peakPoint(
  result: Pick<QueryResult, "series">,
): { atMs: number; value: number; labels: Labels } | null {
  let peak: { atMs: number; value: number; labels: Labels } | null = null;
  for (const s of result.series) {
    const m = maxValue(s);
    if (m && (!peak || m.value > peak.value)) peak = { ...m, labels: s.labels };
  }
  return peak;
}

import { gpuName, type Labels, labelKey, type Series } from "./types";

export type RankedGpu = { key: string; name: string; labels: Labels; value: number; atMs: number };

/**
 * The N GPUs with the highest value of a metric in the range (e.g. the hottest), by each
 * series' peak. Ties break by name so the order is stable between refreshes.
 */
export function topN(series: Series[], n: number, by: "max" | "last" = "max"): RankedGpu[] {
  const ranked: RankedGpu[] = [];
  for (const s of series) {
    let pick: { atMs: number; value: number } | null = null;
    for (const [t, v] of s.points) {
      if (v === null || !Number.isFinite(v)) continue;
      if (by === "last" ? !pick || t >= pick.atMs : !pick || v > pick.value) pick = { atMs: t, value: v };
    }
    if (pick) ranked.push({ key: labelKey(s.labels), name: gpuName(s.labels), labels: s.labels, ...pick });
  }
  ranked.sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
  return ranked.slice(0, Math.max(0, n));
}

export type HeatStrip = {
  times: number[];
  rows: { key: string; name: string; labels: Labels; values: (number | null)[]; peak: number | null }[];
  min: number;
  max: number;
};

/**
 * Many GPUs at a glance: one row per GPU, one cell per step, ordered hottest first (by peak),
 * so 64+ GPUs fit on one screen. min/max span all cells for a shared colour scale.
 */
export function heatStrip(series: Series[]): HeatStrip {
  const timeSet = new Set<number>();
  for (const s of series) for (const [t] of s.points) timeSet.add(t);
  const times = [...timeSet].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const rows = series.map((s) => {
    const values: (number | null)[] = new Array(times.length).fill(null);
    let peak: number | null = null;
    for (const [t, v] of s.points) {
      if (v === null || !Number.isFinite(v)) continue;
      values[index.get(t)!] = v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (peak === null || v > peak) peak = v;
    }
    return { key: labelKey(s.labels), name: gpuName(s.labels), labels: s.labels, values, peak };
  });
  rows.sort(
    (a, b) =>
      (b.peak ?? Number.NEGATIVE_INFINITY) - (a.peak ?? Number.NEGATIVE_INFINITY) ||
      a.name.localeCompare(b.name),
  );
  return { times, rows, min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0 };
}

/** Only the series whose labels match every given label (e.g. the focused GPU). */
export function filterSeries(series: Series[], match: Labels | null | undefined): Series[] {
  if (!match || Object.keys(match).length === 0) return series;
  return series.filter((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

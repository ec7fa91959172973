/**
 * Facility chart preparation: query results → drawable rows in display units. Pure and
 * unit-tested; the components only draw what these return.
 */
import { type ChartData, type DisplayUnit, linesToChart } from "@/components/charts/prepare/series";

import type { Labels, Point, QueryResult, Series } from "@/components/charts/prepare/types";
import { counterIncrease, sumSeries } from "@/lib/facility/energy";
import { LOOPS, type LoopId } from "@/lib/facility/metrics";
import { instantaneousRatio, preferredMeteringPoint } from "@/lib/facility/pue";

/** True when any series in the results was made by the simulator. */
export function anySimulated(results: readonly (Pick<QueryResult, "series"> | undefined)[]): boolean {
  return results.some((r) => r?.series.some((s) => s.labels.source === "simulator"));
}

export function hasData(r: Pick<QueryResult, "series"> | undefined): boolean {
  return !!r && r.series.some((s) => s.points.some(([, v]) => v !== null));
}

/** W, kW or MW, chosen by the largest value so a one-GPU lab and a 20 MW hall both read well. */
export function powerUnit(maxWatts: number): DisplayUnit {
  if (maxWatts >= 2e6) return { label: "MW", scale: 1e-6, decimals: 2 };
  if (maxWatts >= 2e3) return { label: "kW", scale: 1e-3, decimals: 1 };
  return { label: "W", scale: 1, decimals: 1 };
}

/** Energy as text in Wh/kWh/MWh/GWh (joules in). */
export function formatEnergy(joules: number | null | undefined): string {
  if (joules === null || joules === undefined || !Number.isFinite(joules)) return "—";
  const wh = joules / 3600;
  const a = Math.abs(wh);
  if (a >= 1e9) return `${(wh / 1e9).toFixed(2)} GWh`;
  if (a >= 1e6) return `${(wh / 1e6).toFixed(2)} MWh`;
  if (a >= 1e3) return `${(wh / 1e3).toFixed(2)} kWh`;
  return `${wh.toFixed(1)} Wh`;
}

export function formatRatio(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(digits);
}

/** IT series at the preferred (most accurate) metering point, summed across sites. */
export function itSeries(it: Pick<QueryResult, "series"> | undefined): {
  points: Point[];
  meteringPoint: string | null;
} {
  const series = it?.series ?? [];
  const mp = preferredMeteringPoint(series.map((s) => s.labels.metering_point));
  const chosen = series.filter((s) => (s.labels.metering_point ?? null) === mp);
  return { points: sumSeries(chosen.map((s) => s.points)) as Point[], meteringPoint: mp };
}

const total = (r: Pick<QueryResult, "series"> | undefined) =>
  sumSeries((r?.series ?? []).map((s) => s.points)) as Point[];

function maxOf(points: readonly Point[]): number {
  let m = 0;
  for (const [, v] of points) if (v !== null && v > m) m = v;
  return m;
}

/** Facility, IT and cooling power on one chart. */
export function powerChart(fac?: QueryResult, it?: QueryResult, cooling?: QueryResult): ChartData {
  const f = total(fac);
  const i = itSeries(it);
  const c = total(cooling);
  const unit = powerUnit(Math.max(maxOf(f), maxOf(i.points), maxOf(c)));
  const lines = [
    { name: "Facility", points: f },
    { name: `IT${i.meteringPoint ? ` (${i.meteringPoint.replace("_", " ")})` : ""}`, points: i.points },
    { name: "Cooling", points: c },
  ].filter((l) => l.points.length > 0);
  return linesToChart(lines, unit);
}

/** Instantaneous facility ÷ IT power per bucket: the diagnostic, never the period's PUE. */
export function ratioChart(fac?: QueryResult, it?: QueryResult): ChartData {
  const ratio = instantaneousRatio(total(fac), itSeries(it).points) as Point[];
  return linesToChart([{ name: "Facility ÷ IT power (instantaneous)", points: ratio }], {
    label: "ratio",
    scale: 1,
    decimals: 3,
  });
}

export const loopName = (loop: string | undefined) => LOOPS[loop as LoopId]?.label ?? loop ?? "loop";
const loopOrder = (s: Series) =>
  s.labels.loop === "immersion" ? 0 : s.labels.loop === "direct_to_chip" ? 1 : 2;
const bySiteLoop = (a: Series, b: Series) =>
  (a.labels.site ?? "").localeCompare(b.labels.site ?? "") || loopOrder(a) - loopOrder(b);

/** Supply (solid) and return (dashed) temperatures of every loop; `dashed` holds the return keys. */
export function loopTemperatureChart(
  supply?: QueryResult,
  ret?: QueryResult,
): ChartData & { dashed: Set<string>; colorIndex: number[] } {
  const lines: { name: string; labels: Labels; points: Point[] }[] = [];
  const colorIndex: number[] = [];
  const dashed = new Set<string>();
  const loops = [...(supply?.series ?? [])].sort(bySiteLoop);
  loops.forEach((s, li) => {
    const r = ret?.series.find((x) => x.labels.loop === s.labels.loop && x.labels.site === s.labels.site);
    lines.push({ name: `${loopName(s.labels.loop)} supply`, labels: s.labels, points: s.points });
    colorIndex.push(li);
    if (r) {
      dashed.add(`s${lines.length}`);
      lines.push({ name: `${loopName(s.labels.loop)} return`, labels: r.labels, points: r.points });
      colorIndex.push(li);
    }
  });
  return { ...linesToChart(lines, { label: "°C", scale: 1, decimals: 1 }), dashed, colorIndex };
}

/** Flow per loop; small loops (< 0.5 L/s) are drawn in L/min so they are not all zeros. */
export function flowChart(flow?: QueryResult): ChartData {
  const series = [...(flow?.series ?? [])].sort(bySiteLoop);
  const max = Math.max(0, ...series.map((s) => maxOf(s.points)));
  const unit: DisplayUnit =
    max < 0.5 ? { label: "L/min", scale: 60, decimals: 2 } : { label: "L/s", scale: 1, decimals: 2 };
  return linesToChart(
    series.map((s) => ({ name: loopName(s.labels.loop), labels: s.labels, points: s.points })),
    unit,
  );
}

/** Latest ΔT (return − supply) of each loop, with when it was read. */
export function latestDeltaT(supply?: QueryResult, ret?: QueryResult) {
  return [...(supply?.series ?? [])].sort(bySiteLoop).map((s) => {
    const r = ret?.series.find((x) => x.labels.loop === s.labels.loop && x.labels.site === s.labels.site);
    const rByT = new Map(r?.points ?? []);
    for (let i = s.points.length - 1; i >= 0; i--) {
      const [t, sv] = s.points[i]!;
      const rv = rByT.get(t);
      if (sv !== null && rv !== null && rv !== undefined)
        return {
          loop: s.labels.loop ?? "",
          name: loopName(s.labels.loop),
          supply: sv,
          ret: rv,
          deltaT: rv - sv,
          atMs: t,
        };
    }
    return {
      loop: s.labels.loop ?? "",
      name: loopName(s.labels.loop),
      supply: null,
      ret: null,
      deltaT: null,
      atMs: null,
    };
  });
}

/**
 * Water used per bucket from the water meter (a counter sampled at each bucket's last value):
 * differences between consecutive buckets, resets handled, the first bucket has no predecessor.
 */
export function waterPerBucket(water?: QueryResult): Point[] {
  const counter = total(water);
  const out: Point[] = [];
  let prev: number | null = null;
  for (const [t, v] of counter) {
    if (v === null) {
      out.push([t, null]);
      continue;
    }
    out.push([
      t,
      prev === null
        ? null
        : counterIncrease([
            [0, prev],
            [1, v],
          ]).increase,
    ]);
    prev = v;
  }
  return out;
}

/** Heat recovered vs IT power (how much of the IT heat is reused). */
export function heatRecoveryChart(recovered?: QueryResult, it?: QueryResult): ChartData {
  const r = total(recovered);
  const i = itSeries(it).points;
  const unit = powerUnit(Math.max(maxOf(r), maxOf(i)));
  return linesToChart(
    [
      { name: "IT power (heat produced)", points: i },
      { name: "Heat recovered", points: r },
    ],
    unit,
  );
}

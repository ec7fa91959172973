import "server-only";
import { type DbHandle, getDbHandle } from "@/lib/db/client";
import { unitOf } from "./catalogue";
import { histogramQuantile } from "./quantile";
/**
 * Reads for every panel: one metric, a time range cut into steps, one aggregation.
 *
 * - Steps start at `fromMs` (rounded down to the whole minute/hour when rollups serve the query,
 *   so rollup buckets nest); a point's timestamp is the START of its step. Every step up to
 *   `toMs` is present; steps without data are null. One step = to − from gives one point.
 * - agg avg|min|max|last: per series per step (NaN samples ignored). sum: the step average,
 *   summed across series (e.g. total power). increase: counter increase in the step (resets
 *   handled; delta series summed). rate: increase per second.
 *   p50|p90|p95|p99: from `<metric>_bucket` series (increase of each bucket in the step, summed
 *   over the series of a group), interpolated linearly inside the bucket like Prometheus'
 *   histogram_quantile (a quantile in the +Inf bucket returns the highest finite bound).
 * - by: group series by these labels (missing → ""), combining per step: avg → mean of series,
 *   min/max → min/max, sum/last/increase/rate → sum; percentiles → merged buckets. Without `by`
 *   every series is returned alone (for percentiles: every label set without `le`).
 * - match: exact label equality filters.
 * - Resolution is picked from the step: a whole number of hours → 1-hour rollups, of minutes →
 *   1-minute rollups, else raw points. Pending rollups in range are computed first.
 */
import { QUERY_AGGS, type QueryAgg } from "./query-aggs";
import { hasDirtyMinutes, refreshRollups } from "./rollups";
import { int, intArray, rawRows } from "./sql";

export { QUERY_AGGS, type QueryAgg };

export type QueryInput = {
  metric: string;
  fromMs: number;
  toMs: number;
  stepMs: number;
  agg: QueryAgg;
  by?: string[];
  match?: Record<string, string>;
};
export type QuerySeries = { labels: Record<string, string>; points: [number, number | null][] };
export type QueryResult = { metric: string; unit: string; series: QuerySeries[] };

export class QueryError extends Error {}

export const MAX_STEPS = 11_000;
const RAW_LOOKBACK_MS = 60 * 60_000;

type SeriesRow = { id: number; labels: Record<string, string>; temporality: string | null };
type ValueRow = { series_id: number; b: string | number; v: number | null };

export async function queryMetric(q: QueryInput, handle?: DbHandle): Promise<QueryResult> {
  const { agg } = q;
  // Whole milliseconds (callers may compute fractional steps); anything non-finite is refused.
  const [fromMs, toMs, stepMs] = [q.fromMs, q.toMs, q.stepMs].map(Math.round) as [number, number, number];
  if (![fromMs, toMs, stepMs].every(Number.isSafeInteger))
    throw new QueryError("from, to and step must be finite numbers (ms)");
  if (stepMs < 1 || toMs <= fromMs) throw new QueryError("need step ≥ 1 ms and to > from");
  const res = resolutionFor(stepMs);
  const grain = res === "1h" ? 3_600_000 : res === "1m" ? 60_000 : 1;
  const start = fromMs - (fromMs % grain);
  const steps = Math.ceil((toMs - start) / stepMs);
  if (steps > MAX_STEPS)
    throw new QueryError(`too many steps (${steps}); use a larger step (max ${MAX_STEPS} points)`);
  if (!QUERY_AGGS.includes(agg)) throw new QueryError(`unknown agg ${agg}`);
  const h = handle ?? (await getDbHandle());
  const quantile = agg.startsWith("p") ? Number(agg.slice(1)) / 100 : null;
  const metric = quantile !== null ? q.metric.replace(/_bucket$/, "") : q.metric;
  const stored = quantile !== null ? `${metric}_bucket` : metric;

  const series = await rawRows<SeriesRow>(
    h,
    q.match && Object.keys(q.match).length
      ? "select id, labels, temporality from telemetry_series where metric = $1 and labels @> $2::text::jsonb order by id"
      : "select id, labels, temporality from telemetry_series where metric = $1 order by id",
    q.match && Object.keys(q.match).length ? [stored, JSON.stringify(q.match)] : [stored],
  );
  const result: QueryResult = { metric, unit: unitOf(metric), series: [] };
  if (!series.length) return result;

  const counterAgg = quantile !== null || agg === "increase" || agg === "rate";
  const values = await stepValues(
    h,
    series,
    counterAgg ? "increase" : (agg as "avg" | "min" | "max" | "sum" | "last"),
    start,
    toMs,
    stepMs,
    res,
  );
  const stepIndex = (b: number) => Math.round((b - start) / stepMs);

  // Per series: values by step.
  const perSeries = new Map<number, (number | null)[]>();
  for (const r of values) {
    let arr = perSeries.get(Number(r.series_id));
    if (!arr) {
      arr = new Array(steps).fill(null);
      perSeries.set(Number(r.series_id), arr);
    }
    const i = stepIndex(Number(r.b));
    if (i >= 0 && i < steps) arr[i] = r.v === null ? null : Number(r.v);
  }
  const stamps = Array.from({ length: steps }, (_, i) => start + i * stepMs);

  if (quantile !== null) {
    const groups = new Map<
      string,
      { labels: Record<string, string>; buckets: Map<number, (number | null)[]> }
    >();
    for (const s of series) {
      const { le, ...rest } = s.labels;
      const labels = q.by ? pick(rest, q.by) : rest;
      const key = JSON.stringify(labels);
      let g = groups.get(key);
      if (!g) {
        g = { labels, buckets: new Map() };
        groups.set(key, g);
      }
      const bound = le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
      if (le === undefined || Number.isNaN(bound)) continue;
      const vals = perSeries.get(s.id);
      if (!vals) continue;
      const acc = g.buckets.get(bound) ?? new Array<number | null>(steps).fill(null);
      for (let i = 0; i < steps; i++) if (vals[i] !== null) acc[i] = (acc[i] ?? 0) + vals[i]!;
      g.buckets.set(bound, acc);
    }
    for (const g of groups.values()) {
      if (!g.buckets.size) continue;
      const bounds = [...g.buckets.keys()].sort((a, b) => a - b);
      const points = stamps.map((t, i): [number, number | null] => {
        const counts = bounds.map((b) => g.buckets.get(b)![i] ?? 0);
        return [t, histogramQuantile(quantile, bounds, counts)];
      });
      result.series.push({ labels: g.labels, points });
    }
    return result;
  }

  const perStep = agg === "rate" ? 1000 / stepMs : 1;
  if (!q.by) {
    for (const s of series) {
      const vals = perSeries.get(s.id);
      if (!vals) continue;
      result.series.push({ labels: s.labels, points: stamps.map((t, i) => [t, scale(vals[i]!, perStep)]) });
    }
    return result;
  }
  const groups = new Map<string, { labels: Record<string, string>; members: (number | null)[][] }>();
  for (const s of series) {
    const vals = perSeries.get(s.id);
    if (!vals) continue;
    const labels = pick(s.labels, q.by);
    const key = JSON.stringify(labels);
    const g = groups.get(key) ?? { labels, members: [] };
    g.members.push(vals);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const points = stamps.map((t, i): [number, number | null] => {
      const xs = g.members.map((m) => m[i]).filter((x): x is number => x !== null && x !== undefined);
      if (!xs.length) return [t, null];
      const v =
        agg === "avg"
          ? xs.reduce((a, b) => a + b, 0) / xs.length
          : agg === "min"
            ? Math.min(...xs)
            : agg === "max"
              ? Math.max(...xs)
              : xs.reduce((a, b) => a + b, 0);
      return [t, scale(v, perStep)];
    });
    result.series.push({ labels: g.labels, points });
  }
  return result;
}

const scale = (v: number | null, f: number) => (v === null || v === undefined ? null : f === 1 ? v : v * f);

function pick(labels: Record<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) out[n] = labels[n] ?? "";
  return out;
}

export type Resolution = "raw" | "1m" | "1h";
export function resolutionFor(stepMs: number): Resolution {
  if (stepMs >= 3_600_000 && stepMs % 3_600_000 === 0) return "1h";
  if (stepMs >= 60_000 && stepMs % 60_000 === 0) return "1m";
  return "raw";
}

/** One value per (series, step) from raw points or rollups. */
async function stepValues(
  h: DbHandle,
  series: SeriesRow[],
  agg: "avg" | "min" | "max" | "sum" | "last" | "increase",
  start: number,
  toMs: number,
  stepMs: number,
  res: Resolution,
): Promise<ValueRow[]> {
  const ids = intArray(series.map((s) => s.id));
  const delta = intArray(series.filter((s) => s.temporality === "delta").map((s) => s.id));
  const step = int(stepMs);
  // Step start of a timestamp t ≥ start: start + k·step.
  const bucketOf = (col: string) => `${col} - (${col} - ${int(start)}) % ${step}`;
  if (res !== "raw") {
    if (await hasDirtyMinutes(h, start, toMs)) await refreshRollups(h);
    const table = res === "1h" ? "telemetry_rollup_1h" : "telemetry_rollup_1m";
    const expr = {
      avg: "sum(sum) / nullif(sum(count), 0)",
      sum: "sum(sum) / nullif(sum(count), 0)",
      min: "min(min)",
      max: "max(max)",
      last: "(array_agg(last order by bucket desc))[1]",
      increase: "sum(increase)",
    }[agg];
    return rawRows<ValueRow>(
      h,
      `select series_id, ${bucketOf("bucket")} as b, ${expr} as v from ${table}
       where series_id = any(${ids}) and bucket >= ${int(start)} and bucket < ${int(toMs)}
       group by 1, 2`,
    );
  }
  if (agg === "increase") {
    return rawRows<ValueRow>(
      h,
      `select series_id, ${bucketOf("ts")} as b,
              sum(case when series_id = any(${delta}) then value when d is null then 0
                       when d < 0 then value else d end) as v
       from (select series_id, ts, value, value - lag(value) over (partition by series_id order by ts) as d
             from telemetry_points
             where series_id = any(${ids}) and ts >= ${int(start - RAW_LOOKBACK_MS)} and ts < ${int(toMs)}
               and value <> 'NaN'::float8) p
       where ts >= ${int(start)}
       group by 1, 2`,
    );
  }
  const expr = {
    avg: "avg(value)",
    sum: "avg(value)",
    min: "min(value)",
    max: "max(value)",
    last: "(array_agg(value order by ts desc))[1]",
  }[agg];
  return rawRows<ValueRow>(
    h,
    `select series_id, ${bucketOf("ts")} as b, ${expr} as v from telemetry_points
     where series_id = any(${ids}) and ts >= ${int(start)} and ts < ${int(toMs)} and value <> 'NaN'::float8
     group by 1, 2`,
  );
}

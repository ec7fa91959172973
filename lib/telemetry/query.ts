import "server-only";
import { type DbHandle, getDbHandle } from "@/lib/db/client";
import { unitOf } from "./catalogue";
import { histogramQuantile } from "./quantile";
/**
 * Reads for every panel: one metric, a time range cut into steps, one aggregation.
 *
 * - Only data with from ≤ ts < to counts, whatever serves the query.
 * - Steps start at `fromMs`, rounded down to the grain of the rollup tier serving the query
 *   (1 min, 5 min or 1 h, so its buckets nest in steps); a point's timestamp is the START of its
 *   step, so the first step may be stamped before `fromMs` but still counts only from `fromMs`,
 *   and the last counts only up to `toMs`. Every step up to `toMs` is present; steps without
 *   data are null. One step = to − from gives one point (two when `fromMs` is off the grain).
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
 * - Resolution is picked from the step: a whole number of hours → 1-hour rollups, of 5 minutes →
 *   5-minute rollups, of minutes → 1-minute rollups, else raw points. Rollup buckets only serve
 *   the part of the window they lie wholly inside; the partial buckets at the edges are read
 *   from finer tiers and, below a minute, raw points (`windowSegments`). Pending rollups in range
 *   are computed first.
 */
import { QUERY_AGGS, type QueryAgg } from "./query-aggs";
import type { QueryInput, QueryResult } from "./query-types";
import { grainOf, type Resolution, resolutionFor, type Segment, TIERS, windowSegments } from "./query-window";
import { dirtyMinutesExists, refreshRollups } from "./rollups";
import { int, intArray, rawPointsWhere, rawRows } from "./sql";

export type { QueryInput, QueryResult, QuerySeries } from "./query-types";
export { QUERY_AGGS, type QueryAgg, type Resolution, resolutionFor };

export class QueryError extends Error {}

export const MAX_STEPS = 11_000;
const RAW_LOOKBACK_MS = 60 * 60_000;

type SeriesRow = {
  id: number;
  labels: Record<string, string>;
  temporality: string | null;
  dirty: boolean;
};
/**
 * One row per series: step starts and values as PostgreSQL array text (`{1,2}`, `{0.5,NULL}`).
 * Thousands of (series, step) rows cost far more to send and parse than a few array strings.
 */
type SeriesStepsRow = { series_id: number; bs: string; vs: string };
/** Elements of a one-dimensional numeric array's text (numbers, NaN, ±Infinity or NULL). */
const textArray = (text: string) => text.slice(1, -1).split(",");

export async function queryMetric(q: QueryInput, handle?: DbHandle): Promise<QueryResult> {
  const { agg } = q;
  // Whole milliseconds (callers may compute fractional steps); anything non-finite is refused.
  const [fromMs, toMs, stepMs] = [q.fromMs, q.toMs, q.stepMs].map(Math.round) as [number, number, number];
  if (![fromMs, toMs, stepMs].every(Number.isSafeInteger))
    throw new QueryError("from, to and step must be finite numbers (ms)");
  if (stepMs < 1 || toMs <= fromMs) throw new QueryError("need step ≥ 1 ms and to > from");
  const res = resolutionFor(stepMs);
  // Steps start on the tier's grain so its buckets nest in steps; data still counts from fromMs.
  const start = fromMs - (fromMs % grainOf(res));
  const steps = Math.ceil((toMs - start) / stepMs);
  if (steps > MAX_STEPS)
    throw new QueryError(`too many steps (${steps}); use a larger step (max ${MAX_STEPS} points)`);
  if (!QUERY_AGGS.includes(agg)) throw new QueryError(`unknown agg ${agg}`);
  const h = handle ?? (await getDbHandle());
  const quantile = agg.startsWith("p") ? Number(agg.slice(1)) / 100 : null;
  const metric = quantile !== null ? q.metric.replace(/_bucket$/, "") : q.metric;
  const stored = quantile !== null ? `${metric}_bucket` : metric;

  const segments = windowSegments(fromMs, toMs, res);
  // Whether the rollups this query reads are pending rides along with the series lookup (one
  // round trip). Only the span served by rollups counts: the minute still being written at the
  // window's end is read raw, so live ingest into it does not make every panel query refresh.
  const rolled = segments.filter((x) => x.res !== "raw");
  const dirty = rolled.length
    ? dirtyMinutesExists(Math.min(...rolled.map((x) => x.lo)), Math.max(...rolled.map((x) => x.hi)))
    : "false";
  const matching = q.match && Object.keys(q.match).length > 0;
  const series = await rawRows<SeriesRow>(
    h,
    `select id, labels, temporality, ${dirty} as dirty from telemetry_series
     where metric = $1 ${matching ? "and labels @> $2::text::jsonb" : ""} order by id`,
    matching ? [stored, JSON.stringify(q.match)] : [stored],
  );
  const result: QueryResult = { metric, unit: unitOf(metric), series: [] };
  if (!series.length) return result;

  const counterAgg = quantile !== null || agg === "increase" || agg === "rate";
  if (series[0]!.dirty) await refreshRollups(h);
  const values = await stepValues(
    h,
    series,
    counterAgg ? "increase" : (agg as StepAgg),
    start,
    segments,
    stepMs,
    res,
  );
  const stepIndex = (b: number) => Math.round((b - start) / stepMs);

  // Per series: values by step (one row per series, its steps as two parallel text arrays).
  const perSeries = new Map<number, (number | null)[]>();
  for (const r of values) {
    const arr = new Array<number | null>(steps).fill(null);
    const bs = textArray(r.bs);
    const vs = textArray(r.vs);
    for (let k = 0; k < bs.length; k++) {
      const i = stepIndex(Number(bs[k]));
      if (i >= 0 && i < steps) arr[i] = vs[k] === "NULL" ? null : Number(vs[k]);
    }
    perSeries.set(Number(r.series_id), arr);
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

type StepAgg = "avg" | "min" | "max" | "sum" | "last" | "increase";
/**
 * Partial aggregates `(series_id, t, x, y)` from either source and how they combine per step:
 * avg: x = sum, y = count; min/max: x; last: x = value, y = its timestamp; increase: x.
 * `one`: the value of a single partial row (a rollup bucket that is a whole step by itself).
 */
const PARTIAL: Record<StepAgg, { rollup: string; raw: string; combine: string; one: string }> = {
  avg: {
    rollup: "sum as x, count as y",
    raw: "value as x, 1 as y",
    combine: "sum(x) / nullif(sum(y), 0)",
    one: "x / nullif(y, 0)",
  },
  sum: {
    rollup: "sum as x, count as y",
    raw: "value as x, 1 as y",
    combine: "sum(x) / nullif(sum(y), 0)",
    one: "x / nullif(y, 0)",
  },
  min: { rollup: "min as x", raw: "value as x", combine: "min(x)", one: "x" },
  max: { rollup: "max as x", raw: "value as x", combine: "max(x)", one: "x" },
  last: {
    rollup: "last as x, last_ts as y",
    raw: "value as x, ts as y",
    combine: "(array_agg(x order by y desc))[1]",
    one: "x",
  },
  increase: { rollup: "increase as x", raw: "", combine: "sum(x)", one: "x" },
};

/**
 * One value per (series, step), counting only data inside the window's `segments`: rollup
 * buckets that lie wholly inside it, finer data for the rest (the partial edge buckets).
 */
async function stepValues(
  h: DbHandle,
  series: SeriesRow[],
  agg: StepAgg,
  start: number,
  segments: Segment[],
  stepMs: number,
  res: Resolution,
): Promise<SeriesStepsRow[]> {
  const ids = intArray(series.map((s) => s.id));
  const delta = intArray(series.filter((s) => s.temporality === "delta").map((s) => s.id));
  const step = int(stepMs);
  const p = PARTIAL[agg];
  const part = ({ res: r, lo, hi }: Segment) => {
    if (r !== "raw")
      return `select series_id, bucket as t, ${p.rollup} from ${TIERS.find((t) => t.res === r)!.table}
              where series_id = any(${ids}) and bucket >= ${int(lo)} and bucket < ${int(hi)}`;
    if (agg !== "increase")
      return `select series_id, ts as t, ${p.raw} from telemetry_points
              where ${rawPointsWhere(lo, hi, ids)} and value <> 'NaN'::float8`;
    // Counter increase of a point = its rise over the previous point (looked for up to
    // RAW_LOOKBACK_MS earlier); a drop is a reset (counts the new value); delta series add up.
    return `select series_id, ts as t,
                   case when series_id = any(${delta}) then value when d is null then 0
                        when d < 0 then value else d end as x
            from (select series_id, ts, value, value - lag(value) over (partition by series_id order by ts) as d
                  from telemetry_points
                  where ${rawPointsWhere(lo - RAW_LOOKBACK_MS, hi, ids)} and value <> 'NaN'::float8) p
            where ts >= ${int(lo)}`;
  };
  if (!segments.length) return [];
  // When the serving tier's bucket IS the step, its rows are already one per (series, step): only
  // the edge segments (finer data inside the first/last step) need grouping. Saves a hash
  // aggregate over every row of the panel.
  const direct = res !== "raw" && grainOf(res) === stepMs ? segments.filter((x) => x.res === res) : [];
  const grouped = segments.filter((x) => !direct.includes(x));
  const sources = [
    ...direct.map((x) => `select series_id, t as b, ${p.one} as v from (${part(x)}) d`),
    ...(grouped.length
      ? [
          // Step start of a timestamp t ≥ start: start + k·step.
          `select series_id, t - (t - ${int(start)}) % ${step} as b, ${p.combine} as v
           from (${grouped.map(part).join("\n union all\n")}) u
           group by 1, 2`,
        ]
      : []),
  ];
  return rawRows<SeriesStepsRow>(
    h,
    `select series_id, array_agg(b)::text as bs, array_agg(v)::text as vs
     from (${sources.join("\n union all\n")}) s
     group by 1`,
  );
}

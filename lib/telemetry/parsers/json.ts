/**
 * Our own JSON batch: `{"points":[ {metric, labels?, ts, value, kind?, temporality?}
 *   | {metric, labels?, ts, histogram:{bounds, counts, sum?, count?}, temporality?} ]}`.
 * - `ts`: unix milliseconds (number) or an ISO-8601 string with a zone.
 * - `kind`: "gauge" | "counter" (default: the catalogue's kind, else gauge); counters default
 *   to `temporality: "cumulative"` (running totals).
 * - `histogram.counts`: observations per bucket (NOT cumulative), `bounds.length + 1` entries, the
 *   last for +Inf — as OTLP. Histogram points default to `temporality: "delta"` (the observations
 *   made at ts); stored as `<metric>_bucket{le}` / `_sum` / `_count` (see batch.ts).
 * Items are judged one by one: good ones are kept, bad ones reported with their index. Pure module.
 */
import { checkLabels, checkMetricName, formatLe, type Labels, PointBatch, type Temporality } from "../batch";
import { CATALOGUE, conversionFactor, DCGM_FIELDS, type MetricKind } from "../catalogue";

export type JsonHistogram = { bounds: number[]; counts: number[]; sum?: number; count?: number };
export type JsonItem = {
  metric: string;
  labels?: Labels;
  ts: number | string;
  value?: number | null;
  kind?: "gauge" | "counter";
  temporality?: Temporality;
  histogram?: JsonHistogram;
};

export type JsonBatchResult = { batch: PointBatch; rejected: { index: number; error: string }[] };

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export class JsonEnvelopeError extends Error {}

export function parseJsonBatch(body: unknown, nowMs: number): JsonBatchResult {
  if (!isObj(body) || !Array.isArray(body.points))
    throw new JsonEnvelopeError('body must be an object with a "points" array');
  const batch = new PointBatch();
  const rejected: { index: number; error: string }[] = [];
  const seen = new Set<string>();
  body.points.forEach((item, index) => {
    try {
      const one = new PointBatch();
      addItem(one, item, nowMs);
      // Same series and ts twice in one request is ambiguous: refuse the later item.
      const keys = one.seriesIdx.map((s, i) => `${one.series[s]!.key}@${one.ts[i]}`);
      if (keys.some((k) => seen.has(k))) throw new Error("duplicate of an earlier item (same series and ts)");
      for (const k of keys) seen.add(k);
      batch.append(one);
    } catch (err) {
      rejected.push({ index, error: (err as Error).message });
    }
  });
  return { batch, rejected };
}

function addItem(batch: PointBatch, item: unknown, nowMs: number): void {
  if (!isObj(item)) throw new Error("item must be an object");
  if (typeof item.metric !== "string") throw new Error("metric: required string");
  let metric = item.metric;
  checkMetricName(metric);
  const labels: Labels = {};
  if (item.labels !== undefined) {
    if (!isObj(item.labels)) throw new Error("labels: must be an object of strings");
    for (const [k, v] of Object.entries(item.labels)) {
      if (typeof v !== "string") throw new Error(`labels.${k}: must be a string`);
      labels[k] = v;
    }
  }
  checkLabels(labels);
  const ts = parseTs(item.ts, nowMs);
  if (item.temporality !== undefined && item.temporality !== "cumulative" && item.temporality !== "delta")
    throw new Error('temporality: "cumulative" or "delta"');
  if (item.histogram !== undefined) {
    if (item.value !== undefined) throw new Error("give value or histogram, not both");
    addHistogram(batch, metric, labels, ts, item.histogram, (item.temporality as Temporality) ?? "delta");
    return;
  }
  if (typeof item.value !== "number" && item.value !== null) throw new Error("value: required number");
  if (item.value === null) return; // an explicit gap: nothing to store
  let value = item.value;
  const mapping = DCGM_FIELDS[metric];
  if (mapping) {
    metric = mapping.canonical;
    value *= conversionFactor(mapping.unit);
  }
  if (item.kind !== undefined && item.kind !== "gauge" && item.kind !== "counter")
    throw new Error('kind: "gauge" or "counter"');
  const catalogued = CATALOGUE[metric]?.kind;
  const kind: MetricKind =
    item.kind ?? (catalogued === "counter" || catalogued === "bitmask" ? catalogued : "gauge");
  const temporality = kind === "counter" ? ((item.temporality as Temporality) ?? "cumulative") : null;
  if (kind === "counter" && temporality === "cumulative" && !(value >= 0))
    throw new Error("value: a counter cannot be negative");
  batch.add(metric, labels, kind, temporality, ts, value);
}

function parseTs(v: unknown, nowMs: number): number {
  if (v === undefined) return nowMs;
  let ms: number;
  if (typeof v === "number") ms = v;
  else if (typeof v === "string" && /\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(v)) ms = Date.parse(v);
  else throw new Error("ts: unix milliseconds or an ISO-8601 time with a zone");
  if (!Number.isFinite(ms) || ms < 0 || ms > 7_258_118_400_000)
    throw new Error("ts: out of range (expected unix milliseconds)");
  return Math.round(ms);
}

function addHistogram(
  batch: PointBatch,
  metric: string,
  labels: Labels,
  ts: number,
  h: unknown,
  temporality: Temporality,
): void {
  if (!isObj(h)) throw new Error("histogram: must be an object");
  const { bounds, counts } = h as { bounds: unknown; counts: unknown };
  if (!Array.isArray(bounds) || !bounds.every((b) => typeof b === "number" && Number.isFinite(b)))
    throw new Error("histogram.bounds: finite numbers");
  if (!Array.isArray(counts) || !counts.every((c) => typeof c === "number" && c >= 0 && Number.isInteger(c)))
    throw new Error("histogram.counts: non-negative integers");
  if (counts.length !== bounds.length + 1)
    throw new Error(`histogram.counts: ${counts.length} entries; expected bounds + 1 = ${bounds.length + 1}`);
  for (let i = 1; i < bounds.length; i++)
    if (!((bounds[i] as number) > (bounds[i - 1] as number)))
      throw new Error("histogram.bounds: must be strictly increasing");
  if ("le" in labels) throw new Error("labels.le: reserved for histogram buckets");
  const total = (counts as number[]).reduce((a, b) => a + b, 0);
  const count = h.count === undefined ? total : h.count;
  if (count !== total) throw new Error("histogram.count differs from the sum of counts");
  if (h.sum !== undefined && (typeof h.sum !== "number" || !Number.isFinite(h.sum)))
    throw new Error("histogram.sum: a finite number");
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    cumulative += counts[i] as number;
    // Delta points may omit zero buckets (absent = no observation); cumulative ones may not.
    if (temporality === "delta" && cumulative === 0) continue;
    const le = i < bounds.length ? formatLe(bounds[i] as number) : "+Inf";
    batch.add(`${metric}_bucket`, { ...labels, le }, "histogram", temporality, ts, cumulative);
  }
  if (h.sum !== undefined) batch.add(`${metric}_sum`, labels, "counter", temporality, ts, h.sum as number);
  batch.add(`${metric}_count`, labels, "counter", temporality, ts, total);
}

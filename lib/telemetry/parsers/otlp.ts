/**
 * OTLP/HTTP JSON metrics (ExportMetricsServiceRequest): lowerCamelCase, 64-bit ints as strings
 * or numbers, unknown fields ignored. Gauge, sum (delta/cumulative, monotonic or not),
 * histogram (explicit bounds), exponential histogram (turned into explicit `le` bounds) and
 * summary. Resource and scope attributes become labels (point attributes win on clashes).
 * A semantically broken data point is rejected alone and counted for OTLP's partialSuccess;
 * a malformed envelope throws ParseError. OTLP protobuf requests arrive here too, decoded to
 * this same shape by otlp-protobuf.ts. Pure module.
 */
import {
  formatLe,
  type Labels,
  LIMITS,
  ParseError,
  PointBatch,
  sanitizeMetricName,
  type Temporality,
} from "../batch";
import { conversionFactor, OTEL_METRICS, resolveSourceUnit } from "../catalogue";
import {
  arr,
  attributesToLabels,
  isObj,
  type Json,
  type LabelSet,
  pointLabels,
  scopeBase,
  seriesIndex,
} from "./otlp-labels";

export type OtlpResult = { batch: PointBatch; rejected: number; errors: string[] };

/** Attribute lists are best read as text (parseJsonBuffer's rawKeys): see otlp-labels.ts. */
export const OTLP_RAW_KEYS: ReadonlySet<string> = new Set(["attributes"]);

class PointError extends Error {}

export function parseOtlpJson(body: unknown, nowMs: number): OtlpResult {
  if (!isObj(body)) throw new ParseError("OTLP body must be a JSON object");
  if (body.resourceMetrics !== undefined && !Array.isArray(body.resourceMetrics))
    throw new ParseError("resourceMetrics must be an array", undefined, "resourceMetrics");
  const batch = new PointBatch();
  let rejected = 0;
  const errors: string[] = [];
  const reject = (where: string, err: unknown) => {
    rejected++;
    if (errors.length < 5) errors.push(`${where}: ${(err as Error).message}`);
  };
  arr(body.resourceMetrics).forEach((rm, r) => {
    if (!isObj(rm)) throw new ParseError(`resourceMetrics[${r}] must be an object`);
    const resourceLabels = attributesToLabels(rm.resource?.attributes);
    arr(rm.scopeMetrics ?? rm.instrumentationLibraryMetrics).forEach((sm, s) => {
      if (!isObj(sm)) throw new ParseError(`resourceMetrics[${r}].scopeMetrics[${s}] must be an object`);
      const base = scopeBase(resourceLabels, sm.scope);
      arr(sm.metrics).forEach((m, k) => {
        const where = `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${k}]`;
        if (!isObj(m) || typeof m.name !== "string" || !m.name)
          throw new ParseError(`${where}: a metric needs a name`, undefined, where);
        const shape = ["gauge", "sum", "histogram", "exponentialHistogram", "summary"].find((t) =>
          isObj(m[t]),
        );
        if (!shape) {
          reject(`${where} (${m.name})`, new Error("no gauge/sum/histogram/exponentialHistogram/summary"));
          return;
        }
        // The metric's target depends on the points' hw_type only: resolved once per change.
        let hw: string | undefined;
        let t: Target | undefined;
        arr(m[shape].dataPoints).forEach((dp, p) => {
          try {
            if (!isObj(dp)) throw new PointError("data point must be an object");
            const set = pointLabels(base, dp.attributes);
            if (set.hw !== hw || !t) {
              t = target(m, set.labels);
              hw = set.hw;
            }
            addPoint(batch, t, shape, m[shape], dp, set, nowMs);
          } catch (err) {
            if (err instanceof PointError || err instanceof ParseError)
              reject(`${where}.dataPoints[${p}] (${m.name})`, err);
            else throw err;
          }
        });
      });
    });
  });
  return { batch, rejected, errors };
}

function int64(v: Json, what: string): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  throw new PointError(`${what} must be an integer`);
}

function double(v: Json, what: string): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  throw new PointError(`${what} must be a number`);
}

/** The last string timestamp converted: the points of one export mostly share it. */
let lastTime = "0"; // never compared: "0" returns nowMs above
let lastTimeMs = 0;

function timeMs(dp: Json, nowMs: number): number {
  const t = dp.timeUnixNano;
  if (t === undefined || t === null || t === "0" || t === 0) return nowMs;
  if (t === lastTime) return lastTimeMs;
  let ms: number;
  if (typeof t === "string" && /^\d+$/.test(t))
    // Dropping the last 6 digits is the floor division; a value too long for exact doubles is
    // far beyond the range check below either way.
    ms = t.length > 6 ? Number(t.slice(0, -6)) : 0;
  else if (typeof t === "number" && Number.isFinite(t)) ms = Math.floor(t / 1e6);
  else throw new PointError("timeUnixNano must be an integer");
  if (ms < 0 || ms > 7_258_118_400_000) throw new PointError("timeUnixNano out of range");
  if (typeof t === "string") {
    lastTime = t;
    lastTimeMs = ms;
  }
  return ms;
}

function temporalityOf(agg: Json): Temporality {
  const t = agg.aggregationTemporality;
  if (t === 1 || t === "AGGREGATION_TEMPORALITY_DELTA") return "delta";
  if (t === 2 || t === "AGGREGATION_TEMPORALITY_CUMULATIVE") return "cumulative";
  throw new PointError("aggregationTemporality must be 1 (delta) or 2 (cumulative)");
}

/** Our name and unit factor for an OTLP metric (catalogue mapping, else its own sanitized name). */
type Target = { name: string; factor: number; mapped: boolean };
const targets = new Map<string, Target>();
/** Per metric object of the body being parsed, by hw_type: no key string built per point. */
const targetsByMetric = new WeakMap<object, Map<string, Target>>();
function target(m: Json, labels: Labels): Target {
  const hw = labels.hw_type ?? "";
  let own = targetsByMetric.get(m);
  let t = own?.get(hw);
  if (t) return t;
  const k = `${m.name}\u0000${m.unit}\u0000${hw}`;
  t = targets.get(k);
  if (!t) {
    t = resolveTarget(m, labels);
    if (targets.size < 10_000) targets.set(k, t);
  }
  if (!own) {
    own = new Map();
    targetsByMetric.set(m, own);
  }
  if (own.size < 16) own.set(hw, t);
  return t;
}

function resolveTarget(m: Json, labels: Labels): { name: string; factor: number; mapped: boolean } {
  const mapping = OTEL_METRICS[m.name];
  if (mapping && (!mapping.gpuOnly || labels.hw_type === "gpu")) {
    const declared = typeof m.unit === "string" && m.unit ? m.unit : undefined;
    return {
      name: mapping.canonical,
      factor: conversionFactor(resolveSourceUnit(mapping, declared)),
      mapped: true,
    };
  }
  return { name: sanitizeMetricName(m.name), factor: 1, mapped: false };
}

/** One sample of a data point (no closure per point: this runs for every sample). */
function put(
  batch: PointBatch,
  set: LabelSet,
  ts: number,
  metric: string,
  l: Labels,
  kind: Parameters<PointBatch["add"]>[2],
  temp: Temporality | null,
  v: number,
) {
  if (metric.length > LIMITS.maxMetricNameLength) throw new PointError("metric name too long");
  batch.push(seriesIndex(batch, set, metric, l, kind, temp), ts, v);
}

function addPoint(
  batch: PointBatch,
  t: Target,
  shape: string,
  agg: Json,
  dp: Json,
  set: LabelSet,
  nowMs: number,
) {
  const labels = set.labels;
  const ts = timeMs(dp, nowMs);
  if (shape === "gauge" || shape === "sum") {
    const v =
      dp.asDouble !== undefined
        ? double(dp.asDouble, "asDouble")
        : dp.asInt !== undefined
          ? int64(dp.asInt, "asInt")
          : null;
    if (v === null) throw new PointError("a number data point needs asDouble or asInt");
    if (shape === "gauge") return put(batch, set, ts, t.name, labels, "gauge", null, v * t.factor);
    const temporality = temporalityOf(agg);
    const monotonic = agg.isMonotonic === true;
    if (monotonic && v < 0) throw new PointError("a monotonic sum cannot be negative");
    const name = monotonic && !t.mapped && !t.name.endsWith("_total") ? `${t.name}_total` : t.name;
    if (!monotonic && temporality === "cumulative")
      return put(batch, set, ts, name, labels, "gauge", null, v * t.factor);
    return put(batch, set, ts, name, labels, "counter", temporality, v * t.factor);
  }
  if (shape === "summary") {
    const count = int64(dp.count ?? 0, "count");
    const sum = double(dp.sum ?? 0, "sum");
    for (const q of arr(dp.quantileValues)) {
      const quantile = double(q?.quantile ?? 0, "quantile");
      if (!(quantile >= 0 && quantile <= 1)) throw new PointError("quantile must be in [0, 1]");
      put(
        batch,
        set,
        ts,
        t.name,
        { ...labels, quantile: String(quantile) },
        "summary",
        null,
        double(q?.value ?? 0, "value") * t.factor,
      );
    }
    put(batch, set, ts, `${t.name}_sum`, labels, "counter", "cumulative", sum * t.factor);
    put(batch, set, ts, `${t.name}_count`, labels, "counter", "cumulative", count);
    return;
  }
  const temporality = temporalityOf(agg);
  const count = int64(dp.count ?? 0, "count");
  const sum = dp.sum === undefined ? null : double(dp.sum, "sum");
  let bounds: number[];
  let counts: number[];
  if (shape === "histogram") {
    bounds = arr(dp.explicitBounds).map((b) => double(b, "explicitBounds"));
    counts = arr(dp.bucketCounts).map((c) => int64(c, "bucketCounts"));
    if (counts.length > 0 && counts.length !== bounds.length + 1)
      throw new PointError(
        `bucketCounts has ${counts.length} entries; explicitBounds has ${bounds.length} (expected bounds + 1)`,
      );
    for (let i = 1; i < bounds.length; i++)
      if (!(bounds[i]! > bounds[i - 1]!)) throw new PointError("explicitBounds must be strictly increasing");
    if (bounds.some((b) => !Number.isFinite(b))) throw new PointError("explicitBounds must be finite");
  } else {
    ({ bounds, counts } = exponentialToExplicit(dp));
  }
  if (counts.some((c) => c < 0)) throw new PointError("bucket counts must be ≥ 0");
  if (counts.length && counts.reduce((a, b) => a + b, 0) !== count)
    throw new PointError("count differs from the sum of bucketCounts");
  // gen_ai.client.token.usage is a histogram of tokens per request; we keep its running total.
  if (t.name === "inference_tokens_total") {
    if (sum === null) throw new PointError("token usage needs a sum");
    return put(batch, set, ts, t.name, labels, "counter", temporality, sum);
  }
  const f = t.factor;
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    cumulative += counts[i]!;
    const le = i < bounds.length ? formatLe(bounds[i]! * f) : "+Inf";
    put(batch, set, ts, `${t.name}_bucket`, { ...labels, le }, "histogram", temporality, cumulative);
  }
  if (sum !== null) put(batch, set, ts, `${t.name}_sum`, labels, "counter", temporality, sum * f);
  put(batch, set, ts, `${t.name}_count`, labels, "counter", temporality, count);
}

/** Exponential buckets → cumulative-ready explicit bounds (upper bound of each bucket). */
function exponentialToExplicit(dp: Json): { bounds: number[]; counts: number[] } {
  const scale = int64(dp.scale ?? 0, "scale");
  if (scale < -10 || scale > 20) throw new PointError("scale out of range [-10, 20]");
  const base = 2 ** (2 ** -scale);
  const bounds: number[] = [];
  const counts: number[] = [];
  const neg = dp.negative ?? {};
  const negCounts = arr(neg.bucketCounts).map((c) => int64(c, "negative.bucketCounts"));
  const negOffset = int64(neg.offset ?? 0, "negative.offset");
  // Negative buckets from the most negative: bucket i covers [-(base^(o+i+1)), -(base^(o+i))).
  for (let i = negCounts.length - 1; i >= 0; i--) {
    bounds.push(-(base ** (negOffset + i)));
    counts.push(negCounts[i]!);
  }
  const zero = int64(dp.zeroCount ?? 0, "zeroCount");
  const zt = dp.zeroThreshold === undefined ? 0 : double(dp.zeroThreshold, "zeroThreshold");
  bounds.push(zt);
  counts.push(zero);
  const pos = dp.positive ?? {};
  const posCounts = arr(pos.bucketCounts).map((c) => int64(c, "positive.bucketCounts"));
  const posOffset = int64(pos.offset ?? 0, "positive.offset");
  if (posCounts.length > 4096 || negCounts.length > 4096)
    throw new PointError("too many exponential buckets");
  for (let i = 0; i < posCounts.length; i++) {
    bounds.push(base ** (posOffset + i + 1));
    counts.push(posCounts[i]!);
  }
  counts.push(0); // +Inf bucket: everything is inside the last positive bucket
  for (let i = 1; i < bounds.length; i++)
    if (!(bounds[i]! > bounds[i - 1]!))
      throw new PointError("exponential bucket bounds overlap the zero threshold");
  return { bounds, counts };
}

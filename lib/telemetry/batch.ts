/**
 * What every parser produces and the writer consumes: a set of series definitions and columnar
 * points (series index, unix ms, value). Pure module.
 *
 * Storage semantics (one rule for every format):
 * - gauges: the value at ts.
 * - counters (`temporality: "cumulative"`): running totals; increase = positive differences,
 *   a drop is a reset. `temporality: "delta"` counters store the increment since the previous
 *   point instead (OTLP delta sums, our requests.jsonl conversion writes cumulative).
 * - histograms are stored the Prometheus way, as three metrics: `<name>_bucket` (label `le`,
 *   counts cumulative over `le`, i.e. bucket le="1" counts every observation ≤ 1 s), `<name>_sum`
 *   and `<name>_count`. Over time a bucket series is either cumulative (Prometheus/OpenMetrics,
 *   OTLP cumulative: running counts since start) or delta (OTLP delta, our JSON batches and
 *   requests.jsonl: each point holds only the observations made at that ts; absent = 0, so delta
 *   points may omit zero buckets). Queries turn both into per-step increases, then percentiles.
 */
import type { MetricKind } from "./catalogue";

export type Labels = Record<string, string>;
export type Temporality = "cumulative" | "delta";

export type SeriesDef = {
  /** Canonical identity: `metric{a="1",b="2"}` with labels sorted by name. */
  key: string;
  metric: string;
  labels: Labels;
  kind: MetricKind;
  temporality: Temporality | null;
  /** A parser's long-lived handle on this series, when it has one (see SeriesRef). */
  ref?: SeriesRef;
};

/**
 * A series as a parser cache holds it across requests (one per cached series text or attribute
 * set): the writer keeps the series' database id on it, so a known series costs no lookup.
 */
export type SeriesRef = {
  readonly key: string;
  /** Database id, valid for the writer state `idOwner` (writer.ts). */
  idOwner?: object;
  id?: number;
  /** Its index in the batch being built, valid for PointBatch `batchId` (PointBatch.seriesFor). */
  batchId?: number;
  batchIndex?: number;
  /** Its SeriesDef, shared by every batch that names it the same way (see defOf). */
  def?: SeriesDef;
};

/**
 * The ref's SeriesDef, created once and reused by later batches while it means the same series
 * (SeriesDefs are never changed). Not a new object per series per request: fewer allocations,
 * and nothing for the young-generation GC to copy while a batch waits on the database.
 */
function defOf(
  ref: SeriesRef,
  key: string,
  metric: string,
  labels: Labels,
  kind: MetricKind,
  temporality: Temporality | null,
): SeriesDef {
  const d = ref.def;
  if (
    d &&
    d.key === key &&
    d.metric === metric &&
    d.labels === labels &&
    d.kind === kind &&
    d.temporality === temporality
  )
    return d;
  ref.def = { key, metric, labels, kind, temporality, ref };
  return ref.def;
}

export class ParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ParseError";
  }
}

/** Hard limits that keep hostile bodies from costing memory or breaking indexes (→ 400). */
export const LIMITS = {
  maxLabels: 64,
  maxLabelNameLength: 128,
  maxLabelValueLength: 2048,
  maxMetricNameLength: 256,
  /** Points in one request (10 MB of text is ~200 k lines; this is a generous ceiling). */
  maxPoints: 2_000_000,
};

export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Canonical series key. Label values are escaped like the exposition format so keys never collide. */
export function seriesKey(metric: string, labels: Labels): string {
  const names = Object.keys(labels).sort();
  let s = `${metric}{`;
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (i) s += ",";
    s += `${n}="${escapeLabelValue(labels[n]!)}"`;
  }
  return `${s}}`;
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Throws a ParseError when a label set breaks the name rules or the limits. */
export function checkLabels(labels: Labels, line?: number): void {
  const names = Object.keys(labels);
  if (names.length > LIMITS.maxLabels)
    throw new ParseError(`too many labels (max ${LIMITS.maxLabels})`, line);
  for (const n of names) {
    if (n.length > LIMITS.maxLabelNameLength || !LABEL_NAME_RE.test(n))
      throw new ParseError(`invalid label name "${n.slice(0, 64)}"`, line);
    const v = labels[n]!;
    if (typeof v !== "string") throw new ParseError(`label ${n}: value must be a string`, line);
    if (v.length > LIMITS.maxLabelValueLength)
      throw new ParseError(`label ${n}: value longer than ${LIMITS.maxLabelValueLength} characters`, line);
  }
}

export function checkMetricName(name: string, line?: number): void {
  if (name.length > LIMITS.maxMetricNameLength || !METRIC_NAME_RE.test(name))
    throw new ParseError(`invalid metric name "${name.slice(0, 64)}"`, line);
}

/** Turns any name (OTLP's dotted names) into a valid Prometheus metric name. */
export function sanitizeMetricName(name: string): string {
  let s = name.replace(/[^a-zA-Z0-9_:]/g, "_");
  if (!/^[a-zA-Z_:]/.test(s)) s = `_${s}`;
  return s;
}

export function sanitizeLabelName(name: string): string {
  let s = name.replace(/[^a-zA-Z0-9_]/g, "_");
  if (!/^[a-zA-Z_]/.test(s)) s = `_${s}`;
  return s;
}

/** Formats a histogram bound as the `le` label value Prometheus uses ("0.5", "1", "+Inf"). */
export function formatLe(bound: number): string {
  if (bound === Number.POSITIVE_INFINITY) return "+Inf";
  if (bound === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(bound);
}

export function parseLe(le: string): number {
  if (le === "+Inf" || le === "Inf" || le === "inf" || le === "+inf") return Number.POSITIVE_INFINITY;
  if (le === "-Inf") return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(le)) return Number.NaN;
  return Number(le);
}

let batches = 0;

export class PointBatch {
  /** Unique per batch in this process (lets parsers' caches tell batches apart without holding them). */
  readonly id = ++batches;
  readonly series: SeriesDef[] = [];
  /** Series by key, for series[0, indexed) (filled on demand: see seriesFor). */
  private readonly index = new Map<string, number>();
  private indexed = 0;
  private keyedLookups = false;
  seriesIdx: number[] = [];
  ts: number[] = [];
  values: number[] = [];

  get size(): number {
    return this.ts.length;
  }

  /**
   * Index of a series in this batch, adding it on first sight. A series with a parser's ref is
   * found through the ref (it remembers its index in the batch being built): no hashing of the
   * long key per point, and `index` is only filled for lookups by key (see lookup). Two different
   * refs for one key would give two entries for one series, which the writer resolves to the same
   * id (parsers keep one ref per key).
   */
  seriesFor(
    metric: string,
    labels: Labels,
    kind: MetricKind,
    temporality: Temporality | null,
    key = seriesKey(metric, labels),
    ref?: SeriesRef,
  ) {
    if (ref !== undefined && ref.batchId === this.id) return ref.batchIndex!;
    // By key when there is no ref, or when series without refs were added (one may be this one).
    let i = ref === undefined || this.keyedLookups ? this.lookup(key) : undefined;
    if (i === undefined) {
      i = this.series.length;
      this.series.push(
        ref ? defOf(ref, key, metric, labels, kind, temporality) : { key, metric, labels, kind, temporality },
      );
    }
    if (ref !== undefined) {
      ref.batchId = this.id;
      ref.batchIndex = i;
    }
    return i;
  }

  /** Index by key; indexes the series added since the last lookup first. */
  private lookup(key: string): number | undefined {
    this.keyedLookups = true;
    for (; this.indexed < this.series.length; this.indexed++)
      this.index.set(this.series[this.indexed]!.key, this.indexed);
    return this.index.get(key);
  }

  push(seriesIndex: number, tsMs: number, value: number): void {
    this.seriesIdx.push(seriesIndex);
    this.ts.push(tsMs);
    this.values.push(value);
  }

  add(
    metric: string,
    labels: Labels,
    kind: MetricKind,
    temporality: Temporality | null,
    tsMs: number,
    value: number,
  ) {
    this.push(this.seriesFor(metric, labels, kind, temporality), tsMs, value);
  }

  /** Append another batch (series re-indexed). */
  append(other: PointBatch): void {
    const map = other.series.map((s) =>
      this.seriesFor(s.metric, s.labels, s.kind, s.temporality, s.key, s.ref),
    );
    for (let i = 0; i < other.size; i++) this.push(map[other.seriesIdx[i]!]!, other.ts[i]!, other.values[i]!);
  }

  /** Rows as plain objects (tests, debugging). */
  rows(): { metric: string; labels: Labels; ts: number; value: number }[] {
    return this.ts.map((ts, i) => {
      const s = this.series[this.seriesIdx[i]!]!;
      return { metric: s.metric, labels: s.labels, ts, value: this.values[i]! };
    });
  }
}

/** Valid unix-ms timestamp range we accept (year 1970..2200): guards against ns/µs mix-ups. */
export function checkTimestampMs(ts: number, line?: number): void {
  if (!Number.isFinite(ts) || ts < 0 || ts > 7_258_118_400_000)
    throw new ParseError(`timestamp out of range: ${ts} (expected unix milliseconds)`, line);
}

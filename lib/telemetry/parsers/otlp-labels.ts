/**
 * OTLP attributes → label sets → series, cached (otlp.ts walks the body, this resolves labels).
 * Exporters repeat the same attribute lists on every data point of every export, so a label set
 * is built and validated once per distinct list and then found by the list's signature; each set
 * remembers its series (key, and the database id the writer found) and its series index in the
 * batch being filled, so the per-point cost is a few field reads. Pure module.
 */
import {
  checkLabels,
  type Labels,
  type PointBatch,
  type SeriesRef,
  sanitizeLabelName,
  seriesKey,
  type Temporality,
} from "../batch";
import { LABEL_ALIASES, type MetricKind } from "../catalogue";
import { RawJson } from "./json-scan";

// biome-ignore lint/suspicious/noExplicitAny: OTLP JSON is walked defensively, field by field
export type Json = any;

export const isObj = (v: unknown): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
/** Arrays, including attribute lists left as text by parseJsonBuffer (json-scan.ts). */
export const arr = (v: unknown): Json[] =>
  Array.isArray(v) ? v : v instanceof RawJson ? arr(v.value()) : [];

export type LabelSet = {
  labels: Labels;
  /** `hw_type` (selects catalogue mappings such as GPU-only ones), "" when absent. */
  hw: string;
  /** The series of the first metric seen with this set; further metrics in `more`. */
  metric?: string;
  ref?: SeriesRef;
  more?: Map<string, SeriesRef>;
  /** Series index of (`metric`, these labels) in the batch `batchId` (see seriesIndex). */
  batchId?: number;
  batchIndex?: number;
};
/** Resource + scope labels of one scope of a body, and the cached label sets under them. */
export type Base = { labels: Labels; sets: Map<string, LabelSet> };

const CACHE_MAX = 200_000;
const MORE_KEYS_MAX = 64;
/** Label sets by the signature of the resource + scope labels, then of the point attributes. */
const labelSets = new Map<string, Map<string, LabelSet>>();
let labelSetCount = 0;
const labelNames = new Map<string, string>();

/** The base of one scopeMetrics entry: resource attributes, scope attributes, name and version. */
export function scopeBase(resourceLabels: Labels, scope: Json): Base {
  const scopeLabels: Labels = { ...attributesToLabels(scope?.attributes) };
  if (typeof scope?.name === "string" && scope.name) scopeLabels.otel_scope_name = scope.name;
  if (typeof scope?.version === "string" && scope.version) scopeLabels.otel_scope_version = scope.version;
  const labels = { ...resourceLabels, ...scopeLabels };
  const sig = JSON.stringify(labels);
  let sets = labelSets.get(sig);
  if (!sets) {
    sets = new Map();
    if (labelSets.size >= 10_000) labelSets.clear(); // hostile variety of resources: start over
    labelSets.set(sig, sets);
  }
  return { labels, sets };
}

/** The label set of a data point: base labels plus its attributes (point attributes win). */
export function pointLabels(base: Base, attrs: unknown): LabelSet {
  let sig = "";
  if (attrs instanceof RawJson) {
    // The same list text is the same RawJson object: its last answer, when under this base.
    const memo = attrs.memo;
    if (memo?.owner === base.sets) return memo.value as LabelSet;
    // The exact JSON text never starts like the signature built below: keys cannot collide.
    sig = attrs.text;
  } else if (Array.isArray(attrs))
    for (const a of attrs)
      if (isObj(a) && typeof a.key === "string") sig += `\u0001${a.key}\u0002${anyValueToString(a.value)}`;
  let hit = base.sets.get(sig);
  if (!hit) {
    const labels = { ...base.labels, ...attributesToLabels(attrs) };
    checkLabels(labels);
    hit = { labels, hw: labels.hw_type ?? "" };
    if (labelSetCount >= CACHE_MAX) {
      // Clear every base's sets (the maps stay attached to bases of the body being parsed).
      for (const sets of labelSets.values()) sets.clear();
      labelSetCount = 0;
    }
    labelSetCount++;
    base.sets.set(sig, hit);
  }
  if (attrs instanceof RawJson) attrs.memo = { owner: base.sets, value: hit };
  return hit;
}

/**
 * Index in `batch` of the series (`metric`, `l`): `l` is the set's own labels or labels derived
 * from them (a histogram's `le`, a summary's `quantile`).
 */
export function seriesIndex(
  batch: PointBatch,
  set: LabelSet,
  metric: string,
  l: Labels,
  kind: MetricKind,
  temporality: Temporality | null,
): number {
  if (l !== set.labels) return batch.seriesFor(metric, l, kind, temporality, seriesKey(metric, l));
  if (set.batchId === batch.id && set.metric === metric) return set.batchIndex!;
  const ref = cachedRef(metric, set);
  const i = batch.seriesFor(metric, l, kind, temporality, ref.key, ref);
  if (set.metric === metric) {
    set.batchId = batch.id;
    set.batchIndex = i;
  }
  return i;
}

function cachedRef(metric: string, set: LabelSet): SeriesRef {
  if (set.metric === metric) return set.ref!;
  let ref = set.more?.get(metric);
  if (ref === undefined) {
    ref = { key: seriesKey(metric, set.labels) };
    if (set.metric === undefined) {
      set.metric = metric;
      set.ref = ref;
    } else {
      set.more ??= new Map();
      if (set.more.size < MORE_KEYS_MAX) set.more.set(metric, ref);
    }
  }
  return ref;
}

function labelName(key: string): string {
  let n = labelNames.get(key);
  if (n === undefined) {
    n = LABEL_ALIASES[key] ?? sanitizeLabelName(key);
    if (labelNames.size < 10_000) labelNames.set(key, n);
  }
  return n;
}

export function attributesToLabels(attrs: unknown): Labels {
  const out: Labels = {};
  for (const a of arr(attrs)) {
    if (!isObj(a) || typeof a.key !== "string") continue;
    const name = labelName(a.key);
    out[name] = anyValueToString(a.value);
  }
  return out;
}

function anyValueToString(v: Json): string {
  if (!isObj(v)) return "";
  if ("stringValue" in v) return String(v.stringValue);
  if ("intValue" in v) return String(v.intValue);
  if ("doubleValue" in v) return String(v.doubleValue);
  if ("boolValue" in v) return String(v.boolValue);
  if ("bytesValue" in v) return String(v.bytesValue);
  if ("arrayValue" in v) return JSON.stringify(arr(v.arrayValue?.values).map(anyValueToString));
  if ("kvlistValue" in v)
    return JSON.stringify(
      Object.fromEntries(arr(v.kvlistValue?.values).map((kv) => [kv?.key, anyValueToString(kv?.value)])),
    );
  return "";
}

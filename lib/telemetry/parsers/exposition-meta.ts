/**
 * What a sample line's series means in its family (role, stored series, kind, unit factor,
 * histogram group), for the exposition parser (prometheus.ts). It depends only on the series text
 * and a few facts about the family in the body (FamilyContext, interned), so it is resolved once
 * per (series text, context) and kept on the cached SeriesText across bodies: exporters send the
 * same series under the same metadata on every scrape. Pure module.
 */
import {
  formatLe,
  type Labels,
  ParseError,
  parseLe,
  type SeriesRef,
  seriesKey,
  type Temporality,
} from "../batch";
import {
  conversionFactor,
  DCGM_FIELDS,
  type MetricKind,
  resolveSourceUnit,
  unitFromHelp,
} from "../catalogue";
import { type Role, renameLabels } from "./exposition-checks";
import { detach, type SeriesText } from "./series-text";

export type FamilyType =
  | "counter"
  | "gauge"
  | "histogram"
  | "gaugehistogram"
  | "summary"
  | "untyped"
  | "unknown"
  | "info"
  | "stateset";

/** The facts about a sample's family in one body that its meaning depends on. Interned. */
export type FamilyContext = {
  om: boolean;
  /** Family name, type, and the sample's role in it as its name says (`_bucket` → bucket…). */
  name: string;
  type: FamilyType;
  role: Role;
  /** Unit factor when the family is a mapped DCGM field (from its UNIT or HELP), else 1. */
  factor: number;
};

export type LineMeta = {
  ctx: FamilyContext;
  role: Role;
  factor: number;
  /** Histogram group identity (series without `le`) and the bucket bound, for bucket/count lines. */
  group?: string;
  le?: number;
  /** Value must be a non-negative number (counts, counter totals in OpenMetrics). */
  nonNegative: boolean;
  /** The series stored; absent for `_created` samples (dropped). */
  series?: {
    metric: string;
    labels: Labels;
    kind: MetricKind;
    temporality: Temporality | null;
    ref: SeriesRef;
  };
};

const contexts = new Map<string, FamilyContext>();

export function familyContext(
  om: boolean,
  family: { name: string; type: FamilyType; unit?: string; help?: string },
  role: Role,
): FamilyContext {
  const mapping = DCGM_FIELDS[family.name];
  const factor = mapping
    ? conversionFactor(resolveSourceUnit(mapping, family.unit || unitFromHelp(family.help)))
    : 1;
  // Detached: the name may be a slice of a metadata line, which would keep the body alive.
  const name = detach(family.name);
  const sig = `${om ? 1 : 0} ${role} ${family.type} ${factor} ${name}`;
  let ctx = contexts.get(sig);
  if (!ctx) {
    if (contexts.size >= 10_000) contexts.clear(); // then cached LineMetas just get resolved again
    ctx = { om, name, type: family.type, role, factor };
    contexts.set(sig, ctx);
  }
  return ctx;
}

/** The meaning of `st` under `ctx` (cached on `st`); throws ParseError with `line`. */
export function lineMeta(st: SeriesText, ctx: FamilyContext, line: number): LineMeta {
  const cached = st.meta;
  if (cached !== undefined && cached.ctx === ctx) return cached;
  const meta = resolve(st, ctx, line);
  st.meta = meta;
  return meta;
}

function resolve(st: SeriesText, ctx: FamilyContext, line: number): LineMeta {
  const { name: family, type: t, om } = ctx;
  const { name, labels } = st;
  let role = ctx.role;
  if (role === "value") {
    if (t === "counter" && om)
      throw new ParseError(`counter ${family}: samples must be named ${family}_total`, line);
    if (t === "histogram" || t === "gaugehistogram")
      throw new ParseError(`histogram ${family}: sample needs a _bucket/_sum/_count suffix`, line);
    if (t === "info") throw new ParseError(`info ${family}: samples must be named ${family}_info`, line);
    if (t === "summary") role = "quantile";
  }
  if (role === "quantile") {
    const q = labels.quantile;
    if (q === undefined) throw new ParseError(`summary ${family}: sample needs a quantile label`, line);
    const qv = parseLe(q);
    if (!(qv >= 0 && qv <= 1)) throw new ParseError(`summary ${family}: quantile must be in [0, 1]`, line);
  }
  let le: number | undefined;
  let group: string | undefined;
  let storedLabels = labels;
  let key = st.key;
  if (role === "bucket" || role === "count" || role === "gcount") {
    const rest: Labels = { ...labels };
    if (role === "bucket") {
      if (labels.le === undefined) throw new ParseError(`histogram ${family}: bucket without le label`, line);
      le = parseLe(labels.le);
      if (Number.isNaN(le))
        throw new ParseError(`histogram ${family}: invalid le "${labels.le.slice(0, 40)}"`, line);
      delete rest.le;
      const normalized = formatLe(le);
      if (normalized !== labels.le) {
        storedLabels = { ...labels, le: normalized };
        key = seriesKey(name, storedLabels);
      }
    }
    group = seriesKey(family, rest);
  }
  const nonNegative = role === "bucket" || role === "count" || role === "gcount" || (om && role === "total");
  if (role === "created") return { ctx, role, factor: 1, group, le, nonNegative };
  const kind: MetricKind =
    role === "bucket"
      ? "histogram"
      : role === "sum" || role === "count" || role === "total" || t === "counter"
        ? "counter"
        : role === "quantile"
          ? "summary"
          : t === "info"
            ? "info"
            : t === "gauge" || t === "stateset" || t === "gaugehistogram"
              ? "gauge"
              : "unknown";
  const temporality: Temporality | null =
    (t === "histogram" || t === "summary") && role !== "quantile"
      ? "cumulative"
      : t === "counter"
        ? "cumulative"
        : null;
  const mapping = (role === "value" || role === "total") && DCGM_FIELDS[family];
  if (!mapping) {
    const series = { metric: name, labels: storedLabels, kind, temporality, ref: { key } };
    return { ctx, role, factor: 1, group, le, nonNegative, series };
  }
  const metric = mapping.canonical;
  storedLabels = renameLabels(labels);
  const series = {
    metric,
    labels: storedLabels,
    kind: metric === "gpu_clock_event_reasons" ? ("bitmask" as const) : kind,
    temporality,
    ref: { key: seriesKey(metric, storedLabels) },
  };
  return { ctx, role, factor: ctx.factor, group, le, nonNegative, series };
}

/**
 * Prometheus text exposition 0.0.4 and OpenMetrics 1.0 text, parsed strictly: any syntax or
 * semantic error rejects the whole body (as a failed scrape would) with the 1-based line number.
 * Pure module (no I/O). Timestamps: milliseconds in 0.0.4, seconds in OpenMetrics; samples
 * without one take `nowMs`. Exemplars are checked for syntax and dropped; `_created` samples
 * are dropped (they restate the start time, not a value).
 */
import {
  checkTimestampMs,
  formatLe,
  type Labels,
  LIMITS,
  ParseError,
  PointBatch,
  parseLe,
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
import {
  type BucketObs,
  checkExemplar,
  checkHistogram,
  parseDescriptor,
  parseNumber,
  type Role,
  renameLabels,
} from "./exposition-checks";
import { readSeriesText } from "./series-text";

export type ExpositionFormat = "prometheus" | "openmetrics";

type FamilyType =
  | "counter"
  | "gauge"
  | "histogram"
  | "gaugehistogram"
  | "summary"
  | "untyped"
  | "unknown"
  | "info"
  | "stateset";

type Family = {
  name: string;
  type: FamilyType;
  typeSet: boolean;
  help?: string;
  unit?: string;
  hasSamples: boolean;
  closed: boolean;
};

const SUFFIXES: Record<FamilyType, [string, Role][]> = {
  counter: [
    ["_total", "total"],
    ["_created", "created"],
  ],
  histogram: [
    ["_bucket", "bucket"],
    ["_sum", "sum"],
    ["_count", "count"],
    ["_created", "created"],
  ],
  gaugehistogram: [
    ["_bucket", "bucket"],
    ["_gsum", "gsum"],
    ["_gcount", "gcount"],
  ],
  summary: [
    ["_sum", "sum"],
    ["_count", "count"],
    ["_created", "created"],
  ],
  info: [["_info", "info"]],
  gauge: [],
  untyped: [],
  unknown: [],
  stateset: [],
};

const PROM_TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const OM_TYPES = new Set([
  "counter",
  "gauge",
  "histogram",
  "gaugehistogram",
  "summary",
  "unknown",
  "info",
  "stateset",
]);

/** Per-line facts that depend only on (series text, family state): cached per body. */
type LineMeta = {
  seriesIndex: number;
  family: Family;
  role: Role;
  factor: number;
  /** Histogram group identity (series without `le`) and the bucket bound, for bucket/count lines. */
  group?: string;
  le?: number;
  /** Value must be a non-negative number (counts, counter totals in OpenMetrics). */
  nonNegative: boolean;
};

type Group = { family: Family; buckets: BucketObs[]; count?: number; firstLine: number };

export function parseExposition(text: string, format: ExpositionFormat, nowMs: number): PointBatch {
  const om = format === "openmetrics";
  const batch = new PointBatch();
  const families = new Map<string, Family>();
  // Keyed by the cached SeriesText object itself: identity hashing, no substring per line.
  const metaCache = new Map<object, LineMeta>();
  const lastTs: number[] = [];
  const groups = new Map<string, Group>();
  let current: Family | undefined;
  let eof = false;
  let lineNo = 0;
  let pos = 0;
  const len = text.length;

  const familyFor = (name: string, create: boolean): Family | undefined => {
    let f = families.get(name);
    if (!f && create) {
      f = { name, type: om ? "unknown" : "untyped", typeSet: false, hasSamples: false, closed: false };
      families.set(name, f);
    }
    return f;
  };

  const enter = (f: Family) => {
    if (current === f) return;
    if (om && f.closed)
      throw new ParseError(`metric family ${f.name} is interleaved with another family`, lineNo);
    if (current) current.closed = true;
    current = f;
  };

  while (pos < len) {
    let end = text.indexOf("\n", pos);
    const hasNewline = end !== -1;
    if (!hasNewline) end = len;
    let line = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    if (om) {
      if (eof) throw new ParseError("content after # EOF", lineNo);
      if (line === "# EOF") {
        eof = true;
        if (hasNewline && pos < len) throw new ParseError("content after # EOF", lineNo + 1);
        continue;
      }
      if (!hasNewline) throw new ParseError("line does not end with a newline", lineNo);
      if (line === "") throw new ParseError("empty lines are not allowed in OpenMetrics", lineNo);
    } else {
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      const first = line.charCodeAt(0);
      if (first === 32 || first === 9) line = line.trimStart();
      if (line === "") continue;
    }

    if (line.charCodeAt(0) === 35 /* # */) {
      const d = parseDescriptor(line, om, lineNo);
      if (!d) continue; // a plain comment (0.0.4 only)
      const f = familyFor(d.name, true)!;
      if (om) enter(f);
      if (d.kind === "TYPE") {
        if (f.typeSet) throw new ParseError(`second TYPE line for ${d.name}`, lineNo);
        if (f.hasSamples) throw new ParseError(`TYPE line for ${d.name} appears after its samples`, lineNo);
        if (!(om ? OM_TYPES : PROM_TYPES).has(d.value))
          throw new ParseError(`unknown metric type "${d.value}"`, lineNo);
        f.type = d.value as FamilyType;
        f.typeSet = true;
        metaCache.clear();
      } else if (d.kind === "HELP") {
        if (f.help !== undefined) throw new ParseError(`second HELP line for ${d.name}`, lineNo);
        f.help = d.value;
      } else {
        if (f.unit !== undefined) throw new ParseError(`second UNIT line for ${d.name}`, lineNo);
        if (d.value && !d.name.endsWith(`_${d.value}`))
          throw new ParseError(`metric name ${d.name} must end with its unit _${d.value}`, lineNo);
        f.unit = d.value;
      }
      if (f.hasSamples && om) throw new ParseError(`metadata for ${d.name} after its samples`, lineNo);
      continue;
    }

    const st = readSeriesText(line, om, lineNo);
    let meta = metaCache.get(st);
    if (!meta) {
      meta = resolveLine(st.name, st.labels, st.key, lineNo);
      metaCache.set(st, meta);
    }
    if (om) enter(meta.family);
    meta.family.hasSamples = true;

    // value [timestamp] [# exemplar]
    let i = st.length;
    if (line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9)
      throw new ParseError("expected a space before the value", lineNo);
    i++;
    if (!om) while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
    let j = i;
    while (j < line.length && line.charCodeAt(j) !== 32 && line.charCodeAt(j) !== 9) j++;
    if (j === i) throw new ParseError("missing value", lineNo);
    const value = parseNumber(line.slice(i, j), lineNo, "value");
    let ts = nowMs;
    i = j;
    if (!om) while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
    else if (i < line.length) i++;
    if (i < line.length && line.charCodeAt(i) !== 35) {
      j = i;
      while (j < line.length && line.charCodeAt(j) !== 32) j++;
      const tok = line.slice(i, j);
      if (om) {
        const secs = parseNumber(tok, lineNo, "timestamp");
        if (!Number.isFinite(secs)) throw new ParseError("timestamp must be finite", lineNo);
        ts = Math.round(secs * 1000);
      } else {
        if (!/^-?\d+$/.test(tok))
          throw new ParseError(`invalid timestamp "${tok.slice(0, 40)}" (integer milliseconds)`, lineNo);
        ts = Number(tok);
      }
      checkTimestampMs(ts, lineNo);
      i = j;
      if (!om) while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
      else if (i < line.length) i++;
    }
    if (i < line.length) {
      if (!om) throw new ParseError("unexpected text after the timestamp", lineNo);
      checkExemplar(line.slice(i), meta.role, lineNo);
    }

    if (meta.nonNegative && !(value >= 0))
      throw new ParseError("counts and counter totals must be ≥ 0 and not NaN", lineNo);
    if (meta.group !== undefined) {
      const gk = `${meta.group}@${ts}`;
      let g = groups.get(gk);
      if (!g) {
        g = { family: meta.family, buckets: [], firstLine: lineNo };
        groups.set(gk, g);
      }
      if (meta.role === "bucket") g.buckets.push({ le: meta.le!, value, line: lineNo });
      else g.count = value;
    }
    if (meta.role === "created" || meta.seriesIndex < 0) continue;
    const prev = lastTs[meta.seriesIndex];
    if (prev !== undefined && ts <= prev)
      throw new ParseError(
        "duplicate sample for the same series and timestamp (or timestamps not increasing)",
        lineNo,
      );
    lastTs[meta.seriesIndex] = ts;
    batch.push(meta.seriesIndex, ts, meta.factor === 1 ? value : value * meta.factor);
    if (batch.size > LIMITS.maxPoints)
      throw new ParseError(`more than ${LIMITS.maxPoints} samples in one body`, lineNo);
  }
  if (om && !eof) throw new ParseError("missing # EOF at the end of the body", lineNo);
  for (const g of groups.values()) checkHistogram(g, om);
  return batch;

  function resolveLine(name: string, labels: Labels, seriesTextKey: string, line: number): LineMeta {
    let family: Family | undefined;
    let role: Role = "value";
    const own = families.get(name);
    if (own?.typeSet || (own && !findSuffixFamily(name))) family = own;
    if (!family) {
      const found = findSuffixFamily(name);
      if (found) [family, role] = found;
    }
    family ??= familyFor(name, true)!;
    const t = family.type;
    if (role === "value") {
      if (t === "counter" && om)
        throw new ParseError(`counter ${family.name}: samples must be named ${family.name}_total`, line);
      if (t === "histogram" || t === "gaugehistogram")
        throw new ParseError(`histogram ${family.name}: sample needs a _bucket/_sum/_count suffix`, line);
      if (t === "info")
        throw new ParseError(`info ${family.name}: samples must be named ${family.name}_info`, line);
      if (t === "summary") role = "quantile";
    }
    if (role === "quantile") {
      const q = labels.quantile;
      if (q === undefined)
        throw new ParseError(`summary ${family.name}: sample needs a quantile label`, line);
      const qv = parseLe(q);
      if (!(qv >= 0 && qv <= 1))
        throw new ParseError(`summary ${family.name}: quantile must be in [0, 1]`, line);
    }
    let le: number | undefined;
    let group: string | undefined;
    let storedLabels = labels;
    let key = seriesTextKey;
    if (role === "bucket" || role === "count" || role === "gcount") {
      const rest: Labels = { ...labels };
      if (role === "bucket") {
        if (labels.le === undefined)
          throw new ParseError(`histogram ${family.name}: bucket without le label`, line);
        le = parseLe(labels.le);
        if (Number.isNaN(le))
          throw new ParseError(`histogram ${family.name}: invalid le "${labels.le.slice(0, 40)}"`, line);
        delete rest.le;
        const normalized = formatLe(le);
        if (normalized !== labels.le) {
          storedLabels = { ...labels, le: normalized };
          key = seriesKey(name, storedLabels);
        }
      }
      group = seriesKey(family.name, rest);
    }
    if (role === "created") return { seriesIndex: -1, family, role, factor: 1, nonNegative: false };
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
    let factor = 1;
    let metric = name;
    const mapping = (role === "value" || role === "total") && DCGM_FIELDS[family.name];
    if (mapping) {
      metric = mapping.canonical;
      factor = conversionFactor(resolveSourceUnit(mapping, family.unit || unitFromHelp(family.help)));
      storedLabels = renameLabels(labels);
      key = seriesKey(metric, storedLabels);
    }
    const nonNegative =
      role === "bucket" || role === "count" || role === "gcount" || (om && role === "total");
    const seriesIndex = batch.seriesFor(
      metric,
      storedLabels,
      mapping ? (metric === "gpu_clock_event_reasons" ? "bitmask" : kind) : kind,
      temporality,
      key,
    );
    return { seriesIndex, family, role, factor, group, le, nonNegative };
  }

  function findSuffixFamily(name: string): [Family, Role] | undefined {
    for (const sfx of ["_bucket", "_sum", "_count", "_total", "_created", "_gsum", "_gcount", "_info"]) {
      if (!name.endsWith(sfx)) continue;
      const f = families.get(name.slice(0, -sfx.length));
      if (!f) continue;
      const match = SUFFIXES[f.type].find(([s]) => s === sfx);
      if (match) return [f, match[1]];
    }
    return undefined;
  }
}

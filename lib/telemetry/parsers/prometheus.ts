/**
 * Prometheus text exposition 0.0.4 and OpenMetrics 1.0 text, parsed strictly: any syntax or
 * semantic error rejects the whole body (as a failed scrape would) with the 1-based line number.
 * Pure module (no I/O). Timestamps: milliseconds in 0.0.4, seconds in OpenMetrics; samples
 * without one take `nowMs`. Exemplars are checked for syntax and dropped; `_created` samples
 * are dropped (they restate the start time, not a value).
 */
import { checkTimestampMs, LIMITS, ParseError, PointBatch } from "../batch";
import {
  type BucketObs,
  checkExemplar,
  checkHistogram,
  parseDescriptor,
  parseNumberAt,
  type Role,
} from "./exposition-checks";
import { type FamilyContext, type FamilyType, familyContext, lineMeta } from "./exposition-meta";
import { readSeriesText, type SeriesText } from "./series-text";

export type ExpositionFormat = "prometheus" | "openmetrics";

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

type Group = { family: Family; buckets: BucketObs[]; count?: number; firstLine: number };

export function parseExposition(text: string, format: ExpositionFormat, nowMs: number): PointBatch {
  const om = format === "openmetrics";
  const batch = new PointBatch();
  const families = new Map<string, Family>();
  /** Family and context of a sample name, until the next metadata line. */
  const nameCache = new Map<string, { family: Family; ctx: FamilyContext }>();
  let lastName = "";
  let lastFamily: { family: Family; ctx: FamilyContext } | undefined;
  const lastTs: number[] = [];
  const groups = new Map<string, Group>();
  let current: Family | undefined;
  let prevSeries: SeriesText | undefined;
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
      nameCache.clear(); // a type, unit or help can change what later samples mean
      lastFamily = undefined;
      continue;
    }

    const st = readSeriesText(line, om, lineNo, prevSeries);
    prevSeries = st;
    const { family, ctx } = familyOf(st.name);
    const meta = lineMeta(st, ctx, lineNo);
    if (om) enter(family);
    family.hasSamples = true;

    // value [timestamp] [# exemplar]
    let i = st.length;
    if (line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9)
      throw new ParseError("expected a space before the value", lineNo);
    i++;
    if (!om) while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
    let j = i;
    while (j < line.length && line.charCodeAt(j) !== 32 && line.charCodeAt(j) !== 9) j++;
    if (j === i) throw new ParseError("missing value", lineNo);
    const value = parseNumberAt(line, i, j, lineNo, "value");
    let ts = nowMs;
    i = j;
    if (!om) while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
    else if (i < line.length) i++;
    if (i < line.length && line.charCodeAt(i) !== 35) {
      j = i;
      while (j < line.length && line.charCodeAt(j) !== 32) j++;
      if (om) {
        const secs = parseNumberAt(line, i, j, lineNo, "timestamp");
        if (!Number.isFinite(secs)) throw new ParseError("timestamp must be finite", lineNo);
        ts = Math.round(secs * 1000);
      } else ts = integerAt(line, i, j, lineNo);
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
        g = { family, buckets: [], firstLine: lineNo };
        groups.set(gk, g);
      }
      if (meta.role === "bucket") g.buckets.push({ le: meta.le!, value, line: lineNo });
      else g.count = value;
    }
    const series = meta.series;
    if (!series) continue; // _created
    const seriesIndex = batch.seriesFor(
      series.metric,
      series.labels,
      series.kind,
      series.temporality,
      series.ref.key,
      series.ref,
    );
    const prev = lastTs[seriesIndex];
    if (prev !== undefined && ts <= prev)
      throw new ParseError(
        "duplicate sample for the same series and timestamp (or timestamps not increasing)",
        lineNo,
      );
    lastTs[seriesIndex] = ts;
    batch.push(seriesIndex, ts, meta.factor === 1 ? value : value * meta.factor);
    if (batch.size > LIMITS.maxPoints)
      throw new ParseError(`more than ${LIMITS.maxPoints} samples in one body`, lineNo);
  }
  if (om && !eof) throw new ParseError("missing # EOF at the end of the body", lineNo);
  for (const g of groups.values()) checkHistogram(g, om);
  return batch;

  /** The family a sample name belongs to, and the context its samples are read in. */
  function familyOf(name: string): { family: Family; ctx: FamilyContext } {
    // Samples of one family come together: the previous line's answer usually holds.
    if (lastFamily && name === lastName) return lastFamily;
    let hit = nameCache.get(name);
    if (!hit) {
      const own = families.get(name);
      const [family, role]: [Family, Role] =
        own?.typeSet || (own && !findSuffixFamily(name))
          ? [own, "value"]
          : (findSuffixFamily(name) ?? [familyFor(name, true)!, "value"]);
      hit = { family, ctx: familyContext(om, family, role) };
      nameCache.set(name, hit);
    }
    lastName = name;
    lastFamily = hit;
    return hit;
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

/** A 0.0.4 timestamp: integer milliseconds, digits read in place (no substring, no RegExp). */
function integerAt(line: string, from: number, to: number, lineNo: number): number {
  let i = line.charCodeAt(from) === 45 ? from + 1 : from;
  let v = 0;
  const ok = i < to && to - i <= 15;
  for (; ok && i < to; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  if (ok && i === to) return line.charCodeAt(from) === 45 ? -v : v;
  const tok = line.slice(from, to);
  if (!/^-?\d+$/.test(tok))
    throw new ParseError(`invalid timestamp "${tok.slice(0, 40)}" (integer milliseconds)`, lineNo);
  return Number(tok);
}

/**
 * The `name{label="value",…}` part of a Prometheus / OpenMetrics sample line, parsed once and
 * cached by its exact text: exporters repeat the same series on every scrape, so the hot path
 * mostly does one Map lookup per line instead of re-reading labels. Pure module.
 */
import { escapeLabelValue, type Labels, LIMITS, ParseError } from "../batch";
import type { LineMeta } from "./exposition-meta";

export type SeriesText = {
  name: string;
  labels: Labels;
  /** Sorted, escaped `{a="1",b="2"}`, so `name + labelKey` is the canonical series key. */
  labelKey: string;
  /** Characters the series text occupies at the start of the line. */
  length: number;
  /** `name + labelKey`, built once: the same string object every time, so Map lookups hash it once. */
  key: string;
  /** The exact source text (the cache key). */
  text: string;
  /** The series that followed this one in the last body that had it (see readSeriesText). */
  next?: SeriesText;
  /** What it meant the last time, and in which family context (exposition-meta.ts). */
  meta?: LineMeta;
};

const CACHE_MAX = 200_000;
const caches = { prometheus: new Map<string, SeriesText>(), openmetrics: new Map<string, SeriesText>() };

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);
const isLabelStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isLabelChar = (c: number) => isLabelStart(c) || (c >= 48 && c <= 57);

/**
 * Reads the series text at the start of `line`; throws ParseError with `lineNo` on bad syntax.
 * `prev` is the previous line's series: exporters print their series in the same order on every
 * scrape, so the series that followed `prev` last time is tried first, with one prefix compare
 * instead of hashing the text (a series text followed by a blank parses to that series alone).
 */
export function readSeriesText(
  line: string,
  openMetrics: boolean,
  lineNo: number,
  prev?: SeriesText,
): SeriesText {
  const next = prev?.next;
  if (next !== undefined) {
    const n = next.text.length;
    const c = line.charCodeAt(n);
    // slice + === compares natively (several times faster than startsWith here).
    if ((c === 32 || c === 9) && line.slice(0, n) === next.text) return next;
  }
  const st = lookup(line, openMetrics, lineNo);
  if (prev) prev.next = st;
  return st;
}

function lookup(line: string, openMetrics: boolean, lineNo: number): SeriesText {
  const cache = openMetrics ? caches.openmetrics : caches.prometheus;
  // Cheap guess at where the series text ends; a guess that lands inside a quoted value is
  // never a cache key (it would be unterminated, hence never parsed successfully).
  const brace = line.indexOf("{");
  const space = line.indexOf(" ");
  let guess: string | undefined;
  if (brace !== -1 && (space === -1 || brace < space)) {
    const close = line.indexOf("} ", brace);
    if (close !== -1) guess = line.slice(0, close + 1);
  } else if (space !== -1) guess = line.slice(0, space);
  if (guess !== undefined) {
    const hit = cache.get(guess);
    if (hit) return hit;
  }
  const parsed = parseSeriesText(line, openMetrics, lineNo);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(parsed.text, parsed);
  return parsed;
}

function parseSeriesText(line: string, openMetrics: boolean, lineNo: number): SeriesText {
  let i = 0;
  const n = line.length;
  if (i >= n || !isNameStart(line.charCodeAt(i))) throw new ParseError("expected a metric name", lineNo);
  while (i < n && isNameChar(line.charCodeAt(i))) i++;
  const name = line.slice(0, i);
  if (name.length > LIMITS.maxMetricNameLength) throw new ParseError("metric name too long", lineNo);
  const labels: Labels = Object.create(null);
  const names: string[] = [];
  if (line.charCodeAt(i) === 123 /* { */) {
    i++;
    for (;;) {
      if (!openMetrics) while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
      if (line.charCodeAt(i) === 125 /* } */) {
        if (openMetrics && names.length > 0) throw new ParseError("trailing comma in label set", lineNo);
        i++;
        break;
      }
      const start = i;
      if (!isLabelStart(line.charCodeAt(i))) throw new ParseError("expected a label name", lineNo);
      while (i < n && isLabelChar(line.charCodeAt(i))) i++;
      const lname = line.slice(start, i);
      if (lname.length > LIMITS.maxLabelNameLength) throw new ParseError("label name too long", lineNo);
      if (!openMetrics) while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
      if (line.charCodeAt(i) !== 61 /* = */)
        throw new ParseError(`expected "=" after label ${lname}`, lineNo);
      i++;
      if (!openMetrics) while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
      if (line.charCodeAt(i) !== 34 /* " */)
        throw new ParseError(`label ${lname}: value must be quoted`, lineNo);
      i++;
      let value = "";
      let segment = i;
      for (;;) {
        if (i >= n) throw new ParseError(`label ${lname}: unterminated value`, lineNo);
        const c = line.charCodeAt(i);
        if (c === 34) break;
        if (c === 92 /* \ */) {
          value += line.slice(segment, i);
          const e = line.charCodeAt(i + 1);
          if (e === 92) value += "\\";
          else if (e === 34) value += '"';
          else if (e === 110) value += "\n";
          else throw new ParseError(`label ${lname}: invalid escape sequence`, lineNo);
          i += 2;
          segment = i;
          continue;
        }
        i++;
      }
      value += line.slice(segment, i);
      i++; // closing quote
      if (value.length > LIMITS.maxLabelValueLength)
        throw new ParseError(
          `label ${lname}: value longer than ${LIMITS.maxLabelValueLength} characters`,
          lineNo,
        );
      if (lname in labels) throw new ParseError(`duplicate label ${lname}`, lineNo);
      if (names.length >= LIMITS.maxLabels)
        throw new ParseError(`too many labels (max ${LIMITS.maxLabels})`, lineNo);
      if (lname.startsWith("__"))
        throw new ParseError(`label names starting with __ are reserved: ${lname}`, lineNo);
      labels[lname] = value;
      names.push(lname);
      if (!openMetrics) while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
      const sep = line.charCodeAt(i);
      if (sep === 44 /* , */) {
        i++;
        continue;
      }
      if (sep === 125) {
        i++;
        break;
      }
      throw new ParseError(`expected "," or "}" after label ${lname}`, lineNo);
    }
  }
  names.sort();
  let labelKey = "{";
  for (let k = 0; k < names.length; k++) {
    if (k) labelKey += ",";
    labelKey += `${names[k]}="${escapeLabelValue(labels[names[k]!]!)}"`;
  }
  labelKey += "}";
  // Cached strings are detached copies: a slice of `line` would keep the whole body alive.
  const copy: Labels = {};
  for (const n in labels) copy[n] = detach(labels[n]!);
  const key = detach(name + labelKey);
  return {
    name: metricName(name),
    labels: copy,
    labelKey: key.slice(name.length),
    length: i,
    key,
    text: detach(line.slice(0, i)),
  };
}

/** One string object per metric name: Map lookups by name then compare pointers, not text. */
const metricNames = new Map<string, string>();
function metricName(name: string): string {
  let n = metricNames.get(name);
  if (n === undefined) {
    if (metricNames.size >= CACHE_MAX) metricNames.clear();
    n = detach(name);
    metricNames.set(n, n);
  }
  return n;
}

/**
 * A copy of `s` that does not reference the string it was sliced from (V8 flattens the
 * concatenation into a new string before slicing it).
 */
export function detach(s: string): string {
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}

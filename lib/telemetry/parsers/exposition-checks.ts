/**
 * Pieces of the exposition parser (prometheus.ts): metadata lines, exemplars, histogram group
 * checks, numbers and label renames. Pure module.
 */
import { type Labels, ParseError } from "../batch";
import { LABEL_ALIASES } from "../catalogue";
import { readSeriesText } from "./series-text";

export type Role =
  | "value"
  | "total"
  | "created"
  | "bucket"
  | "sum"
  | "count"
  | "quantile"
  | "gsum"
  | "gcount"
  | "info";
export type BucketObs = { le: number; value: number; line: number };
export type Group = {
  family: { name: string; type: string };
  buckets: BucketObs[];
  count?: number;
  firstLine: number;
};

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(tok: string, lineNo: number, what: string): number {
  const c = tok.charCodeAt(0);
  // Fast path: plain decimals (the overwhelmingly common case).
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (NUMBER_RE.test(tok)) return Number(tok);
  }
  switch (tok) {
    case "NaN":
    case "nan":
      return Number.NaN;
    case "+Inf":
    case "Inf":
    case "+inf":
    case "inf":
      return Number.POSITIVE_INFINITY;
    case "-Inf":
    case "-inf":
      return Number.NEGATIVE_INFINITY;
  }
  throw new ParseError(`invalid ${what} "${tok.slice(0, 40)}"`, lineNo);
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * parseNumber(line.slice(from, to)), without the slice for plain decimals of at most 15 digits:
 * digits ÷ 10^(fraction digits) is then exact operands divided once, i.e. the correctly rounded
 * value Number() gives. Anything else takes parseNumber's path.
 */
export function parseNumberAt(line: string, from: number, to: number, lineNo: number, what: string): number {
  let i = from;
  const sign = line.charCodeAt(i);
  if (sign === 45 || sign === 43) i++;
  let m = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) fraction = 0;
    else return parseNumber(line.slice(from, to), lineNo, what);
  }
  if (digits === 0 || digits > 15) return parseNumber(line.slice(from, to), lineNo, what);
  const v = fraction > 0 ? m / POW10[fraction]! : m;
  return sign === 45 ? -v : v;
}

/** GPU identity labels under our names (host, gpu, uuid, model), whatever the exporter called them. */
export function renameLabels(labels: Labels): Labels {
  let out: Labels | undefined;
  for (const k in labels) {
    const alias = LABEL_ALIASES[k];
    if (alias && alias !== k) {
      out ??= { ...labels };
      if (out[alias] === undefined) out[alias] = labels[k]!;
      delete out[k];
    }
  }
  return out ?? labels;
}

export function parseDescriptor(
  line: string,
  om: boolean,
  lineNo: number,
): { kind: "HELP" | "TYPE" | "UNIT"; name: string; value: string } | null {
  const m = om
    ? /^# (HELP|TYPE|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*)(?: (.*))?$/.exec(line)
    : /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line);
  if (!m) {
    if (om)
      throw new ParseError(
        "invalid line: OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF comments",
        lineNo,
      );
    if (/^#[ \t]+(HELP|TYPE)\b/.test(line)) throw new ParseError("malformed HELP/TYPE line", lineNo);
    return null;
  }
  const kind = m[1] as "HELP" | "TYPE" | "UNIT";
  const name = m[2]!;
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name))
    throw new ParseError(`invalid metric name "${name.slice(0, 64)}"`, lineNo);
  let value = m[3] ?? "";
  if (kind === "TYPE") value = value.trim();
  if (kind === "HELP") value = unescapeHelp(value, om, lineNo);
  if (kind === "TYPE" && value === "") throw new ParseError(`TYPE line for ${name} without a type`, lineNo);
  return { kind, name, value };
}

function unescapeHelp(s: string, om: boolean, lineNo: number): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\(.?)/g, (_, c: string) => {
    if (c === "\\") return "\\";
    if (c === "n") return "\n";
    if (c === '"' && om) return '"';
    if (om) throw new ParseError("invalid escape sequence in HELP", lineNo);
    return `\\${c}`; // 0.0.4 leaves other backslashes alone
  });
}

export function checkExemplar(rest: string, role: Role, lineNo: number): void {
  if (!rest.startsWith("# {")) throw new ParseError("unexpected text after the value", lineNo);
  if (role !== "bucket" && role !== "total")
    throw new ParseError("exemplars are only allowed on counters and buckets", lineNo);
  const close = rest.indexOf("} ");
  if (close === -1) throw new ParseError("malformed exemplar", lineNo);
  const labelsText = rest.slice(2, close + 1);
  try {
    readSeriesText(`x${labelsText} 0`, true, lineNo);
  } catch (err) {
    throw new ParseError(`malformed exemplar: ${(err as Error).message}`, lineNo);
  }
  if (labelsText.length > 130) throw new ParseError("exemplar labels longer than 128 characters", lineNo);
  const tail = rest.slice(close + 2).split(" ");
  if (tail.length < 1 || tail.length > 2 || tail[0] === "")
    throw new ParseError("malformed exemplar value", lineNo);
  for (const t of tail) parseNumber(t, lineNo, "exemplar value");
}

export function checkHistogram(g: Group, om: boolean): void {
  const name = g.family.name;
  if (g.buckets.length === 0) {
    if (g.count !== undefined && g.family.type === "histogram" && om)
      throw new ParseError(`histogram ${name}: _count without buckets`, g.firstLine);
    return;
  }
  if (om) {
    for (let k = 1; k < g.buckets.length; k++)
      if (!(g.buckets[k]!.le > g.buckets[k - 1]!.le))
        throw new ParseError(`histogram ${name}: buckets must be in increasing le order`, g.buckets[k]!.line);
  }
  const sorted = om ? g.buckets : [...g.buckets].sort((a, b) => a.le - b.le);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.le === sorted[k - 1]!.le)
      throw new ParseError(`histogram ${name}: duplicate bucket`, sorted[k]!.line);
    if (sorted[k]!.value < sorted[k - 1]!.value)
      throw new ParseError(`histogram ${name}: bucket counts must not decrease as le grows`, sorted[k]!.line);
  }
  const last = sorted[sorted.length - 1]!;
  if (last.le !== Number.POSITIVE_INFINITY)
    throw new ParseError(`histogram ${name}: the +Inf bucket is missing`, last.line);
  if (om && g.count !== undefined && g.count !== last.value)
    throw new ParseError(
      `histogram ${name}: _count (${g.count}) differs from the +Inf bucket (${last.value})`,
      last.line,
    );
}

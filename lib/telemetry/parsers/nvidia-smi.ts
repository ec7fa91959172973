/**
 * The CSV `nvidia-smi --query-gpu=<fields> --format=csv[,noheader][,nounits]` prints, with any
 * set of fields. Header names may carry unit tags (`power.draw [W]`); values may carry units
 * (`77.91 W`) or be `[N/A]` / `[Not Supported]` (skipped: no reading). Timestamps
 * (`2026/11/26 06:22:27.309`) have no zone: `tz` says which (IANA name, "UTC" or ±HH:MM).
 * Any malformed row rejects the whole body (line and field named). Pure module.
 */
import { checkTimestampMs, type Labels, LIMITS, ParseError, PointBatch, sanitizeMetricName } from "../batch";
import { CATALOGUE, conversionFactor, NVIDIA_SMI_FIELDS, unitFactor } from "../catalogue";

export type NvidiaSmiOptions = {
  host: string;
  tz?: string;
  /** Field list for `noheader` output (the --query-gpu list, comma-separated). */
  fields?: string[];
  nowMs: number;
};

/** Columns used as identity labels or ignored (text, no numeric reading). */
const IDENTITY_FIELDS = new Set([
  "timestamp",
  "name",
  "gpu_name",
  "uuid",
  "gpu_uuid",
  "index",
  "pci.bus_id",
  "gpu_bus_id",
]);
const PER_REASON = /^clocks_(event|throttle)_reasons\.(?!active$)/;

type Column = { field: string; unit?: string; metric?: string; factor: number; skip: boolean };

export function parseNvidiaSmiCsv(text: string, opts: NvidiaSmiOptions): PointBatch {
  const lines = text.split("\n");
  let lineNo = 0;
  let header: string[] | undefined;
  if (opts.fields?.length) header = opts.fields.map((f) => f.trim());
  const batch = new PointBatch();
  const zone = zoneResolver(opts.tz ?? "UTC");
  let columns: Column[] | undefined;
  const gpuIndexByUuid = new Map<string, string>();
  const lastTsBySeries: number[] = [];

  for (const raw of lines) {
    lineNo++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    const cells = line.split(",").map((c) => c.trim());
    if (!header) {
      if (!cells.some((c) => /^[a-z_]+(\.[a-z_]+)*( \[.*\])?$/.test(c)) || cells.some((c) => /^\d/.test(c)))
        throw new ParseError("expected a CSV header line (or pass fields= for noheader output)", lineNo);
      header = cells;
      continue;
    }
    if (!columns) columns = planColumns(header, lineNo);
    if (cells.length !== columns.length)
      throw new ParseError(`expected ${columns.length} fields, found ${cells.length}`, lineNo);

    const cell = (names: string[]) => {
      const i = columns!.findIndex((c) => names.includes(c.field));
      return i === -1 ? undefined : cells[i];
    };
    const tsText = cell(["timestamp"]);
    const ts = tsText === undefined ? opts.nowMs : parseTimestamp(tsText, zone, lineNo);
    const uuid = cell(["uuid", "gpu_uuid"]) ?? "";
    let gpu = cell(["index"]);
    if (gpu === undefined) {
      // No index column: number GPUs in order of first appearance (one GPU → "0").
      gpu = gpuIndexByUuid.get(uuid);
      if (gpu === undefined) {
        gpu = String(gpuIndexByUuid.size);
        gpuIndexByUuid.set(uuid, gpu);
      }
    }
    const labels: Labels = { host: opts.host, gpu, uuid, model: cell(["name", "gpu_name"]) ?? "" };
    if (labels.uuid === "") delete labels.uuid;
    if (labels.model === "") delete labels.model;

    for (let c = 0; c < columns.length; c++) {
      const col = columns[c]!;
      if (col.skip) continue;
      const value = parseCell(cells[c]!, col, lineNo);
      if (value === null) continue;
      const s = batch.seriesFor(col.metric!, labels, CATALOGUE[col.metric!]?.kind ?? "gauge", null);
      const prev = lastTsBySeries[s];
      if (prev !== undefined && ts <= prev)
        throw new ParseError("duplicate sample for the same GPU and timestamp", lineNo);
      lastTsBySeries[s] = ts;
      batch.push(s, ts, value);
    }
    if (batch.size > LIMITS.maxPoints) throw new ParseError("too many samples in one body", lineNo);
  }
  if (!header) throw new ParseError("empty body", 1);
  return batch;
}

function planColumns(header: string[], lineNo: number): Column[] {
  const fields = header.map((h) => {
    const m = /^(.*?)\s*(?:\[(.*)\])?$/.exec(h)!;
    return { field: m[1]!.trim(), unit: m[2]?.trim() };
  });
  const hasEnforced = fields.some((f) => f.field === "enforced.power.limit");
  const seen = new Set<string>();
  return fields.map(({ field, unit }) => {
    if (!field) throw new ParseError("empty column name in the header", lineNo);
    if (seen.has(field)) throw new ParseError(`duplicate column ${field}`, lineNo);
    seen.add(field);
    // The limit that applies is the enforced one; power.limit only when enforced is not queried.
    if (IDENTITY_FIELDS.has(field) || PER_REASON.test(field) || (field === "power.limit" && hasEnforced))
      return { field, unit, factor: 1, skip: true };
    const mapping = NVIDIA_SMI_FIELDS[field];
    if (mapping) {
      const sourceUnit = unit && unitFactor(unit) !== undefined ? unit : mapping.unit;
      return { field, unit, metric: mapping.canonical, factor: conversionFactor(sourceUnit), skip: false };
    }
    // Unknown field: kept under its own name (never dropped), value as printed.
    return { field, unit, metric: `nvidia_smi_${sanitizeMetricName(field)}`, factor: 1, skip: false };
  });
}

function parseCell(text: string, col: Column, lineNo: number): number | null {
  if (text === "" || text.startsWith("[") || text === "N/A" || text === "Not Supported") return null;
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number(BigInt(text));
  if (col.metric === "gpu_performance_state") {
    const m = /^P(\d{1,2})$/.exec(text);
    if (!m)
      throw new ParseError(
        `${col.field}: invalid performance state "${text.slice(0, 20)}"`,
        lineNo,
        col.field,
      );
    return Number(m[1]);
  }
  if (text === "Active") return 1;
  if (text === "Not Active") return 0;
  if (text === "Enabled") return 1;
  if (text === "Disabled") return 0;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\s*(\S+))?$/.exec(text);
  if (!m) throw new ParseError(`${col.field}: not a number "${text.slice(0, 40)}"`, lineNo, col.field);
  const n = Number(m[1]);
  const valueUnit = m[2];
  if (valueUnit && col.metric && !col.metric.startsWith("nvidia_smi_")) {
    const f = unitFactor(valueUnit);
    if (f === undefined)
      throw new ParseError(`${col.field}: unknown unit "${valueUnit.slice(0, 20)}"`, lineNo, col.field);
    return n * f;
  }
  return n * col.factor;
}

function parseTimestamp(text: string, toUtc: (parts: number[]) => number, lineNo: number): number {
  const m = /^(\d{4})[/-](\d{2})[/-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (!m)
    throw new ParseError(
      `timestamp: expected YYYY/MM/DD HH:MM:SS.mmm, got "${text.slice(0, 40)}"`,
      lineNo,
      "timestamp",
    );
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  const ts = toUtc([+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms]);
  checkTimestampMs(ts, lineNo);
  return ts;
}

/** Wall-clock parts in `tz` → unix ms. Throws ParseError for an unknown zone. */
export function zoneResolver(tz: string): (parts: number[]) => number {
  const naive = (p: number[]) => Date.UTC(p[0]!, p[1]! - 1, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!);
  if (/^(UTC|GMT|Z)$/i.test(tz)) return naive;
  const off = /^([+-])(\d{2}):?(\d{2})$/.exec(tz);
  if (off) {
    const minutes = (off[1] === "-" ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3]));
    return (p) => naive(p) - minutes * 60_000;
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
  } catch {
    throw new ParseError(`unknown time zone "${tz.slice(0, 60)}"`, undefined, "tz");
  }
  const offsetAt = (utcMs: number) => {
    const parts = Object.fromEntries(fmt.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
    const asUtc = Date.UTC(
      +parts.year!,
      +parts.month! - 1,
      +parts.day!,
      +parts.hour!,
      +parts.minute!,
      +parts.second!,
    );
    return asUtc - Math.floor(utcMs / 1000) * 1000;
  };
  return (p) => {
    const guess = naive(p);
    const first = guess - offsetAt(guess);
    return guess - offsetAt(first);
  };
}

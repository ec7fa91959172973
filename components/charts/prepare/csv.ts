import { type Labels, labelKey, type Series } from "./types";

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A panel's series as CSV in long form — `time_utc,time_ms,series,<label columns…>,value,unit` —
 * with exact stored values (no display scaling) so the export can be re-analysed. Label columns
 * are the union of all series' labels.
 */
export function seriesToCsv(input: { metric?: string; unit: string; series: Series[] }[]): string {
  const labelNames = [
    ...new Set(input.flatMap((r) => r.series.flatMap((s) => Object.keys(s.labels)))),
  ].sort();
  const header = ["time_utc", "time_ms", "metric", ...labelNames, "value", "unit"];
  const lines = [header.map(field).join(",")];
  for (const result of input) {
    for (const s of result.series) {
      const labels: Labels = s.labels;
      for (const [t, v] of s.points) {
        lines.push(
          [
            new Date(t).toISOString(),
            String(t),
            result.metric ?? labelKey(labels),
            ...labelNames.map((n) => labels[n] ?? ""),
            v === null ? "" : String(v),
            result.unit,
          ]
            .map(field)
            .join(","),
        );
      }
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** A file name for a panel export: `sre-gpu-temperature-20261126T062227Z.csv`. */
export function csvFileName(panel: string, fromMs: number): string {
  const slug = panel
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  const stamp = new Date(fromMs)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${slug}-${stamp}.csv`;
}

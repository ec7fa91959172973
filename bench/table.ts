/** Prints a Markdown table (benchmarks print their results so they can be pasted into docs). */
export function printTable(
  header: string[],
  rows: string[][],
  opts: { rightAlignAfterFirst?: boolean } = {},
) {
  const right = (i: number) => Boolean(opts.rightAlignAfterFirst) && i > 0;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (right(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (right(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`,
  );
  for (const r of rows) console.log(line(r));
}

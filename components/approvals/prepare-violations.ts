/** Violations per bucket and cause → stacked-bar rows (every bucket present, zeros filled). Pure. */
export type ViolationPoint = { atMs: number; cause: string; count: number };
export type ViolationBars = {
  rows: ({ t: number } & Record<string, number>)[];
  causes: string[];
  total: number;
};

export function prepareViolationBars(
  points: ViolationPoint[],
  fromMs: number,
  toMs: number,
  stepMs: number,
): ViolationBars {
  const causes = [...new Set(points.map((p) => p.cause))].sort();
  const start = Math.floor(fromMs / stepMs) * stepMs;
  const rows: ViolationBars["rows"] = [];
  const byT = new Map<number, (typeof rows)[number]>();
  for (let t = start; t <= toMs; t += stepMs) {
    const row = { t, ...Object.fromEntries(causes.map((c) => [c, 0])) } as (typeof rows)[number];
    rows.push(row);
    byT.set(t, row);
  }
  let total = 0;
  for (const p of points) {
    const row = byT.get(Math.floor(p.atMs / stepMs) * stepMs);
    if (!row) continue;
    row[p.cause] = (row[p.cause] ?? 0) + p.count;
    total += p.count;
  }
  return { rows, causes, total };
}

import "server-only";
import { type DbHandle, getDbHandle } from "@/lib/db/client";
import { CATALOGUE, unitOf } from "./catalogue";
import { rawRows } from "./sql";

/** `{series, points}` stored (points: exact count; cheap enough at our scale with the PK index). */
export async function telemetryStats(handle?: DbHandle): Promise<{ series: number; points: number }> {
  const h = handle ?? (await getDbHandle());
  const [r] = await rawRows<{ series: string | number; points: string | number }>(
    h,
    "select (select count(*) from telemetry_series) as series, (select count(*) from telemetry_points) as points",
  );
  return { series: Number(r?.series ?? 0), points: Number(r?.points ?? 0) };
}

export type MetricInfo = {
  name: string;
  unit: string;
  kind: string;
  help: string;
  series: number;
  catalogued: boolean;
};

/** The catalogue plus every stored metric (unknown ones under their own name) with series counts. */
export async function listMetrics(handle?: DbHandle): Promise<MetricInfo[]> {
  const h = handle ?? (await getDbHandle());
  const rows = await rawRows<{ metric: string; kind: string; n: string | number }>(
    h,
    "select metric, min(kind) as kind, count(*) as n from telemetry_series group by metric order by metric",
  );
  const counts = new Map(rows.map((r) => [r.metric, r]));
  const out: MetricInfo[] = Object.values(CATALOGUE).map((e) => {
    const stored = e.kind === "histogram" ? counts.get(`${e.name}_bucket`) : counts.get(e.name);
    return { ...e, series: Number(stored?.n ?? 0), catalogued: true };
  });
  for (const r of rows) {
    if (CATALOGUE[r.metric] || CATALOGUE[r.metric.replace(/_bucket$/, "")]?.kind === "histogram") continue;
    out.push({
      name: r.metric,
      unit: unitOf(r.metric),
      kind: r.kind,
      help: "",
      series: Number(r.n),
      catalogued: false,
    });
  }
  return out;
}

import { getDbHandle, closeDb } from "@/lib/db/client";
import { queryMetric } from "@/lib/telemetry/query";
async function main() {
  const h = await getDbHandle();
  const [row] = await h.pg!.unsafe<{ t: string }[]>("select max(ts) as t from telemetry_points");
  const endMs = Number(row!.t) + 15000;
  const r = { fromMs: endMs - 86_400_000, toMs: endMs, stepMs: 300_000 };
  const orig = h.pg!.unsafe.bind(h.pg!);
  const sqls: string[] = [];
  (h.pg as any).unsafe = (sql: string, p?: any) => { if (sql.includes("array_agg(b)")) sqls.push(sql); return orig(sql, p); };
  await queryMetric({ ...r, metric: "inference_request_duration_seconds_bucket", agg: "increase", by: ["model", "le"] });
  (h.pg as any).unsafe = orig;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now(); await orig(sqls[0]!); const t1 = performance.now();
    const t2 = performance.now(); await queryMetric({ ...r, metric: "inference_request_duration_seconds_bucket", agg: "increase", by: ["model", "le"] }); const t3 = performance.now();
    console.log("sql only", (t1 - t0).toFixed(1), "whole", (t3 - t2).toFixed(1));
  }
  const plan = await orig(`explain (analyze, buffers) ${sqls[0]}`);
  for (const p of plan as any[]) console.log(String(p["QUERY PLAN"]).slice(0, 200));
  await closeDb();
}
main();

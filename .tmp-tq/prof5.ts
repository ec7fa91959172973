import { getDbHandle, closeDb } from "@/lib/db/client";
import { queryMetric } from "@/lib/telemetry/query";
async function main() {
  const h = await getDbHandle();
  const [row] = await h.pg!.unsafe<{ t: string }[]>("select max(ts) as t from telemetry_points");
  const endMs = Number(row!.t) + 15000;
  const r = { fromMs: endMs - 86_400_000, toMs: endMs, stepMs: 300_000 };
  const orig = h.pg!.unsafe.bind(h.pg!);
  let times: string[] = [];
  (h.pg as any).unsafe = (sql: string, p?: any) => { const t0 = performance.now(); const q = orig(sql, p); return q.then((x: any) => { times.push(`${sql.slice(0, 25).replace(/\s+/g," ")}:${(performance.now() - t0).toFixed(1)}`); return x; }); };
  for (let i = 0; i < 6; i++) {
    times = [];
    const t0 = performance.now();
    await queryMetric({ ...r, metric: "inference_request_duration_seconds_bucket", agg: "increase", by: ["model", "le"] });
    console.log((performance.now() - t0).toFixed(1), times.join(" | "));
  }
  await closeDb();
}
main();

import { getDbHandle, closeDb } from "@/lib/db/client";
import { queryMetric } from "@/lib/telemetry/query";
import { gpuPanel, inferencePanel } from "@/lib/sre/panels";
async function main() {
  const h = await getDbHandle();
  const [row] = await h.pg!.unsafe<{ t: string }[]>("select max(ts) as t from telemetry_points");
  const endMs = Number(row!.t) + 15000;
  const r = { fromMs: endMs - 86_400_000, toMs: endMs, stepMs: 300_000 };
  const time = async (name: string, f: () => Promise<unknown>) => {
    await f();
    const ts: number[] = [];
    for (let i = 0; i < 15; i++) { const t0 = performance.now(); await f(); ts.push(performance.now() - t0); }
    ts.sort((a, b) => a - b);
    console.log(name.padEnd(44), ts[7]!.toFixed(1), ts[14]!.toFixed(1));
  };
  const orig = h.pg!.unsafe.bind(h.pg!);
  let log = false;
  (h.pg as any).unsafe = (sql: string, p?: any) => { if (log) console.log(sql.replace(/\s+/g, " ").slice(0, 400)); return orig(sql, p); };
  await time("lat buckets increase by model,le", () => queryMetric({ ...r, metric: "inference_request_duration_seconds_bucket", agg: "increase", by: ["model", "le"] }));
  await time("tokens rate by model", () => queryMetric({ ...r, metric: "inference_tokens_total", agg: "rate", by: ["model"], match: { type: "output" } }));
  await time("inference panel", () => inferencePanel(r));
  await time("temp max host node-00 by GPU", () => queryMetric({ ...r, metric: "gpu_temperature_celsius", agg: "max", by: ["host", "gpu", "uuid", "model"], match: { host: "node-00" } }));
  await time("clock 60s host node-00", () => queryMetric({ ...r, stepMs: 60000, metric: "gpu_clock_event_reasons", agg: "max", by: ["host", "gpu", "uuid", "model"], match: { host: "node-00" } }));
  await time("ranking 24h step", () => queryMetric({ ...r, stepMs: 86_400_000, metric: "gpu_temperature_celsius", agg: "max", by: ["host", "gpu", "uuid", "model"] }));
  await time("gpus panel", () => gpuPanel(r, { topN: 4 }));
  log = true; await gpuPanel(r, { topN: 4 }); log = false;
  await closeDb();
}
main();

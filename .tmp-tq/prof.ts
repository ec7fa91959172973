import { getDbHandle, closeDb } from "@/lib/db/client";
import { queryMetric } from "@/lib/telemetry/query";
import { fleetPanel, gpuPanel, inferencePanel, efficiencyPanel } from "@/lib/sre/panels";
async function main() {
  const h = await getDbHandle();
  const endMs = 1795683000000;
  const r = { fromMs: endMs - 86_400_000, toMs: endMs, stepMs: 300_000 };
  const time = async (name: string, f: () => Promise<unknown>) => {
    await f();
    const ts: number[] = [];
    for (let i = 0; i < 10; i++) { const t0 = performance.now(); await f(); ts.push(performance.now() - t0); }
    ts.sort((a, b) => a - b);
    console.log(name.padEnd(40), ts[5]!.toFixed(1), ts[9]!.toFixed(1));
  };
  await time("q temp max by GPU 24h", () => queryMetric({ ...r, metric: "gpu_temperature_celsius", agg: "max", by: ["host", "gpu", "uuid", "model"] }));
  await time("q temp max 24h no by", () => queryMetric({ ...r, metric: "gpu_temperature_celsius", agg: "max" }));
  await time("raw sql 5m 64 series", () => h.pg!.unsafe(`select series_id, bucket, max from telemetry_rollup_5m where series_id = any(array(select id from telemetry_series where metric='gpu_temperature_celsius')) and bucket >= ${r.fromMs} and bucket < ${r.toMs}`));
  await time("fleet", () => fleetPanel(r));
  await time("gpus", () => gpuPanel(r, { topN: 4 }));
  await time("inference", () => inferencePanel(r));
  await time("efficiency", () => efficiencyPanel(r));
  await closeDb();
}
main();

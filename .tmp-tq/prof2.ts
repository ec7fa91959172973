import { getDbHandle, closeDb } from "@/lib/db/client";
async function main() {
  const h = await getDbHandle();
  const endMs = 1795683000000;
  const r = { fromMs: endMs - 86_400_000, toMs: endMs, stepMs: 300_000 };
  const time = async (name: string, f: () => Promise<unknown>) => {
    await f();
    const ts: number[] = [];
    for (let i = 0; i < 15; i++) { const t0 = performance.now(); await f(); ts.push(performance.now() - t0); }
    ts.sort((a, b) => a - b);
    console.log(name.padEnd(40), ts[7]!.toFixed(1), ts[14]!.toFixed(1));
  };
  const ids = (await h.pg!.unsafe(`select string_agg(id::text, ',') as s from telemetry_series where metric='gpu_temperature_celsius'`))[0]!.s;
  const w = `series_id = any('{${ids}}'::int[]) and bucket >= ${r.fromMs} and bucket < ${r.toMs}`;
  await time("rows", () => h.pg!.unsafe(`select series_id, bucket, max from telemetry_rollup_5m where ${w}`));
  await time("arrays", () => h.pg!.unsafe(`select series_id, array_agg(bucket) b, array_agg(max) v from telemetry_rollup_5m where ${w} group by 1`));
  await time("arrays text", () => h.pg!.unsafe(`select series_id, array_agg(bucket)::text b, array_agg(max)::text v from telemetry_rollup_5m where ${w} group by 1`));
  await time("json", () => h.pg!.unsafe(`select series_id, json_agg(json_build_array(bucket, max))::text v from telemetry_rollup_5m where ${w} group by 1`));
  await time("count only", () => h.pg!.unsafe(`select count(*) from telemetry_rollup_5m where ${w}`));
  await closeDb();
}
main();

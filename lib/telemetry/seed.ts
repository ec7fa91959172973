import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { SeedContext } from "@/scripts/seed-context";
import { parseJsonBatch } from "./parsers/json";
import { parseNvidiaSmiCsv } from "./parsers/nvidia-smi";
import { parseRequestsJsonl, requestsToItems } from "./requests-jsonl";
import { drainRollups } from "./rollups";
import { rawRows } from "./sql";
import { writeBatch } from "./writer";

export const DEMO_HOST = "h200-demo";

/**
 * Demo data: the real H200 trace (nvsmi.csv, tz UTC, host h200-demo; requests.jsonl) at its
 * original timestamps (2026-11-26 06:22–06:28 UTC, never shifted), through the same parsers and
 * writer as the ingest routes. Idempotent: the writer ignores points it already holds, and a
 * complete earlier load is detected and skipped.
 */
export async function seed(ctx: SeedContext): Promise<void> {
  const dir = path.join(ctx.fixturesDir, "h200-inference-trace");
  const csv = fs.readFileSync(path.join(dir, "nvsmi.csv"), "utf8");
  const jsonl = fs.readFileSync(path.join(dir, "requests.jsonl"), "utf8");
  // Already loaded? (one power sample per CSV row; checked before any parsing, so a re-run is cheap)
  const rows = csv.split("\n").filter((l) => l.trim()).length - 1;
  const [have] = await rawRows<{ n: string | number }>(
    ctx.handle,
    `select count(*) as n from telemetry_points p join telemetry_series s on s.id = p.series_id
     where s.metric = 'gpu_power_watts' and s.labels @> $1::text::jsonb`,
    [JSON.stringify({ host: DEMO_HOST })],
  );
  if (Number(have?.n ?? 0) >= rows) {
    ctx.log(`telemetry: H200 trace already loaded (${rows} power samples)`);
    return;
  }
  const gpu = parseNvidiaSmiCsv(csv, { host: DEMO_HOST, tz: "UTC", nowMs: Date.now() });
  const requests = parseJsonBatch(
    { points: requestsToItems(parseRequestsJsonl(jsonl), DEMO_HOST) },
    Date.now(),
  );
  if (requests.rejected.length) throw new Error(`requests.jsonl: ${JSON.stringify(requests.rejected[0])}`);
  gpu.append(requests.batch);
  const r = await writeBatch(gpu, ctx.handle);
  const rolled = await drainRollups(ctx.handle);
  ctx.log(
    `telemetry: H200 trace loaded (${r.accepted} points, ${r.series} series, ${rolled.minutes} minutes rolled up)`,
  );
}

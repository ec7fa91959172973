import "server-only";
import { queryMetric } from "@/lib/telemetry/query";
import type { SeedContext } from "@/scripts/seed-context";
import { databaseSink } from "./db-sink";
import { sendInBatches } from "./http-clients";
import { FACILITY_METRICS as M } from "./metrics";
import type { QueryFn } from "./query-types";
import { runSimulation } from "./sim-run";
import { diurnalOutdoorC, type UnitOutage } from "./simulator";

/** The H200 trace's window (recorded 2026-11-26 06:22:27–06:27:48 UTC), whole seconds around it. */
export const H200_WINDOW = {
  fromMs: Date.UTC(2026, 10, 26, 6, 22, 27),
  toMs: Date.UTC(2026, 10, 26, 6, 27, 49),
};
export const DEMO_SITE = "dc-1";

/**
 * The demo facility: a temperate site (UTC+1, 6–14 °C that day: free cooling, no evaporative
 * water), and one direct-to-chip CDU tripping during the matrix-multiply burn, so the N+1 panel
 * shows redundancy lost while the load needs two units — and regained when it no longer does.
 */
export const DEMO_OUTAGES: UnitOutage[] = [
  { unit: "cdu-d2c-2", fromMs: Date.UTC(2026, 10, 26, 6, 26, 5), toMs: Date.UTC(2026, 10, 26, 6, 26, 50) },
];
export const demoOutdoorC = (ts: number) => diurnalOutdoorC(ts, { minC: 6, maxC: 14, utcOffsetHours: 1 });

const query: QueryFn = (q) => queryMetric(q) as ReturnType<QueryFn>;

/**
 * Demo data of the facility feature: a simulated facility aligned with the H200 trace at its
 * original timestamps, derived from the GPU power the telemetry seed ingested. Every series is
 * labelled source="simulator". Idempotent: skipped when present; the writer ignores re-sent points.
 */
export async function seed(ctx: SeedContext): Promise<void> {
  const { fromMs, toMs } = H200_WINDOW;
  const existing = await query({
    metric: M.facilityPower.name,
    fromMs,
    toMs,
    stepMs: toMs - fromMs,
    agg: "last",
    match: { site: DEMO_SITE, source: "simulator" },
  });
  if (existing.series.some((s) => s.points.some(([, v]) => v !== null))) {
    ctx.log("facility: simulated facility already loaded");
    return;
  }
  const run = await runSimulation({
    query,
    fromMs,
    toMs,
    stepMs: 1000,
    site: DEMO_SITE,
    outdoorC: demoOutdoorC,
    outages: DEMO_OUTAGES,
  });
  if (run.points.length === 0) {
    ctx.log("facility: no GPU power ingested in the H200 window — skipped (seed telemetry first)");
    return;
  }
  const res = await sendInBatches(databaseSink(ctx.handle), run.points);
  if (res.rejected.length)
    throw new Error(`facility seed: ${res.rejected.length} points rejected: ${res.rejected[0]!.error}`);
  ctx.log(
    `facility: simulated ${run.readings.length} s of facility from ${run.gpus} GPU(s) → ${res.accepted} points (source="simulator")`,
  );
}

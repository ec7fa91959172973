import "server-only";
import type { Job } from "@/lib/server/jobs";
import { applyRetention } from "./retention";
import { refreshRollups, vacuumRollups } from "./rollups";

/**
 * Rollups every 10 s (claims are SKIP LOCKED, safe on several instances); rollup vacuum every
 * 2 min (index-only reads need the visibility map current); retention hourly.
 */
export const telemetryJobs: Job[] = [
  {
    name: "telemetry.rollups",
    everyMs: 10_000,
    run: async () => {
      // Drain the backlog a slice at a time (a big backfill marks many minutes).
      for (let i = 0; i < 20; i++) if ((await refreshRollups()).minutes === 0) break;
    },
  },
  { name: "telemetry.rollups.vacuum", everyMs: 120_000, run: () => vacuumRollups() },
  { name: "telemetry.retention", everyMs: 3_600_000, run: async () => void (await applyRetention()) },
];

import "server-only";
import type { Job } from "@/lib/server/jobs";
import { createUpcomingPartitions } from "./partitions";
import { applyRetention } from "./retention";
import { drainRollups, vacuumRollups } from "./rollups";

/**
 * Rollups every 10 s (claims are SKIP LOCKED, safe on several instances); rollup vacuum every
 * 2 min (index-only reads need the visibility map current); today's and tomorrow's raw
 * partitions every 5 min (ahead of the data: see partitions.ts); retention hourly.
 */
export const telemetryJobs: Job[] = [
  {
    name: "telemetry.rollups",
    everyMs: 10_000,
    // A big backfill marks many minutes: up to 20 slices per run.
    run: async () => void (await drainRollups(undefined, 20)),
  },
  { name: "telemetry.rollups.vacuum", everyMs: 120_000, run: () => vacuumRollups() },
  {
    name: "telemetry.partitions",
    everyMs: 300_000,
    run: async () => void (await createUpcomingPartitions()),
  },
  { name: "telemetry.retention", everyMs: 3_600_000, run: async () => void (await applyRetention()) },
];

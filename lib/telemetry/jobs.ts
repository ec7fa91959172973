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
/** A minute counts as open until a minute plus this grace for late scrapes after its start. */
const OPEN_MINUTE_MS = 75_000;

export const telemetryJobs: Job[] = [
  {
    name: "telemetry.rollups",
    everyMs: 10_000,
    // A big backfill marks many minutes: up to 20 slices per run. Minutes still open (live ingest
    // marks them on every write) wait until they have closed, so each is recomputed once rather
    // than on every run; a panel that reads one before then computes it itself (queryMetric).
    run: async () =>
      void (await drainRollups(undefined, { maxSlices: 20, beforeMs: Date.now() - OPEN_MINUTE_MS })),
  },
  { name: "telemetry.rollups.vacuum", everyMs: 120_000, run: () => vacuumRollups() },
  {
    name: "telemetry.partitions",
    everyMs: 300_000,
    run: async () => void (await createUpcomingPartitions()),
  },
  { name: "telemetry.retention", everyMs: 3_600_000, run: async () => void (await applyRetention()) },
];

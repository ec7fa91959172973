import "server-only";
import type { DbHandle } from "@/lib/db/client";
import { parseJsonBatch } from "@/lib/telemetry/parsers/json";
import { writeBatch } from "@/lib/telemetry/writer";
import type { PointSink } from "./mqtt-bridge";

/**
 * A sink into the telemetry store through the ingest engineer's JSON batch rules (same checks,
 * catalogue kinds and conversions as POST /api/v1/ingest) and the one writer. Idempotent on
 * (series, ts), so a retried batch stores nothing twice.
 */
export function databaseSink(handle?: DbHandle): PointSink {
  return async (points) => {
    const { batch, rejected } = parseJsonBatch({ points }, Date.now());
    const res = await writeBatch(batch, handle);
    return { accepted: res.accepted, rejected };
  };
}

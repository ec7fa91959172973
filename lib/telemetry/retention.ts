import "server-only";
import { type DbHandle, getDbHandle } from "@/lib/db/client";
import { dropPartitionsBefore } from "./partitions";
import { int, rawRows } from "./sql";

/**
 * Retention, configurable by environment (days): TELEMETRY_RETENTION_RAW_DAYS (default 30; raw
 * points, dropped a whole day-partition at a time), and for the rollups
 * TELEMETRY_RETENTION_1M_DAYS (default 90), TELEMETRY_RETENTION_5M_DAYS (default 180) and
 * TELEMETRY_RETENTION_1H_DAYS (default 730). 0 or "off" keeps forever. A policy without
 * `fiveMinuteDays` keeps 5-minute rollups as long as 1-minute ones.
 */
const DAY = 86_400_000;

export type RetentionPolicy = {
  rawDays: number;
  minuteDays: number;
  fiveMinuteDays?: number;
  hourDays: number;
};

export function retentionFromEnv(env: Record<string, string | undefined> = process.env): RetentionPolicy {
  const days = (name: string, dflt: number) => {
    const v = env[name];
    if (v === undefined || v === "") return dflt;
    if (v === "off") return 0;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of days (or "off")`);
    return n;
  };
  return {
    rawDays: days("TELEMETRY_RETENTION_RAW_DAYS", 30),
    minuteDays: days("TELEMETRY_RETENTION_1M_DAYS", 90),
    fiveMinuteDays: days("TELEMETRY_RETENTION_5M_DAYS", 180),
    hourDays: days("TELEMETRY_RETENTION_1H_DAYS", 730),
  };
}

export async function applyRetention(policy = retentionFromEnv(), nowMs = Date.now(), handle?: DbHandle) {
  const h = handle ?? (await getDbHandle());
  const dropped = policy.rawDays ? await dropPartitionsBefore(h, nowMs - policy.rawDays * DAY) : [];
  let minutes = 0;
  let fiveMinutes = 0;
  let hours = 0;
  if (policy.minuteDays)
    minutes = (
      await rawRows(
        h,
        `delete from telemetry_rollup_1m where bucket < ${int(Math.floor(nowMs - policy.minuteDays * DAY))} returning 1`,
      )
    ).length;
  const fiveMinuteDays = policy.fiveMinuteDays ?? policy.minuteDays;
  if (fiveMinuteDays)
    fiveMinutes = (
      await rawRows(
        h,
        `delete from telemetry_rollup_5m where bucket < ${int(Math.floor(nowMs - fiveMinuteDays * DAY))} returning 1`,
      )
    ).length;
  if (policy.hourDays)
    hours = (
      await rawRows(
        h,
        `delete from telemetry_rollup_1h where bucket < ${int(Math.floor(nowMs - policy.hourDays * DAY))} returning 1`,
      )
    ).length;
  return { droppedPartitions: dropped, minuteRows: minutes, fiveMinuteRows: fiveMinutes, hourRows: hours };
}

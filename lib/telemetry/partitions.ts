import "server-only";
import { type DbHandle, getDbHandle } from "@/lib/db/client";
import { ParseError } from "./batch";
import { rawRows, rawTransaction } from "./sql";

/**
 * `telemetry_points` is range-partitioned by UTC day (unix-ms bounds). Partitions are created on
 * demand before a write and remembered per process; retention drops whole partitions, which is
 * far cheaper than DELETE.
 *
 * Creating or dropping a partition locks the whole table (ACCESS EXCLUSIVE), and while that lock
 * waits for open readers (a rollup recompute, a long query) every writer queues behind it. So a
 * job creates today's and tomorrow's partitions ahead of the data, and maintenance gives up after
 * MAINTENANCE_LOCK_WAIT_MS to retry on its next run; only a write that needs a day nobody made
 * yet (a backfill) waits as long as it takes.
 */
const DAY = 86_400_000;
export const MAINTENANCE_LOCK_WAIT_MS = 200;
const known = new WeakMap<object, Set<number>>();
/** A single request may open at most this many new days (guards against hostile timestamps). */
export const MAX_NEW_DAYS_PER_WRITE = 62;

export const partitionName = (day: number) => {
  const d = new Date(day * DAY);
  return `telemetry_points_d${d.toISOString().slice(0, 10).replace(/-/g, "")}`;
};

async function exec(h: DbHandle, sql: string): Promise<void> {
  if (h.pg) await h.pg.unsafe(sql);
  else await h.lite!.exec(sql);
}

/** The days this process knows to have a partition (read from the catalogue once per database). */
async function knownDays(h: DbHandle): Promise<Set<number>> {
  const owner = h.lite ?? h.pg ?? h;
  let set = known.get(owner);
  if (!set) {
    set = new Set(await existingDays(h));
    known.set(owner, set);
  }
  return set;
}

export async function ensurePartitions(h: DbHandle, minutesMs: number[]): Promise<void> {
  const set = await knownDays(h);
  const days = [...new Set(minutesMs.map((m) => Math.floor(m / DAY)))].filter((d) => !set.has(d));
  if (days.length > MAX_NEW_DAYS_PER_WRITE)
    throw new ParseError(
      `points span ${days.length} new days; send at most ${MAX_NEW_DAYS_PER_WRITE} per request`,
    );
  for (const day of days) {
    try {
      await exec(h, createSql(day));
    } catch (err) {
      // Another writer created it between our check and our CREATE: fine.
      const code = (err as { code?: string }).code;
      if (code !== "42P07" && code !== "23505") throw err;
    }
    set.add(day);
  }
}

/** DDL that waits at most MAINTENANCE_LOCK_WAIT_MS for its lock: false when it gave up. */
async function execUnlessBusy(h: DbHandle, sql: string): Promise<boolean> {
  try {
    await rawTransaction(h, async (run) => {
      await run(`set local lock_timeout = ${MAINTENANCE_LOCK_WAIT_MS}`);
      await run(sql);
    });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "55P03") return false; // lock_not_available
    throw err;
  }
}

/**
 * Creates the partitions of today and tomorrow (UTC) unless they exist, so live ingest never
 * creates one itself. Returns the days created; a day whose lock was busy is left for next time.
 */
export async function createUpcomingPartitions(handle?: DbHandle, nowMs = Date.now()): Promise<string[]> {
  const h = handle ?? (await getDbHandle());
  const set = await knownDays(h);
  const today = Math.floor(nowMs / DAY);
  const created: string[] = [];
  for (const day of [today, today + 1]) {
    if (set.has(day)) continue;
    if (!(await execUnlessBusy(h, createSql(day)))) continue;
    set.add(day);
    created.push(partitionName(day));
  }
  return created;
}

const createSql = (day: number) =>
  `create table if not exists ${partitionName(day)} partition of telemetry_points for values from (${day * DAY}) to (${(day + 1) * DAY})`;

export async function existingDays(h: DbHandle): Promise<number[]> {
  const r = await rawRows<{ name: string }>(
    h,
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     join pg_class p on p.oid = i.inhparent where p.relname = 'telemetry_points'`,
  );
  return r
    .map((x) => /^telemetry_points_d(\d{4})(\d{2})(\d{2})$/.exec(x.name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) / DAY);
}

/**
 * Drops raw partitions whose whole day is older than `beforeMs`. Returns the dropped names; a
 * partition whose lock was busy is left for the next run.
 */
export async function dropPartitionsBefore(h: DbHandle, beforeMs: number): Promise<string[]> {
  const dropped: string[] = [];
  for (const day of await existingDays(h)) {
    if ((day + 1) * DAY > beforeMs) continue;
    if (!(await execUnlessBusy(h, `drop table if exists ${partitionName(day)}`))) continue;
    known.get(h.lite ?? h.pg ?? h)?.delete(day);
    dropped.push(partitionName(day));
  }
  return dropped;
}

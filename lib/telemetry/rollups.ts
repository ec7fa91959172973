import "server-only";
import { type DbHandle, getDbHandle } from "@/lib/db/client";
import { int, rawPointsWhere, rawTransaction } from "./sql";

/**
 * Pre-aggregated 1-minute, 5-minute and 1-hour rollups (count, sum, min, max, last, counter
 * increase) so long-range panels never scan raw points. The writer marks every minute it touches
 * in `telemetry_rollup_dirty`; this job claims marks, recomputes their minutes from raw points,
 * then their 5-minute buckets from the minutes and their hours from the 5-minute buckets. Late or
 * re-sent data simply marks its minute again.
 * Marks are plain rows, a minute may have many (migration 0017): a writer's mark never waits for
 * a claim. With one row per minute (a unique key, ON CONFLICT DO NOTHING) every writer touching
 * a claimed minute waited for the whole recompute transaction to end — seconds of stalled ingest
 * behind a big slice. A mark added after a claim's snapshot is simply left for the next claim.
 * Claim and recompute happen in one transaction, so a crash loses no marks; claims use SKIP
 * LOCKED, so several app instances can run the job at once.
 *
 * Counter increase per bucket: positive differences to the previous point (a drop = reset,
 * counts the new value), looking back LOOKBACK_MS for the previous point; delta series sum
 * their values. Histogram buckets are counters, so percentiles can be derived from rollups too.
 */
const MINUTE = 60_000;
const FIVE_MINUTES = 300_000;
const HOUR = 3_600_000;
export const ROLLUP_LOOKBACK_MS = 15 * MINUTE;

const upsertSet = `count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max,
  last = excluded.last, last_ts = excluded.last_ts, increase = excluded.increase`;

/** Marks claimed by one refresh: one transaction's worth of recomputing. */
export const ROLLUP_SLICE = 5000;

export type RollupRefresh = { marks: number; minutes: number; hours: number };

/**
 * Claims up to `maxMarks` marks (oldest minutes first; only of minutes before `beforeMs` when
 * given) and recomputes their rollups.
 */
export async function refreshRollups(
  handle?: DbHandle,
  maxMarks = ROLLUP_SLICE,
  beforeMs?: number,
): Promise<RollupRefresh> {
  const h = handle ?? (await getDbHandle());
  const before = beforeMs === undefined ? "" : `where minute < ${int(beforeMs)}`;
  return rawTransaction(h, async (run) => {
    const marks = await run<{ minute: string | number }>(
      `delete from telemetry_rollup_dirty where ctid = any(array(
         select ctid from telemetry_rollup_dirty ${before}
         order by minute limit ${int(maxMarks)} for update skip locked))
       returning minute`,
    );
    const claimed = [...new Set(marks.map((r) => Number(r.minute)))].sort((a, b) => a - b);
    if (!claimed.length) return { marks: 0, minutes: 0, hours: 0 };
    for (const [lo, hi] of ranges(claimed, MINUTE, 60)) {
      await run(
        `insert into telemetry_rollup_1m (series_id, bucket, count, sum, min, max, last, last_ts, increase)
         select p.series_id, p.ts - p.ts % ${MINUTE}, count(*), sum(p.value), min(p.value), max(p.value),
                (array_agg(p.value order by p.ts desc))[1], max(p.ts),
                sum(case when s.temporality = 'delta' then p.value when p.d is null then 0
                         when p.d < 0 then p.value else p.d end)
         from (select series_id, ts, value, value - lag(value) over (partition by series_id order by ts) as d
               from telemetry_points
               where ${rawPointsWhere(lo - ROLLUP_LOOKBACK_MS, hi)} and value <> 'NaN'::float8) p
         join telemetry_series s on s.id = p.series_id
         where p.ts >= ${int(lo)}
         group by 1, 2
         on conflict (series_id, bucket) do update set ${upsertSet}`,
      );
    }
    // Coarser tiers are recomputed whole from the tier below (never incremented), so re-running
    // a claim, or late data dirtying a minute again, always converges to the same rows.
    const fives = [...new Set(claimed.map((m) => m - (m % FIVE_MINUTES)))];
    for (const [lo, hi] of ranges(fives, FIVE_MINUTES, 12 * 24))
      await run(rollUp("telemetry_rollup_1m", "telemetry_rollup_5m", FIVE_MINUTES, lo, hi));
    const hours = [...new Set(claimed.map((m) => m - (m % HOUR)))];
    for (const [lo, hi] of ranges(hours, HOUR, 24))
      await run(rollUp("telemetry_rollup_5m", "telemetry_rollup_1h", HOUR, lo, hi));
    return { marks: marks.length, minutes: claimed.length, hours: hours.length };
  });
}

/**
 * Refreshes slice after slice while slices come back full (a backlog, e.g. after a backfill),
 * at most `maxSlices`, of minutes before `beforeMs` when given. A partial slice means the backlog
 * is done: marks that live ingest keeps adding wait for the next call instead of keeping this one
 * busy.
 */
export async function drainRollups(
  handle?: DbHandle,
  { maxSlices = Number.POSITIVE_INFINITY, beforeMs }: { maxSlices?: number; beforeMs?: number } = {},
): Promise<RollupRefresh> {
  const total: RollupRefresh = { marks: 0, minutes: 0, hours: 0 };
  for (let i = 0; i < maxSlices; i++) {
    const r = await refreshRollups(handle, ROLLUP_SLICE, beforeMs);
    total.marks += r.marks;
    total.minutes += r.minutes;
    total.hours += r.hours;
    if (r.marks < ROLLUP_SLICE) break;
  }
  return total;
}

/** Recomputes `to`'s buckets of `size` ms in [lo, hi) from the finer rollup table `from`. */
function rollUp(from: string, to: string, size: number, lo: number, hi: number): string {
  return `insert into ${to} (series_id, bucket, count, sum, min, max, last, last_ts, increase)
    select series_id, bucket - bucket % ${size}, sum(count), sum(sum), min(min), max(max),
           (array_agg(last order by bucket desc))[1], max(last_ts), sum(increase)
    from ${from} where bucket >= ${int(lo)} and bucket < ${int(hi)}
    group by 1, 2
    on conflict (series_id, bucket) do update set ${upsertSet}`;
}

/** Sorted bucket starts → contiguous [lo, hi) ranges of at most `maxLen` buckets. */
function ranges(starts: number[], size: number, maxLen: number): [number, number][] {
  const out: [number, number][] = [];
  for (const s of starts) {
    const last = out[out.length - 1];
    if (last && last[1] === s && (last[1] - last[0]) / size < maxLen) last[1] = s + size;
    else out.push([s, s + size]);
  }
  return out;
}

/**
 * Keeps the rollup tables' visibility map current so panel reads stay index-only scans on the
 * covering indexes (migration 0013). VACUUM skips pages already all-visible, so a run costs about
 * what changed since the last one; SKIP_LOCKED never waits behind another vacuum.
 */
export async function vacuumRollups(handle?: DbHandle): Promise<void> {
  const h = handle ?? (await getDbHandle());
  const sql = "vacuum (skip_locked) telemetry_rollup_1m, telemetry_rollup_5m, telemetry_rollup_1h";
  if (h.pg) await h.pg.unsafe(sql);
  else await h.lite!.exec(sql);
}

/** SQL boolean: some minute whose rollup [fromMs, toMs) depends on still waits to be computed. */
export function dirtyMinutesExists(fromMs: number, toMs: number): string {
  return `exists (select 1 from telemetry_rollup_dirty
    where minute >= ${int(fromMs - ROLLUP_LOOKBACK_MS)} and minute < ${int(toMs)})`;
}

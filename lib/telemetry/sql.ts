import "server-only";
import type { DbHandle } from "@/lib/db/client";

/** Raw SQL on either driver (telemetry reads and writes bypass Drizzle for speed). */
export async function rawRows<T>(h: DbHandle, sql: string, params: unknown[] = []): Promise<T[]> {
  if (h.pg) return (await h.pg.unsafe(sql, params as never[])) as unknown as T[];
  return (await h.lite!.query<T>(sql, params)).rows;
}

/** Runs `fn` in one transaction with a raw executor of the same shape. */
export async function rawTransaction<R>(
  h: DbHandle,
  fn: (run: <T>(sql: string, params?: unknown[]) => Promise<T[]>) => Promise<R>,
): Promise<R> {
  if (h.pg) {
    return (await h.pg.begin(async (tx) =>
      fn(
        async <T>(sql: string, params: unknown[] = []) =>
          (await tx.unsafe(sql, params as never[])) as unknown as T[],
      ),
    )) as R;
  }
  return h.lite!.transaction(async (tx) =>
    fn(async <T>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params)).rows),
  );
}

/** An integer for inlining into SQL (refuses anything else, so inlining is never an injection). */
export function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

export const intArray = (xs: number[]) => `'{${xs.map(int).join(",")}}'::int[]`;

/**
 * Raw points are keyed by ((ts / POINT_BUCKET_MS)::int4, series_id, ts) — the minute first, so one
 * scrape's points share index pages (migrations 0015 and 0016 say why). `POINT_BUCKET` is that key
 * expression, spelled exactly as the index has it so the planner matches it.
 */
export const POINT_BUCKET_MS = 60_000;
export const POINT_BUCKET = `(ts / ${POINT_BUCKET_MS})::int4`;
/** The unique key, as ON CONFLICT names it. */
export const POINT_KEY = `((${POINT_BUCKET}), series_id, ts)`;

/**
 * SQL condition selecting raw points in [lo, hi), of `seriesIds` only when given. With series,
 * the window's buckets are listed one by one so the index is entered once per (bucket, series):
 * a seek, never a walk over every series' points in the window (PostgreSQL 15 does not skip-scan
 * a range on the first key column). Without, it is one range over the buckets.
 */
export function rawPointsWhere(lo: number, hi: number, seriesIds?: string): string {
  const first = Math.floor(lo / POINT_BUCKET_MS);
  const last = Math.floor((hi - 1) / POINT_BUCKET_MS);
  const window = `ts >= ${int(lo)} and ts < ${int(hi)}`;
  if (!seriesIds) return `${POINT_BUCKET} between ${int(first)} and ${int(last)} and ${window}`;
  const buckets = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
  return `${POINT_BUCKET} = any(${intArray(buckets)}) and series_id = any(${seriesIds}) and ${window}`;
}

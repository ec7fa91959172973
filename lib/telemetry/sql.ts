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

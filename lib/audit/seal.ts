import "server-only";
import { sql } from "drizzle-orm";
import { type Executor, getDb, queryRows } from "@/lib/db/client";

/**
 * Moves committed pending events into the hash chain (audit_seal() in the database: chain lock,
 * seq without gaps, hashes). Every reader of the trail calls this first so it sees every committed
 * event; the background job calls it too. Safe with several instances (the chain lock serialises).
 * Returns how many events were sealed.
 */
export async function sealPendingEvents(db?: Executor, batch = 5000): Promise<number> {
  const conn = db ?? (await getDb());
  let total = 0;
  for (let round = 0; round < 1000; round++) {
    const [row] = await queryRows<{ n: number | string }>(conn, sql`select audit_seal(${batch}) as n`);
    const n = Number(row?.n ?? 0);
    total += n;
    if (n < batch) break;
  }
  return total;
}

/** Events committed but not sealed yet (normally 0 or a handful). */
export async function pendingCount(db?: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db ?? (await getDb()),
    sql`select count(*) as n from audit_pending`,
  );
  return Number(row?.n ?? 0);
}

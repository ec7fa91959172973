import "server-only";
import os from "node:os";
import type postgres from "postgres";
import { type Executor, getDbHandle } from "@/lib/db/client";
import { trustedPublicKeys } from "./keys";
import { allCheckpoints, chainEventFromValues, eventRowsAfterRaw, eventsAfter, eventsAfterRaw } from "./rows";
import { sealPendingEvents } from "./seal";
import { ChainVerifier, type VerifyReport } from "./verify-core";
import { HashPool } from "./verify-parallel";

/** On two cores, handing rows to a worker costs more than it saves (measured by bench:audit). */
function defaultWorkers(): number {
  if (process.env.AUDIT_VERIFY_WORKERS !== undefined)
    return Math.max(0, Number(process.env.AUDIT_VERIFY_WORKERS) || 0);
  const cpus = os.availableParallelism();
  return cpus >= 4 ? Math.min(4, cpus - 1) : 0;
}

export type TrailVerification = VerifyReport & { durationMs: number; keyIds: string[]; verifiedAt: string };

type Options = {
  db?: Executor;
  /** Raw PostgreSQL client for the fast path; defaults to the process-wide one (null on PGlite). */
  pg?: postgres.Sql | null;
  /** Hashing threads on the fast path (default: AUDIT_VERIFY_WORKERS, else CPUs − 1 up to 4 when there are ≥ 4 CPUs; 0 = this thread). */
  workers?: number;
  pageSize?: number;
  onProgress?: (checked: number) => void;
};

/**
 * Recomputes the whole chain from the stored rows and checks every checkpoint signature: OK with
 * counts, or the first bad sequence number and the cause. Streams in pages; the next page is
 * fetched while the current one is hashed, and on PostgreSQL the hashing runs on worker threads.
 */
export async function verifyAuditTrail(opts: Options = {}): Promise<TrailVerification> {
  const handle = opts.db ? null : await getDbHandle();
  const db = opts.db ?? handle!.db;
  const pg = opts.pg !== undefined ? opts.pg : (handle?.pg ?? null);
  await sealPendingEvents(db);
  const started = performance.now();
  const keys = trustedPublicKeys();
  const verifier = new ChainVerifier(await allCheckpoints(db), keys);
  const pageSize = opts.pageSize ?? 5000;
  const workers = opts.workers ?? defaultWorkers();
  const pool = pg && workers > 0 ? new HashPool(workers) : null;
  let checked = 0;
  try {
    if (pg && pool) {
      let next = eventRowsAfterRaw(pg, 0, pageSize);
      for (;;) {
        const rows = await next;
        if (rows.length === 0) break;
        next =
          rows.length < pageSize
            ? Promise.resolve([])
            : eventRowsAfterRaw(pg, Number(rows.at(-1)![0]), pageSize);
        const hashes = await pool.hash(rows);
        let ok = true;
        for (let i = 0; i < rows.length && ok; i++) {
          const r = rows[i]!;
          const link = { seq: Number(r[0]), prev_hash: r[7] as string, hash: r[8] as string };
          ok = verifier.addHashed(link, hashes[i]!, () => chainEventFromValues(r));
        }
        checked += rows.length;
        opts.onProgress?.(checked);
        if (!ok) {
          await next.catch(() => []);
          break;
        }
      }
    } else {
      const fetchPage = (after: number) =>
        pg ? eventsAfterRaw(pg, after, pageSize) : eventsAfter(db, after, pageSize);
      let next = fetchPage(0);
      for (;;) {
        const page = await next;
        if (page.length === 0) break;
        next = page.length < pageSize ? Promise.resolve([]) : fetchPage(page.at(-1)!.seq);
        let ok = true;
        for (let i = 0; i < page.length && ok; i++) ok = verifier.add(page[i]!);
        checked += page.length;
        opts.onProgress?.(checked);
        if (!ok) {
          await next.catch(() => []);
          break;
        }
      }
    }
  } finally {
    await pool?.close();
  }
  return {
    ...verifier.finish(),
    durationMs: Math.round(performance.now() - started),
    keyIds: [...keys.keys()],
    verifiedAt: new Date().toISOString(),
  };
}

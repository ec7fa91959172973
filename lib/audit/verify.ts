import "server-only";
import { type Executor, getDb } from "@/lib/db/client";
import { trustedPublicKeys } from "./keys";
import { allCheckpoints, eventsAfter } from "./rows";
import { sealPendingEvents } from "./seal";
import { ChainVerifier, type VerifyReport } from "./verify-core";

export type TrailVerification = VerifyReport & { durationMs: number; keyIds: string[]; verifiedAt: string };

/**
 * Recomputes the whole chain from the stored rows and checks every checkpoint signature: OK with
 * counts, or the first bad sequence number and the cause. Streams in pages (1 M events fit in
 * memory one page at a time). Events appended while it runs are included up to where it stops.
 */
export async function verifyAuditTrail(
  opts: { db?: Executor; pageSize?: number; onProgress?: (checked: number) => void } = {},
): Promise<TrailVerification> {
  const db = opts.db ?? (await getDb());
  await sealPendingEvents(db);
  const started = performance.now();
  const keys = trustedPublicKeys();
  const verifier = new ChainVerifier(await allCheckpoints(db), keys);
  const pageSize = opts.pageSize ?? 5000;
  let checked = 0;
  // Fetch the next page while this one is hashed: the database and the CPU work side by side.
  let next = eventsAfter(db, 0, pageSize);
  for (;;) {
    const page = await next;
    if (page.length === 0) break;
    next = page.length < pageSize ? Promise.resolve([]) : eventsAfter(db, page.at(-1)!.seq, pageSize);
    let stopped = false;
    for (const e of page) {
      if (!verifier.add(e)) {
        stopped = true;
        break;
      }
    }
    checked += page.length;
    opts.onProgress?.(checked);
    if (stopped) {
      await next.catch(() => []);
      break;
    }
  }
  return {
    ...verifier.finish(),
    durationMs: Math.round(performance.now() - started),
    keyIds: [...keys.keys()],
    verifiedAt: new Date().toISOString(),
  };
}

import "server-only";
import { and, gt, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { signInFailures } from "@/lib/db/schema";

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const THROTTLE_MAX_FAILURES = 10;

const subjects = (email: string, ip: string | null) =>
  [`email:${email.toLowerCase().trim()}`, ip ? `ip:${ip}` : null].filter((s): s is string => s !== null);

/** True when the account or the address has failed too often in the window. */
export async function isSignInThrottled(email: string, ip: string | null): Promise<boolean> {
  const db = await getDb();
  const since = new Date(Date.now() - THROTTLE_WINDOW_MS);
  const rows = await db
    .select({ subject: signInFailures.subject, n: sql<number>`count(*)::int` })
    .from(signInFailures)
    .where(and(inArray(signInFailures.subject, subjects(email, ip)), gt(signInFailures.at, since)))
    .groupBy(signInFailures.subject);
  return rows.some((r) => r.n >= THROTTLE_MAX_FAILURES);
}

export async function recordSignInFailure(email: string, ip: string | null): Promise<void> {
  const db = await getDb();
  await db.insert(signInFailures).values(subjects(email, ip).map((subject) => ({ subject })));
  // Old rows are useless to the window; trim them as we go.
  await db.delete(signInFailures).where(lt(signInFailures.at, new Date(Date.now() - THROTTLE_WINDOW_MS)));
}

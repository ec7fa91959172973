import "server-only";
import { sql } from "drizzle-orm";
import { type Executor, getDb, queryRows } from "@/lib/db/client";
import { signingKey } from "./keys";
import { chainHead } from "./rows";
import { sealPendingEvents } from "./seal";
import { type Checkpoint, signCheckpoint } from "./signing";

/** AUDIT_CHECKPOINT_EVERY_EVENTS (default 1000) and AUDIT_CHECKPOINT_EVERY_MINUTES (default 10). */
export function checkpointPolicy() {
  return {
    everyEvents: Math.max(1, Number(process.env.AUDIT_CHECKPOINT_EVERY_EVENTS ?? 1000)),
    everyMs: Math.max(1, Number(process.env.AUDIT_CHECKPOINT_EVERY_MINUTES ?? 10)) * 60_000,
  };
}

/**
 * Signs the chain head when N events or M minutes have passed since the last checkpoint (or always
 * with `force`, as long as there is something new). Safe with several instances: only the holder
 * of a try-lock works, and the checkpoint's seq is its primary key.
 */
export async function createCheckpointIfDue(
  opts: { force?: boolean; db?: Executor; now?: Date } = {},
): Promise<Checkpoint | null> {
  const db = opts.db ?? (await getDb());
  const { everyEvents, everyMs } = checkpointPolicy();
  const now = opts.now ?? new Date();
  await sealPendingEvents(db);
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ got: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(7262007) as got`,
    );
    if (!lock?.got) return null;
    const head = await chainHead(tx);
    const [last] = await queryRows<{ seq: string | number; signature: string }>(
      tx,
      sql`select seq, signature from audit_checkpoints order by seq desc limit 1`,
    );
    const lastSeq = last ? Number(last.seq) : 0;
    if (!head || head.seq <= lastSeq) return null;
    // M minutes: no event waits longer than that to be covered by a signature.
    const [oldest] = await queryRows<{ time: Date | string }>(
      tx,
      sql`select time from audit_events where seq = ${lastSeq + 1}`,
    );
    const sinceMs = oldest ? now.getTime() - new Date(oldest.time).getTime() : 0;
    const due = opts.force || head.seq - lastSeq >= everyEvents || sinceMs >= everyMs;
    if (!due) return null;
    const key = signingKey();
    const cp = signCheckpoint(key.privateKey, {
      seq: head.seq,
      hash: head.hash,
      time: now.toISOString(),
      prev_signature: last?.signature ?? "",
    });
    await tx.execute(sql`insert into audit_checkpoints (seq, hash, time, prev_signature, key_id, signature)
      values (${cp.seq}, ${cp.hash}, ${cp.time}::timestamptz, ${cp.prev_signature}, ${cp.key_id}, ${cp.signature})`);
    return cp;
  });
}

/** The background job (lib/server/jobs.ts). */
export async function runCheckpointJob(): Promise<void> {
  await createCheckpointIfDue();
}

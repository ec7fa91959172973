import "server-only";
import { createHmac } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { type Executor, getDb, queryRows } from "@/lib/db/client";
import { webhookDeliveries } from "@/lib/db/schema";
import { log } from "@/lib/log";

/**
 * Outbound webhook for approvers' tools (chat, paging). Configured by
 * GOVERNANCE_WEBHOOK_URL and GOVERNANCE_WEBHOOK_SECRET. Deliveries are rows written in the same
 * transaction as the change, then sent by a background job with exponential back-off, so a
 * crash or a down receiver loses nothing and several instances never send one twice at once.
 */
export const MAX_WEBHOOK_ATTEMPTS = 8;

export function webhookConfig() {
  const url = process.env.GOVERNANCE_WEBHOOK_URL;
  return url ? { url, secret: process.env.GOVERNANCE_WEBHOOK_SECRET ?? "" } : null;
}

/** `x-afc-signature: sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>` (like Stripe's). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export async function enqueueWebhook(
  tx: Executor,
  event: string,
  actionId: string | null,
  payload: Record<string, unknown>,
): Promise<void> {
  const cfg = webhookConfig();
  if (!cfg) return;
  await tx
    .insert(webhookDeliveries)
    .values({ event, actionId, url: cfg.url, payload: { event, ...payload } });
}

/** Back-off before attempt n+1: 10 s, 20 s, 40 s … capped at one hour. */
export const backoffSeconds = (attempts: number) => Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));

type Due = { id: number; url: string; payload: Record<string, unknown>; attempts: number };

/** Sends due deliveries. Claims rows with SKIP LOCKED and a lease so instances never overlap. */
export async function deliverDueWebhooks(
  opts: { limit?: number; fetchImpl?: typeof fetch } = {},
): Promise<number> {
  const db = await getDb();
  const secret = process.env.GOVERNANCE_WEBHOOK_SECRET ?? "";
  const claimed = await queryRows<Due>(
    db,
    sql`update webhook_deliveries set next_attempt_at = now() + interval '2 minutes'
        where id in (select id from webhook_deliveries
                     where not delivered and not gave_up and next_attempt_at <= now()
                     order by id limit ${opts.limit ?? 20} for update skip locked)
        returning id, url, payload, attempts`,
  );
  const doFetch = opts.fetchImpl ?? fetch;
  for (const d of claimed) {
    const body = JSON.stringify(typeof d.payload === "string" ? JSON.parse(d.payload) : d.payload);
    const ts = String(Math.floor(Date.now() / 1000));
    let error: string | null = null;
    try {
      const res = await doFetch(d.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-afc-timestamp": ts,
          "x-afc-signature": signWebhook(secret, ts, body),
          "x-afc-delivery": String(d.id),
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message;
    }
    const attempts = d.attempts + 1;
    if (!error) {
      await db
        .update(webhookDeliveries)
        .set({ delivered: true, deliveredAt: sql`now()`, attempts, lastError: null })
        .where(eq(webhookDeliveries.id, d.id));
    } else {
      const gaveUp = attempts >= MAX_WEBHOOK_ATTEMPTS;
      if (gaveUp) log.warn({ deliveryId: d.id, error }, "webhook delivery gave up");
      await db
        .update(webhookDeliveries)
        .set({
          attempts,
          lastError: error,
          gaveUp,
          nextAttemptAt: sql`now() + make_interval(secs => ${backoffSeconds(attempts)})`,
        })
        .where(eq(webhookDeliveries.id, d.id));
    }
  }
  return claimed.length;
}

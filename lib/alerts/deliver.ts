import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db/client";
import { alertDeliveries } from "@/lib/db/schema";
import { getWebhookConfig } from "./settings";
import { backoffMs, MAX_DELIVERY_ATTEMPTS, signPayload } from "./webhook-sign";

export type DeliverySummary = { attempted: number; delivered: number; failed: number; gaveUp: number };

/** Lease on a claimed delivery: another instance may retry it only after this. */
const LEASE_SECONDS = 60;
const TIMEOUT_MS = 5_000;

/**
 * Sends due webhook deliveries. Rows are claimed with `FOR UPDATE SKIP LOCKED` and a lease
 * (next_attempt_at pushed forward) in one short statement, so several instances never send the
 * same delivery at once and no transaction stays open during HTTP calls. Failures retry with
 * exponential back-off; after MAX_DELIVERY_ATTEMPTS the delivery is marked failed.
 */
export async function deliverDueWebhooks(
  opts: { nowMs?: number; fetchImpl?: typeof fetch; limit?: number } = {},
): Promise<DeliverySummary> {
  const db = await getDb();
  const summary: DeliverySummary = { attempted: 0, delivered: 0, failed: 0, gaveUp: 0 };
  const config = await getWebhookConfig(db);
  if (!config?.enabled) return summary;
  const nowMs = opts.nowMs ?? Date.now();
  const now = new Date(nowMs).toISOString();
  const claimed = await queryRows<{ id: number; payload: unknown; attempts: number; transition: string }>(
    db,
    sql`update ${alertDeliveries}
          set next_attempt_at = ${now}::timestamptz + make_interval(secs => ${LEASE_SECONDS})
        where id in (select id from ${alertDeliveries}
                      where status = 'pending' and next_attempt_at <= ${now}::timestamptz
                      order by id limit ${opts.limit ?? 20} for update skip locked)
        returning id, payload, attempts, transition`,
  );
  const doFetch = opts.fetchImpl ?? fetch;
  for (const d of claimed.sort((a, b) => Number(a.id) - Number(b.id))) {
    summary.attempted++;
    const body = JSON.stringify({
      ...(d.payload as object),
      deliveryId: String(d.id),
      attempt: d.attempts + 1,
    });
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await doFetch(config.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "ai-factory-console-alerts/1",
          "x-afc-event": `alert.${d.transition}`,
          "x-afc-delivery": String(d.id),
          "x-afc-signature": signPayload(config.secret, body, Math.floor(nowMs / 1000)),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: "manual",
      });
      status = res.status;
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const attempts = d.attempts + 1;
    if (!error) {
      summary.delivered++;
      await db
        .update(alertDeliveries)
        .set({
          status: "delivered",
          attempts,
          lastStatus: status,
          lastError: null,
          deliveredAt: new Date(nowMs),
        })
        .where(eq(alertDeliveries.id, Number(d.id)));
    } else {
      const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
      if (giveUp) summary.gaveUp++;
      else summary.failed++;
      await db
        .update(alertDeliveries)
        .set({
          status: giveUp ? "failed" : "pending",
          attempts,
          lastStatus: status,
          lastError: error.slice(0, 500),
          nextAttemptAt: new Date(nowMs + backoffMs(attempts)),
        })
        .where(eq(alertDeliveries.id, Number(d.id)));
    }
  }
  return summary;
}

/** Recent deliveries for the settings page (status, attempts, last error). */
export async function listDeliveries(limit = 20) {
  const db = await getDb();
  return db
    .select({
      id: alertDeliveries.id,
      transition: alertDeliveries.transition,
      status: alertDeliveries.status,
      attempts: alertDeliveries.attempts,
      lastStatus: alertDeliveries.lastStatus,
      lastError: alertDeliveries.lastError,
      nextAttemptAt: alertDeliveries.nextAttemptAt,
      deliveredAt: alertDeliveries.deliveredAt,
      createdAt: alertDeliveries.createdAt,
    })
    .from(alertDeliveries)
    .orderBy(sql`${alertDeliveries.id} desc`)
    .limit(limit);
}

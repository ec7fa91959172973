import "server-only";
import { eq, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/lib/db/client";
import { webhookDeliveries } from "@/lib/db/schema";
import {
  type DeliverOptions,
  type DeliveryOutcome,
  type DeliverySummary,
  deliverDue,
  jsonObject,
} from "@/lib/webhooks/deliver";

/**
 * Outbound webhook for approvers' tools (chat, paging). Configured by
 * GOVERNANCE_WEBHOOK_URL and GOVERNANCE_WEBHOOK_SECRET. Deliveries are rows written in the same
 * transaction as the change, then sent by a background job through the shared engine in
 * lib/webhooks (same X-AFC-Signature scheme, claiming and back-off as alert webhooks), so a crash
 * or a down receiver loses nothing and several instances never send one twice at once.
 */
export function webhookConfig() {
  const url = process.env.GOVERNANCE_WEBHOOK_URL;
  return url ? { url, secret: process.env.GOVERNANCE_WEBHOOK_SECRET ?? "" } : null;
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

/** Sends due governance deliveries to the URL stored on each row, signed with the current secret. */
export async function deliverDueWebhooks(opts: DeliverOptions = {}): Promise<DeliverySummary> {
  const db = await getDb();
  const secret = process.env.GOVERNANCE_WEBHOOK_SECRET ?? "";
  return deliverDue(
    db,
    {
      name: "governance",
      table: webhookDeliveries,
      pending: sql`not ${webhookDeliveries.delivered} and not ${webhookDeliveries.gaveUp}`,
      toWebhook: (row) => ({
        url: String(row.url),
        secret,
        event: String(row.event),
        payload: jsonObject(row.payload),
      }),
      record: async (id, outcome) => {
        await db.update(webhookDeliveries).set(deliveryColumns(outcome)).where(eq(webhookDeliveries.id, id));
      },
    },
    opts,
  );
}

function deliveryColumns(o: DeliveryOutcome): Partial<typeof webhookDeliveries.$inferInsert> {
  if (o.kind === "delivered")
    return { attempts: o.attempts, delivered: true, deliveredAt: o.at, lastError: null };
  if (o.kind === "gave_up") return { attempts: o.attempts, gaveUp: true, lastError: o.error };
  return { attempts: o.attempts, lastError: o.error, nextAttemptAt: o.nextAttemptAt };
}

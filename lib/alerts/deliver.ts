import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { alertDeliveries } from "@/lib/db/schema";
import {
  type DeliverOptions,
  type DeliveryOutcome,
  type DeliverySummary,
  deliverDue,
  emptySummary,
  jsonObject,
} from "@/lib/webhooks/deliver";
import { getWebhookConfig } from "./settings";

/**
 * Sends due alert webhooks (one per event transition, written by evaluate.ts) to the URL and
 * secret an admin configured, through the shared engine in lib/webhooks (signing, claiming,
 * retries). Nothing is claimed while the webhook is disabled, so deliveries wait, not fail.
 */
export async function deliverDueWebhooks(opts: DeliverOptions = {}): Promise<DeliverySummary> {
  const db = await getDb();
  const config = await getWebhookConfig(db);
  if (!config?.enabled) return emptySummary();
  return deliverDue(
    db,
    {
      name: "alerts",
      table: alertDeliveries,
      pending: sql`${alertDeliveries.status} = 'pending'`,
      toWebhook: (row) => ({
        url: config.url,
        secret: config.secret,
        event: `alert.${String(row.transition)}`,
        payload: jsonObject(row.payload),
      }),
      record: async (id, outcome) => {
        await db.update(alertDeliveries).set(deliveryColumns(outcome)).where(eq(alertDeliveries.id, id));
      },
    },
    opts,
  );
}

function deliveryColumns(o: DeliveryOutcome): Partial<typeof alertDeliveries.$inferInsert> {
  const common = { attempts: o.attempts, lastStatus: o.httpStatus };
  if (o.kind === "delivered") return { ...common, status: "delivered", lastError: null, deliveredAt: o.at };
  if (o.kind === "gave_up") return { ...common, status: "failed", lastError: o.error };
  return { ...common, status: "pending", lastError: o.error, nextAttemptAt: o.nextAttemptAt };
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

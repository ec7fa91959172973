import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { type Executor, queryRows } from "@/lib/db/client";
import { log } from "@/lib/log";
import {
  backoffMs,
  DELIVERY_HEADER,
  EVENT_HEADER,
  MAX_DELIVERY_ATTEMPTS,
  SIGNATURE_HEADER,
  signPayload,
} from "./sign";

/**
 * The one webhook delivery engine. Each feature keeps its own outbox table (rows written in the
 * same transaction as the change they announce); this sends what is due from any of them.
 *
 * Outbox contract: the table has `id` (bigserial), `attempts` (int) and `next_attempt_at`
 * (timestamptz) columns; the feature says which rows are still to be sent (`pending`), how a row
 * becomes a request (`toWebhook`) and how an outcome is stored (`record`).
 */
export type OutboxRow = Record<string, unknown> & { id: number | string; attempts: number };

export type OutgoingWebhook = {
  url: string;
  secret: string;
  /** Event type, sent in X-AFC-Event and as `type` in the body. */
  event: string;
  payload: Record<string, unknown>;
};

export type DeliveryOutcome =
  | { kind: "delivered"; attempts: number; httpStatus: number; at: Date }
  | { kind: "retry"; attempts: number; httpStatus: number | null; error: string; nextAttemptAt: Date }
  | { kind: "gave_up"; attempts: number; httpStatus: number | null; error: string; at: Date };

export type Outbox = {
  /** For logs, e.g. "alerts". */
  name: string;
  table: PgTable;
  /** Condition on `table` selecting rows not yet delivered nor given up. */
  pending: SQL;
  toWebhook: (row: OutboxRow) => OutgoingWebhook;
  record: (id: number, outcome: DeliveryOutcome) => Promise<void>;
};

export type DeliverySummary = { attempted: number; delivered: number; failed: number; gaveUp: number };

export type DeliverOptions = {
  nowMs?: number;
  fetchImpl?: typeof fetch;
  /** Rows claimed per run. */
  limit?: number;
  /** Per-request timeout (connect + response headers). */
  timeoutMs?: number;
};

export const emptySummary = (): DeliverySummary => ({ attempted: 0, delivered: 0, failed: 0, gaveUp: 0 });

/** jsonb comes back parsed from drizzle on both drivers, but raw text from some paths: accept both. */
export function jsonObject(value: unknown): Record<string, unknown> {
  const v = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * Sends the due deliveries of one outbox. Rows are claimed in one short statement with
 * `FOR UPDATE SKIP LOCKED` that also pushes `next_attempt_at` forward (a lease), so several app
 * instances never send the same row at once and no transaction stays open during HTTP calls.
 * A crashed instance's rows become due again when the lease runs out. The lease covers a whole
 * batch sent one by one at the worst-case timeout, plus a margin. Delivery is at-least-once:
 * receivers de-duplicate by X-AFC-Delivery.
 */
export async function deliverDue(
  db: Executor,
  outbox: Outbox,
  opts: DeliverOptions = {},
): Promise<DeliverySummary> {
  const summary = emptySummary();
  const nowMs = opts.nowMs ?? Date.now();
  const limit = opts.limit ?? 20;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const leaseSeconds = Math.ceil((limit * timeoutMs) / 1000) + 30;
  const now = new Date(nowMs).toISOString();
  // Due within this millisecond: rows stamped by the database's now() carry microseconds, so a
  // row queued in the same millisecond as `nowMs` (whole ms) would otherwise wait a whole run.
  const dueBefore = new Date(nowMs + 1).toISOString();
  const claimed = await queryRows<OutboxRow>(
    db,
    sql`update ${outbox.table}
          set next_attempt_at = ${now}::timestamptz + make_interval(secs => ${leaseSeconds})
        where id in (select id from ${outbox.table}
                      where ${outbox.pending} and next_attempt_at < ${dueBefore}::timestamptz
                      order by id limit ${limit} for update skip locked)
        returning *`,
  );
  const doFetch = opts.fetchImpl ?? fetch;
  // Oldest first, so a receiver sees e.g. "firing" before "resolved" when both are due.
  for (const row of claimed.sort((a, b) => Number(a.id) - Number(b.id))) {
    summary.attempted++;
    const id = Number(row.id);
    const attempts = Number(row.attempts) + 1;
    const hook = outbox.toWebhook(row);
    const body = JSON.stringify({
      ...hook.payload,
      type: hook.event,
      deliveryId: String(id),
      attempt: attempts,
    });
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const res = await doFetch(hook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "ai-factory-console-webhooks/1",
          [EVENT_HEADER]: hook.event,
          [DELIVERY_HEADER]: String(id),
          [SIGNATURE_HEADER]: signPayload(hook.secret, body, Math.floor(nowMs / 1000)),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        // A redirect is a failure: following it would re-POST signed data to a place nobody configured.
        redirect: "manual",
      });
      httpStatus = res.status;
      await res.body?.cancel().catch(() => {}); // free the socket; the answer's body is not used
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (error === null) {
      summary.delivered++;
      await outbox.record(id, {
        kind: "delivered",
        attempts,
        httpStatus: httpStatus ?? 0,
        at: new Date(nowMs),
      });
    } else if (attempts >= MAX_DELIVERY_ATTEMPTS) {
      summary.gaveUp++;
      log.warn({ outbox: outbox.name, deliveryId: id, attempts, error }, "webhook delivery gave up");
      await outbox.record(id, {
        kind: "gave_up",
        attempts,
        httpStatus,
        error: error.slice(0, 500),
        at: new Date(nowMs),
      });
    } else {
      summary.failed++;
      await outbox.record(id, {
        kind: "retry",
        attempts,
        httpStatus,
        error: error.slice(0, 500),
        nextAttemptAt: new Date(nowMs + backoffMs(attempts)),
      });
    }
  }
  return summary;
}

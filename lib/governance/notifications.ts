import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit/append";
import { type Executor, getDb } from "@/lib/db/client";
import { notificationReads, notifications } from "@/lib/db/schema";
import { publishLive } from "./live";

/** Adds an entry to the approvers' feed, inside the caller's transaction. */
export async function createNotification(
  tx: Executor,
  n: { actionId: string | null; kind: string; title: string; body: string },
): Promise<number> {
  const [row] = await tx.insert(notifications).values(n).returning({ id: notifications.id });
  await appendAuditEvent(tx, {
    type: "action.notified",
    actor: { kind: "policy", id: "policy" },
    actionId: n.actionId,
    payload: { notificationId: row!.id, kind: n.kind, title: n.title },
  });
  await publishLive(tx, { type: "notification.created", id: String(row!.id) });
  return row!.id;
}

export async function listNotifications(userId: string, opts: { limit?: number; unreadOnly?: boolean } = {}) {
  const db = await getDb();
  const rows = await db
    .select({
      id: notifications.id,
      actionId: notifications.actionId,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      createdAt: notifications.createdAt,
      readAt: notificationReads.readAt,
    })
    .from(notifications)
    .leftJoin(
      notificationReads,
      and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.userId, userId)),
    )
    .where(opts.unreadOnly ? isNull(notificationReads.readAt) : undefined)
    .orderBy(desc(notifications.id))
    .limit(Math.min(opts.limit ?? 50, 200));
  const [{ unread }] = (await db
    .select({ unread: sql<number>`count(*)::int` })
    .from(notifications)
    .leftJoin(
      notificationReads,
      and(eq(notificationReads.notificationId, notifications.id), eq(notificationReads.userId, userId)),
    )
    .where(isNull(notificationReads.readAt))) as [{ unread: number }];
  return { items: rows.map((r) => ({ ...r, read: r.readAt !== null })), unread };
}

/** Marks the given notifications (or all) read for one user; idempotent. */
export async function markNotificationsRead(userId: string, ids: number[] | "all"): Promise<number> {
  const db = await getDb();
  const targets =
    ids === "all"
      ? await db.select({ id: notifications.id }).from(notifications)
      : await db.select({ id: notifications.id }).from(notifications).where(inArray(notifications.id, ids));
  if (targets.length === 0) return 0;
  const inserted = await db
    .insert(notificationReads)
    .values(targets.map((t) => ({ notificationId: t.id, userId })))
    .onConflictDoNothing()
    .returning({ id: notificationReads.notificationId });
  return inserted.length;
}

import { NOTIFICATION_ROLES } from "@/lib/governance/inbox-access";
import { listNotifications, markNotificationsRead } from "@/lib/governance/notifications";
import { apiRoute } from "@/lib/http/route";
import { markReadBody, notificationsQuery } from "./schema";

/** The approvers' feed (notify-tier actions), with read/unread per user. */
export const GET = apiRoute(
  { access: { roles: NOTIFICATION_ROLES }, query: notificationsQuery },
  async ({ principal, query }) =>
    listNotifications(principal.id, { unreadOnly: query.unread === "1", limit: query.limit }),
);

export const POST = apiRoute(
  { access: { roles: NOTIFICATION_ROLES }, body: markReadBody },
  async ({ principal, body }) => ({ marked: await markNotificationsRead(principal.id, body.read) }),
);

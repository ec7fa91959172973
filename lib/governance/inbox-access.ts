import type { Role } from "@/lib/db/schema";

/**
 * Who may do what around the approval inbox. Pure, so the page (server), the inbox (client) and
 * the API routes read the same lists: a UI that shows a button the API refuses is a bug.
 */
/** Decide actions (`POST /api/v1/actions/:id/decision`). */
export const DECISION_ROLES = ["approver", "admin"] as const satisfies readonly Role[];
/** Read and mark the notify-tier feed (`/api/v1/notifications`). */
export const NOTIFICATION_ROLES = ["approver", "admin"] as const satisfies readonly Role[];
/** Read the inbox and its live stream; executives and auditors see it read-only. */
export const INBOX_READ_ROLES = [
  "approver",
  "admin",
  "executive",
  "auditor",
] as const satisfies readonly Role[];

export type InboxAccess = { canDecide: boolean; canSeeNotifications: boolean };

const holds = (roles: readonly Role[], allowed: readonly Role[]) => roles.some((r) => allowed.includes(r));

/** What the inbox offers a user with these roles. */
export function inboxAccess(roles: readonly Role[]): InboxAccess {
  return { canDecide: holds(roles, DECISION_ROLES), canSeeNotifications: holds(roles, NOTIFICATION_ROLES) };
}

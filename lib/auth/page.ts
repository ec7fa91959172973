import "server-only";
import { redirect } from "next/navigation";
import type { Role } from "@/lib/db/schema";
import { currentUser, hasRole, type UserPrincipal } from "./principal";

/** Which roles may open each console page (admin holds every role in the demo). */
export const PAGE_ROLES = {
  overview: ["executive", "sre", "approver", "admin", "auditor"],
  sre: ["sre", "admin", "executive"],
  facility: ["sre", "admin", "executive"],
  roi: ["executive", "admin"],
  // Executives and auditors read the inbox; only approvers/admins decide (DECISION_ROLES).
  approvals: ["approver", "admin", "executive", "auditor"],
  audit: ["admin", "auditor"],
  settings: ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type PageKey = keyof typeof PAGE_ROLES;

/** For server components: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<UserPrincipal> {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return user;
}

/** The user when their role may see the page; `null` means render <NotAllowed/>. */
export async function userForPage(page: PageKey): Promise<{ user: UserPrincipal; allowed: boolean }> {
  const user = await requireUser();
  return { user, allowed: hasRole(user, PAGE_ROLES[page]) };
}

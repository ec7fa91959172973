import "server-only";
import { getServerSession } from "next-auth";
import type { ApiScope, Role } from "@/lib/db/schema";
import { findActiveApiKey } from "./api-keys";
import { authOptions } from "./options";
import { findActiveUserById } from "./users";

export type UserPrincipal = { kind: "user"; id: string; email: string; name: string; roles: Role[] };
export type KeyPrincipal = {
  kind: "apiKey";
  id: string;
  name: string;
  scopes: ApiScope[];
  constraints: { agents?: string[]; categories?: string[] };
};
export type Principal = UserPrincipal | KeyPrincipal;

/** Bearer token from the Authorization header, if any. */
export function bearerToken(req: Request): string | null {
  const h = req.headers.get("authorization");
  const m = h?.match(/^Bearer\s+(\S+)\s*$/i);
  return m ? m[1]! : null;
}

/**
 * Who is calling. A request with `Authorization: Bearer` is judged by its key alone (cookies are
 * ignored, so a key route is never reachable through a browser's ambient session). Otherwise the
 * next-auth session, with roles re-read from the database so revocations take effect at once.
 */
export async function resolvePrincipal(req?: Request): Promise<Principal | null> {
  const token = req ? bearerToken(req) : null;
  if (token) {
    const key = await findActiveApiKey(token);
    return key
      ? { kind: "apiKey", id: key.id, name: key.name, scopes: key.scopes, constraints: key.constraints }
      : null;
  }
  if (req?.headers.get("authorization")) return null; // malformed Authorization: no fallback to cookies
  return currentUser();
}

export async function currentUser(): Promise<UserPrincipal | null> {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  const user = await findActiveUserById(session.user.id);
  if (!user) return null;
  return { kind: "user", id: user.id, email: user.email, name: user.name, roles: user.roles };
}

export const hasRole = (p: Principal | null, roles: readonly Role[]) =>
  p?.kind === "user" && p.roles.some((r) => roles.includes(r));
export const hasScope = (p: Principal | null, scopes: readonly ApiScope[]) =>
  p?.kind === "apiKey" && scopes.some((s) => p.scopes.includes(s));

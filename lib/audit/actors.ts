/**
 * Helpers so callers build actors the same way everywhere. PURE.
 *   appendAuditEvent(tx, { type: "apikey.created", actor: actorOf(principal), payload: {...} })
 */
import type { AuditActor } from "./append";

type PrincipalLike =
  | { kind: "user"; id: string; email?: string; name?: string }
  | { kind: "apiKey"; id: string; name?: string };

/** A signed-in user or an API key (agents call with keys). */
export function actorOf(principal: PrincipalLike | null | undefined): AuditActor {
  if (!principal) return SYSTEM_ACTOR;
  if (principal.kind === "user")
    return { kind: "user", id: principal.id, name: principal.email ?? principal.name };
  return { kind: "agent", id: `apikey:${principal.id}`, name: principal.name };
}

export const agentActor = (agentId: string, keyName?: string): AuditActor => ({
  kind: "agent",
  id: agentId,
  ...(keyName ? { name: keyName } : {}),
});

export const POLICY_ACTOR: AuditActor = { kind: "policy", id: "policy", name: "bounded-autonomy policy" };
export const SYSTEM_ACTOR: AuditActor = { kind: "system", id: "system", name: "AI Factory Console" };

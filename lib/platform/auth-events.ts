import "server-only";
import { appendAuditEvent } from "@/lib/audit/append";
import { getDb } from "@/lib/db/client";
import { log } from "@/lib/log";

export type SignInOutcome =
  | { ok: true; userId: string; email: string; ip: string | null }
  | {
      ok: false;
      reason: "bad_credentials" | "throttled";
      email: string;
      userId: string | null;
      ip: string | null;
    };

/**
 * Sign-ins and refused sign-ins go to the audit trail (who, from where, why refused); never the
 * password. A failure to audit is logged but does not change the answer the user gets.
 */
export async function auditSignIn(o: SignInOutcome): Promise<void> {
  try {
    const db = await getDb();
    await appendAuditEvent(db, {
      type: o.ok ? "auth.signed_in" : "auth.sign_in_failed",
      actor: o.userId ? { kind: "user", id: o.userId, name: o.email } : { kind: "system", id: "anonymous" },
      payload: o.ok ? { email: o.email, ip: o.ip } : { email: o.email, ip: o.ip, reason: o.reason },
    });
  } catch (err) {
    log.error({ event: "audit_failed", err }, "could not audit a sign-in");
  }
}

export async function auditSignOut(userId: string | undefined, email: string | undefined): Promise<void> {
  if (!userId) return;
  try {
    await appendAuditEvent(await getDb(), {
      type: "auth.signed_out",
      actor: { kind: "user", id: userId, name: email },
      payload: { email: email ?? null },
    });
  } catch (err) {
    log.error({ event: "audit_failed", err }, "could not audit a sign-out");
  }
}

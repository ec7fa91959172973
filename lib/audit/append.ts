import "server-only";
import type { Executor } from "@/lib/db/client";

/** Who did it: a person, an agent (by API key / agent id), the policy engine, or the system. */
export type AuditActor = { kind: "user" | "agent" | "policy" | "system"; id: string; name?: string };

export type AuditEventInput = {
  /** e.g. "action.submitted", "action.decided", "policy.version_created", "apikey.created". */
  type: string;
  actor: AuditActor;
  actionId?: string | null;
  /** Inputs and results; secrets are masked by the appender, which records the masked paths. */
  payload: Record<string, unknown>;
};

/**
 * Appends one event to the tamper-evident trail. Call it with the transaction that makes the
 * change it records, so both commit or neither does.
 * (Stub until the audit feature lands: owned by lib/audit/.)
 */
export async function appendAuditEvent(_tx: Executor, _event: AuditEventInput): Promise<void> {}

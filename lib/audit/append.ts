import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/lib/db/client";
import { type Json, toPlainJson } from "./canonical";
import { type EventContent, splitDocument } from "./chain";
import { maskSecrets } from "./mask";

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

export type AppendedAuditEvent = { pendingId: number; maskedPaths: string[] };
const TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

/** The hashed content of an event, exactly as it will be stored (pure; exported for tests). */
export function prepareAuditEvent(event: AuditEventInput, now = new Date()): EventContent {
  if (!TYPE_PATTERN.test(event.type) || event.type.length > 100)
    throw new Error(
      `audit event type must look like "area.verb" (lowercase), got ${JSON.stringify(event.type)}`,
    );
  if (!event.actor?.id) throw new Error("audit event needs an actor with an id");
  const { value: payload, maskedPaths } = maskSecrets(toPlainJson(event.payload ?? {}));
  const actor = toPlainJson({
    kind: event.actor.kind,
    id: String(event.actor.id),
    name: event.actor.name,
  }) as EventContent["actor"];
  return {
    time: now.toISOString(),
    type: event.type,
    actor,
    action_id: event.actionId ?? null,
    payload: (payload ?? {}) as Json,
    masked_paths: maskedPaths,
  };
}

/**
 * Appends one event to the tamper-evident trail. Call it with the transaction that makes the
 * change it records, so both commit or neither does. One INSERT, no lock: the event is sealed into
 * the hash chain (seq, prev_hash, hash) moments after commit by audit_seal() (lib/audit/seal.ts),
 * which every reader of the trail runs first, so appending never serialises the callers' commits.
 */
export async function appendAuditEvent(tx: Executor, event: AuditEventInput): Promise<AppendedAuditEvent> {
  const content = prepareAuditEvent(event);
  const { head, tail } = splitDocument(content);
  const [row] = await queryRows<{ id: string | number }>(
    tx,
    sql`insert into audit_pending (time, type, actor, action_id, payload, masked_paths, doc_head, doc_tail)
      values (${content.time}::timestamptz, ${content.type}, ${JSON.stringify(content.actor)}::jsonb, ${content.action_id},
        ${JSON.stringify(content.payload)}::jsonb, ${JSON.stringify(content.masked_paths)}::jsonb, ${head}, ${tail})
      returning id`,
  );
  if (!row) throw new Error("audit_pending insert returned nothing");
  return { pendingId: Number(row.id), maskedPaths: content.masked_paths };
}

/**
 * The INSERT that appends several events in the given order (pending ids, hence seal order,
 * follow the array), as one statement a caller may embed in its own CTE so the events still
 * commit with the change. Same validation, masking and split document as appendAuditEvent.
 */
export function auditInsertSql(events: AuditEventInput[]): SQL {
  if (events.length === 0) throw new Error("auditInsertSql needs at least one event");
  const rows = events.map((event) => {
    const content = prepareAuditEvent(event);
    const { head, tail } = splitDocument(content);
    return sql`(${content.time}::timestamptz, ${content.type}, ${JSON.stringify(content.actor)}::jsonb, ${content.action_id},
        ${JSON.stringify(content.payload)}::jsonb, ${JSON.stringify(content.masked_paths)}::jsonb, ${head}, ${tail})`;
  });
  return sql`insert into audit_pending (time, type, actor, action_id, payload, masked_paths, doc_head, doc_tail)
      values ${sql.join(rows, sql`, `)} returning id`;
}

/** Appends several events of one change in one round trip (same transaction rule as above). */
export async function appendAuditEvents(tx: Executor, events: AuditEventInput[]): Promise<number> {
  const rows = await queryRows<{ id: string | number }>(tx, auditInsertSql(events));
  if (rows.length !== events.length) throw new Error("audit_pending insert returned too few rows");
  return rows.length;
}

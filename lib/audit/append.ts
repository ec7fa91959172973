import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
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
 * An event whose payload holds integers only the database knows when it writes the event (a vote's
 * tally, lib/governance/decisions.ts). The canonical document is prepared here with a unique mark
 * in each hole and cut around the marks; audit_pending_fill() (drizzle/0014) joins the parts with
 * the values, as it joins prev_hash and seq at sealing, and adds them to the stored payload. An
 * integer is written the same by JCS and by PostgreSQL, so the document stays canonical.
 */
export type AuditTemplate = Omit<EventContent, "payload"> & {
  /** The payload without the holes. */
  payload: Json;
  /** Payload members filled by the database, in document order. */
  holes: string[];
  /** The document before "prev_hash", cut at the holes: holes.length + 1 parts. */
  head: string[];
  tail: string;
};

const HOLE_MARK = `audit-hole-${randomUUID()}:`; // unguessable: no caller's text can contain it

export function prepareAuditTemplate(event: AuditEventInput, holes: string[]): AuditTemplate {
  const marks = Object.fromEntries(holes.map((h) => [h, HOLE_MARK + h]));
  const content = prepareAuditEvent({ ...event, payload: { ...event.payload, ...marks } });
  const { head, tail } = splitDocument(content);
  const cuts = holes
    .map((hole) => {
      const mark = JSON.stringify(marks[hole]);
      const at = head.indexOf(mark);
      // Absent (masked, or not in the head) or repeated: the document cannot be completed safely.
      if (at < 0 || head.includes(mark, at + 1)) throw new Error(`audit template: cannot place hole ${hole}`);
      return { hole, at, end: at + mark.length };
    })
    .sort((a, b) => a.at - b.at);
  const parts: string[] = [];
  let from = 0;
  for (const c of cuts) {
    parts.push(head.slice(from, c.at));
    from = c.end;
  }
  parts.push(head.slice(from));
  const payload = { ...(content.payload as Record<string, Json>) };
  for (const h of holes) delete payload[h];
  return { ...content, payload, holes: cuts.map((c) => c.hole), head: parts, tail };
}

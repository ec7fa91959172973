import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Executor, getDb, queryRows } from "@/lib/db/client";
import type { ChainEvent } from "./chain";
import { allCheckpoints, chainHead, selectEvents } from "./rows";
import { sealPendingEvents } from "./seal";
import type { Checkpoint } from "./signing";

export type AuditFilter = {
  /** Action id (exact). */
  action?: string;
  /** Agent id: events by that agent and every event of the actions it submitted. */
  agent?: string;
  /** Actor id (user id, agent id, "policy", "system"…) or actor name. */
  actor?: string;
  /** Exact type, or a prefix ending in "." / "*" (e.g. "action." for all action events). */
  type?: string;
  fromMs?: number;
  toMs?: number;
  /** Free text over type, action id, actor and payload. */
  q?: string;
  seq?: number;
  /** Paging: events with seq below this (newest first). */
  beforeSeq?: number;
  limit?: number;
};

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereOf(f: AuditFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.seq !== undefined) parts.push(sql`seq = ${f.seq}`);
  if (f.action) parts.push(sql`action_id = ${f.action}`);
  if (f.agent)
    parts.push(sql`(actor_id = ${f.agent} or payload->>'agentId' = ${f.agent} or action_id in (
      select action_id from audit_events where type = 'action.submitted' and actor_id = ${f.agent}))`);
  if (f.actor) parts.push(sql`(actor_id = ${f.actor} or actor->>'name' = ${f.actor})`);
  if (f.type) {
    const t = f.type.replace(/\*$/, "");
    parts.push(t.endsWith(".") ? sql`type like ${`${likeEscape(t)}%`}` : sql`type = ${t}`);
  }
  if (f.fromMs !== undefined) parts.push(sql`time >= ${new Date(f.fromMs).toISOString()}::timestamptz`);
  if (f.toMs !== undefined) parts.push(sql`time <= ${new Date(f.toMs).toISOString()}::timestamptz`);
  if (f.q) {
    const like = `%${likeEscape(f.q)}%`;
    parts.push(
      sql`(type ilike ${like} or action_id ilike ${like} or actor::text ilike ${like} or payload::text ilike ${like})`,
    );
  }
  if (f.beforeSeq !== undefined) parts.push(sql`seq < ${f.beforeSeq}`);
  return sql.join(parts, sql` and `);
}

/** A page of the timeline, newest first; `nextBeforeSeq` fetches the next (older) page. */
export async function listAuditEvents(
  f: AuditFilter = {},
): Promise<{ events: ChainEvent[]; nextBeforeSeq: number | null }> {
  const db = await getDb();
  await sealPendingEvents(db);
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
  const events = await selectEvents(db, whereOf(f), sql`order by seq desc limit ${limit + 1}`);
  const more = events.length > limit;
  const page = more ? events.slice(0, limit) : events;
  return { events: page, nextBeforeSeq: more ? page.at(-1)!.seq : null };
}

/** Every event of one action, oldest first. */
export async function auditEventsForAction(actionId: string, db?: Executor): Promise<ChainEvent[]> {
  const conn = db ?? (await getDb());
  await sealPendingEvents(conn);
  return selectEvents(conn, sql`action_id = ${actionId}`, sql`order by seq limit 2000`);
}

/** Facets for the filter bar. */
export async function auditFacets(): Promise<{
  types: string[];
  actors: { id: string; name: string | null; kind: string }[];
}> {
  const db = await getDb();
  const types = await queryRows<{ type: string }>(
    db,
    sql`select distinct type from audit_events order by type`,
  );
  const actors = await queryRows<{ id: string; name: string | null; kind: string }>(
    db,
    sql`select actor_id as id, max(actor->>'name') as name, max(actor_kind) as kind from audit_events
        group by actor_id order by actor_id limit 500`,
  );
  return { types: types.map((t) => t.type), actors };
}

export type TrailStatus = {
  events: number;
  head: { seq: number; hash: string; time: string } | null;
  lastCheckpoint: Checkpoint | null;
  checkpoints: number;
};

export async function trailStatus(): Promise<TrailStatus> {
  const db = await getDb();
  await sealPendingEvents(db);
  const head = await chainHead(db);
  const cps = await allCheckpoints(db);
  return { events: head?.seq ?? 0, head, lastCheckpoint: cps.at(-1) ?? null, checkpoints: cps.length };
}

/** The first checkpoint that covers `seq` (null while none does yet). */
export async function checkpointCovering(seq: number): Promise<Checkpoint | null> {
  const db = await getDb();
  const [row] = await queryRows<{ seq: string | number }>(
    db,
    sql`select seq from audit_checkpoints where seq >= ${seq} order by seq limit 1`,
  );
  if (!row) return null;
  return (await allCheckpoints(db)).find((c) => c.seq === Number(row.seq)) ?? null;
}

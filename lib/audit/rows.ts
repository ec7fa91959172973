import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type postgres from "postgres";
import { type Executor, queryRows } from "@/lib/db/client";
import type { Json } from "./canonical";
import type { ChainEvent } from "./chain";
import type { Checkpoint } from "./signing";

/**
 * Raw reads of the two tables, identical on both drivers: jsonb travels as text and time as the
 * exact ISO string that was hashed, so nothing is reinterpreted on the way.
 */
const ISO = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// Time as epoch milliseconds (exact: the column has millisecond precision); cheaper than to_char.
const EVENT_COLUMN_LIST = `seq, (extract(epoch from time) * 1000)::bigint as time_ms, type, actor::text as actor, action_id,
  payload::text as payload, masked_paths::text as masked_paths, prev_hash, hash`;
export const EVENT_COLUMNS = sql.raw(EVENT_COLUMN_LIST);

type RawEvent = {
  seq: string | number;
  time_ms: string | number;
  type: string;
  actor: string;
  action_id: string | null;
  payload: string;
  masked_paths: string;
  prev_hash: string;
  hash: string;
};

export const toChainEvent = (r: RawEvent): ChainEvent => ({
  seq: Number(r.seq),
  time: new Date(Number(r.time_ms)).toISOString(),
  type: r.type,
  actor: JSON.parse(r.actor),
  action_id: r.action_id,
  payload: JSON.parse(r.payload) as Json,
  masked_paths: JSON.parse(r.masked_paths),
  prev_hash: r.prev_hash,
  hash: r.hash,
});

export async function selectEvents(db: Executor, where: SQL, orderLimit: SQL): Promise<ChainEvent[]> {
  const rows = await queryRows<RawEvent>(
    db,
    sql`select ${EVENT_COLUMNS} from audit_events where ${where} ${orderLimit}`,
  );
  return rows.map(toChainEvent);
}

export async function eventsAfter(
  db: Executor,
  afterSeq: number,
  limit: number,
  toSeq?: number,
): Promise<ChainEvent[]> {
  const upper = toSeq === undefined ? sql`true` : sql`seq <= ${toSeq}`;
  return selectEvents(db, sql`seq > ${afterSeq} and ${upper}`, sql`order by seq limit ${limit}`);
}

/**
 * The verifier's fast path on PostgreSQL: the raw postgres.js client, rows as arrays of text
 * ([seq, time_ms, type, actor, action_id, payload, masked_paths, prev_hash, hash]) that worker
 * threads parse and hash. Same columns and conversions as eventsAfter.
 */
export async function eventRowsAfterRaw(
  pg: postgres.Sql,
  afterSeq: number,
  limit: number,
): Promise<unknown[][]> {
  return pg
    .unsafe(`select ${EVENT_COLUMN_LIST} from audit_events where seq > $1 order by seq limit $2`, [
      afterSeq,
      limit,
    ])
    .values();
}

export const chainEventFromValues = (r: unknown[]): ChainEvent => ({
  seq: Number(r[0]),
  time: new Date(Number(r[1])).toISOString(),
  type: r[2] as string,
  actor: JSON.parse(r[3] as string),
  action_id: r[4] as string | null,
  payload: JSON.parse(r[5] as string) as Json,
  masked_paths: JSON.parse(r[6] as string),
  prev_hash: r[7] as string,
  hash: r[8] as string,
});

export async function eventsAfterRaw(
  pg: postgres.Sql,
  afterSeq: number,
  limit: number,
): Promise<ChainEvent[]> {
  return (await eventRowsAfterRaw(pg, afterSeq, limit)).map(chainEventFromValues);
}

export async function allCheckpoints(db: Executor): Promise<Checkpoint[]> {
  const rows = await queryRows<{
    seq: string | number;
    hash: string;
    time: string;
    prev_signature: string;
    key_id: string;
    signature: string;
  }>(
    db,
    sql`select seq, hash, ${ISO(sql`time`)} as time, prev_signature, key_id, signature from audit_checkpoints order by seq`,
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export async function chainHead(db: Executor): Promise<{ seq: number; hash: string; time: string } | null> {
  const [row] = await queryRows<{ seq: string | number; hash: string; time: string }>(
    db,
    sql`select seq, hash, ${ISO(sql`time`)} as time from audit_events order by seq desc limit 1`,
  );
  return row ? { seq: Number(row.seq), hash: row.hash, time: row.time } : null;
}

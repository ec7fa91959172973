/**
 * The hash chain. PURE (node:crypto only). docs/audit-format.md is the normative description;
 * keep the two in step.
 *
 *   hash(event) = hex(SHA-256(UTF-8(canonicalJson(document(event)))))
 *   document    = {v, seq, time, type, actor, action_id, payload, masked_paths, prev_hash}
 *   prev_hash   = hash of the event with seq - 1, or 64 zeros for seq 1
 */
import { createHash } from "node:crypto";
import { canonicalJson, type Json } from "./canonical";

export const FORMAT_VERSION = 1;
export const GENESIS_HASH = "0".repeat(64);

export type ActorJson = { kind: string; id: string; name?: string };

/** One event as stored and exported (snake_case: the exported JSON uses these names). */
export type ChainEvent = {
  seq: number;
  /** UTC, millisecond precision, e.g. "2026-11-26T07:32:20.123Z". */
  time: string;
  type: string;
  actor: ActorJson;
  action_id: string | null;
  payload: Json;
  masked_paths: string[];
  prev_hash: string;
  hash: string;
};

export type EventContent = Omit<ChainEvent, "seq" | "prev_hash" | "hash">;

export function eventDocument(e: Omit<ChainEvent, "hash">): Json {
  return {
    v: FORMAT_VERSION,
    seq: e.seq,
    time: e.time,
    type: e.type,
    actor: e.actor as unknown as Json,
    action_id: e.action_id,
    payload: e.payload,
    masked_paths: e.masked_paths,
    prev_hash: e.prev_hash,
  };
}

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export function hashEvent(e: Omit<ChainEvent, "hash">): string {
  return sha256Hex(canonicalJson(eventDocument(e)));
}

/**
 * The canonical document split around `prev_hash` and `seq`, which only the database knows at
 * append time (they are assigned under the chain lock). Keys sort as action_id, actor,
 * masked_paths, payload, prev_hash, seq, time, type, v, so the database completes the text as
 *   head + '"prev_hash":"' + prev + '","seq":' + seq + tail
 * and hashes it with sha256(); appending is then a single round trip.
 */
export function splitDocument(content: EventContent): { head: string; tail: string } {
  const marker = "__AUDIT_SPLIT__";
  const full = canonicalJson(eventDocument({ ...content, seq: 0, prev_hash: marker }));
  const at = full.indexOf(`"prev_hash":"${marker}","seq":0,`);
  if (at < 0) throw new Error("canonical document layout changed");
  return { head: full.slice(0, at), tail: full.slice(at + `"prev_hash":"${marker}","seq":0`.length) };
}

/** Joins the split document the way the database does (tests use it to prove the two agree). */
export const joinDocument = (parts: { head: string; tail: string }, prevHash: string, seq: number) =>
  `${parts.head}"prev_hash":"${prevHash}","seq":${seq}${parts.tail}`;

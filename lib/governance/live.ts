import "server-only";
import { sql } from "drizzle-orm";
import { type Executor, getDbHandle } from "@/lib/db/client";

/**
 * Live updates for the approval inbox and waiting agents. Changes publish with pg_notify inside
 * the transaction that makes them, so PostgreSQL delivers them only on commit and to every app
 * instance (LISTEN/NOTIFY). Each process holds one LISTEN connection and fans out in memory.
 * On PGlite (single process) PGlite's own listen does the same.
 */
export const LIVE_CHANNEL = "afc_governance";

export type LiveEvent = {
  type: "action.created" | "action.updated" | "notification.created";
  id: string;
  status?: string;
  agentId?: string;
  /** Milliseconds since epoch when the change was published (for the click-to-visible bench). */
  atMs: number;
};

export async function publishLive(tx: Executor, event: Omit<LiveEvent, "atMs">): Promise<void> {
  await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${livePayload(event)})`);
}

/**
 * The notification text, stamped now. governance_decide() (decisions.ts) is given a partial event
 * and adds the members only it knows (status, agentId) before it notifies.
 */
export function livePayload(event: Omit<LiveEvent, "atMs">): string {
  return JSON.stringify({ ...event, atMs: Date.now() });
}

type Listener = (e: LiveEvent) => void;
type State = { listeners: Set<Listener>; started: Promise<void> | null };
const g = globalThis as typeof globalThis & { __afcGovLive?: State };
const state = (): State => {
  g.__afcGovLive ??= { listeners: new Set(), started: null };
  return g.__afcGovLive;
};

function emit(payload: string) {
  let event: LiveEvent;
  try {
    event = JSON.parse(payload) as LiveEvent;
  } catch {
    return;
  }
  for (const l of state().listeners) {
    try {
      l(event);
    } catch {
      // one broken subscriber must not starve the others
    }
  }
}

async function startListening(): Promise<void> {
  const handle = await getDbHandle();
  if (handle.pg) await handle.pg.listen(LIVE_CHANNEL, emit);
  else if (handle.lite) await handle.lite.listen(LIVE_CHANNEL, emit);
}

/** Subscribes to committed governance changes; returns the unsubscribe function. */
export async function subscribeLive(listener: Listener): Promise<() => void> {
  const s = state();
  s.started ??= startListening().catch((err) => {
    s.started = null;
    throw err;
  });
  await s.started;
  s.listeners.add(listener);
  return () => s.listeners.delete(listener);
}

/** Forgets the listener state (tests open a fresh database per file). */
export function resetLiveForTests(): void {
  g.__afcGovLive = undefined;
}

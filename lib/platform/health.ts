import "server-only";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDbHandle, queryRows } from "@/lib/db/client";
import { migrationsFolder } from "@/lib/db/migrate";

export type Readiness = {
  ready: boolean;
  database: { kind: "postgres" | "pglite" | null; reachable: boolean; error?: string };
  migrations: { expected: number; applied: number; pending: string[] };
  draining: boolean;
};

type Journal = { entries: { tag: string; when: number }[] };

/** The migrations this build ships (drizzle-kit's journal). */
export function shippedMigrations(folder = migrationsFolder): Journal["entries"] {
  const journal = JSON.parse(
    fs.readFileSync(path.join(/*turbopackIgnore: true*/ folder, "meta", "_journal.json"), "utf8"),
  ) as Journal;
  return journal.entries;
}

/**
 * Same rule as drizzle's migrator: a shipped migration is pending when it is newer than the last
 * one recorded in `drizzle.__drizzle_migrations`.
 */
export function pendingMigrations(shipped: Journal["entries"], appliedCreatedAt: number[]): string[] {
  const last = appliedCreatedAt.length ? Math.max(...appliedCreatedAt) : Number.NEGATIVE_INFINITY;
  return shipped.filter((m) => m.when > last).map((m) => m.tag);
}

let draining = false;
/** Set on SIGTERM: the load balancer should stop sending traffic while in-flight work finishes. */
export const markDraining = () => {
  draining = true;
};

/** Database reachable and every shipped migration applied. Never throws; bounded by `timeoutMs`. */
export async function readiness(timeoutMs = 5_000): Promise<Readiness> {
  const shipped = shippedMigrations();
  const out: Readiness = {
    ready: false,
    database: { kind: null, reachable: false },
    migrations: { expected: shipped.length, applied: 0, pending: shipped.map((m) => m.tag) },
    draining,
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        const handle = await getDbHandle();
        out.database.kind = handle.kind;
        const rows = await queryRows<{ created_at: string | number }>(
          handle.db,
          sql`select created_at from drizzle.__drizzle_migrations`,
        );
        out.database.reachable = true;
        const applied = rows.map((r) => Number(r.created_at));
        out.migrations.applied = applied.length;
        out.migrations.pending = pendingMigrations(shipped, applied);
      })(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer from the database in ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (err) {
    out.database.error = err instanceof Error ? err.message.split("\n")[0] : String(err);
  } finally {
    clearTimeout(timer);
  }
  out.ready = out.database.reachable && out.migrations.pending.length === 0 && !draining;
  return out;
}

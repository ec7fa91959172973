import path from "node:path";
import type { DbHandle } from "./client";

export const migrationsFolder = path.resolve(
  /*turbopackIgnore: true*/ process.env.MIGRATIONS_DIR ?? "drizzle",
);

/**
 * Applies drizzle-kit's migrations. On PostgreSQL several app instances may start at once and
 * drizzle's migrator is not concurrency-safe, so the run holds an advisory lock on a connection
 * reserved for that purpose.
 */
export async function runMigrations(handle: DbHandle): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // biome-ignore lint/suspicious/noExplicitAny: one dialect, but the migrator is typed per driver
    await migrate(handle.db as any, { migrationsFolder });
    return;
  }
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const lockConn = await handle.pg!.reserve();
  try {
    await lockConn`select pg_advisory_lock(7262001)`;
    // biome-ignore lint/suspicious/noExplicitAny: see above
    await migrate(handle.db as any, { migrationsFolder });
  } finally {
    await lockConn`select pg_advisory_unlock(7262001)`.catch(() => {});
    lockConn.release();
  }
}

import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type DbHandle, openDatabase } from "@/lib/db/client";

/**
 * A fresh, migrated database for one test file. On PGlite (default) an in-memory instance;
 * when TEST_DATABASE_URL (or DATABASE_URL) names a PostgreSQL server, a new database created on
 * it and dropped afterwards. The same integration tests run on both.
 *
 * The returned handle is also installed as the process-wide database, so code under test that
 * calls getDb() uses it.
 */
export async function createTestDb(): Promise<DbHandle & { url: string | null }> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let url: string | null = null;
  let drop = async () => {};
  if (serverUrl) {
    const name = `afc_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }
  const handle = await openDatabase(url ? { url } : { pgliteDir: "memory://" });
  (globalThis as { __afcDb?: Promise<DbHandle> }).__afcDb = Promise.resolve(handle);
  return {
    ...handle,
    url,
    async close() {
      (globalThis as { __afcDb?: Promise<DbHandle> }).__afcDb = undefined;
      await handle.close();
      await drop();
    },
  };
}

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/test/db";
import { tcpRelay } from "@/test/tcp-relay";
import { closeDb, getDbHandle, queryRows } from "./client";
import { isConnectionError } from "./retry";

/**
 * PostgreSQL only: an app that starts while the database is down keeps answering 503s and opens
 * the database as soon as it is reachable — no restart. The relay plays the vanishing server.
 */
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

describe.skipIf(!serverUrl)("opening the database when the server comes up late", () => {
  let db: Awaited<ReturnType<typeof createTestDb>>;
  let relay: ReturnType<typeof tcpRelay>;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await createTestDb(); // a migrated database on the real server
    const target = new URL(db.url!);
    relay = tcpRelay({ host: target.hostname, port: Number(target.port || 5432) });
    await relay.start();
    await relay.stop(); // keep the port, refuse connections: "the server is down"
    const viaRelay = new URL(db.url!);
    viaRelay.port = String(relay.port);
    (globalThis as { __afcDb?: unknown }).__afcDb = undefined; // as a freshly started process
    process.env.DATABASE_URL = viaRelay.toString();
  });
  afterAll(async () => {
    await closeDb().catch(() => {});
    process.env.DATABASE_URL = saved;
    await relay.stop();
    await db.close();
  });

  it("fails while the server is down, then opens once it is back", async () => {
    const err = await getDbHandle().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isConnectionError(err)).toBe(true);
    // The failure is not cached: the next caller tries again.
    await expect(getDbHandle()).rejects.toBeTruthy();

    await relay.start();
    const handle = await getDbHandle();
    const rows = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from users`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(0);
  });
});

import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/test/db";
import { queryRows } from "./client";
import { isConnectionError, withDbRetry } from "./retry";

/**
 * PostgreSQL only (PGlite runs in-process and cannot lose its connection): the server ends our
 * backends, the pool notices, and the next attempt works on a fresh connection.
 */
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

describe.skipIf(!serverUrl)("lost PostgreSQL connections", () => {
  let db: Awaited<ReturnType<typeof createTestDb>>;
  let admin: postgres.Sql;
  const terminate = async () => {
    const name = new URL(db.url!).pathname.slice(1);
    const rows = await admin`select pg_terminate_backend(pid) from pg_stat_activity
                             where datname = ${name} and pid <> pg_backend_pid()`;
    return rows.length;
  };

  beforeAll(async () => {
    db = await createTestDb();
    admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await admin.end();
    await db.close();
  });

  it("idle connections killed by the server are replaced on the next query", async () => {
    await queryRows(db.db, sql`select 1`);
    expect(await terminate()).toBeGreaterThan(0);
    const rows = await withDbRetry(() => queryRows<{ n: number }>(db.db, sql`select 2 as n`));
    expect(rows[0]!.n).toBe(2);
  });

  it("a query cut off mid-flight fails as a connection error and succeeds when retried", async () => {
    let attempts = 0;
    const slow = () => {
      attempts++;
      return queryRows<{ n: number }>(db.db, sql`select 3 as n, pg_sleep(${attempts === 1 ? 1 : 0})`);
    };
    const [result] = await Promise.all([
      withDbRetry(slow, { delaysMs: [50, 200, 500] }),
      new Promise((r) => setTimeout(r, 300)).then(terminate),
    ]);
    expect(attempts).toBe(2);
    expect(result[0]!.n).toBe(3);
  });

  it("classifies the error of a terminated query as a lost connection", async () => {
    // The outcome is taken at once: the query may fail while terminate() is still awaited, and
    // a rejection nobody handles yet counts as an unhandled error of the run.
    const outcome = queryRows(db.db, sql`select pg_sleep(1)`).then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    await terminate();
    const err = await outcome;
    expect(isConnectionError(err)).toBe(true);
  });
});

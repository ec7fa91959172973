import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/test/db";
import { markDraining, pendingMigrations, readiness, shippedMigrations } from "./health";

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});

describe("readiness", () => {
  it("is ready when the database answers and every shipped migration is applied", async () => {
    const r = await readiness();
    expect(r.database).toMatchObject({ reachable: true, kind: db.kind });
    expect(r.migrations.pending).toEqual([]);
    expect(r.migrations.applied).toBe(shippedMigrations().length);
    expect(r.ready).toBe(true);
  });

  it("reports migrations the database has not seen", async () => {
    // Forget the newest migration, as a database last migrated by an older build would.
    await db.db.execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
    );
    const r = await readiness();
    expect(r.ready).toBe(false);
    expect(r.migrations.pending).toEqual([shippedMigrations().at(-1)!.tag]);
  });

  it("applies drizzle's rule: pending = newer than the last applied", () => {
    const shipped = [
      { tag: "0000_a", when: 10 },
      { tag: "0001_b", when: 20 },
      { tag: "0002_c", when: 30 },
    ];
    expect(pendingMigrations(shipped, [])).toEqual(["0000_a", "0001_b", "0002_c"]);
    expect(pendingMigrations(shipped, [10, 20])).toEqual(["0002_c"]);
    expect(pendingMigrations(shipped, [10, 20, 30])).toEqual([]);
  });

  it("reports not-ready while draining for shutdown", async () => {
    markDraining();
    const r = await readiness();
    expect(r.draining).toBe(true);
    expect(r.ready).toBe(false);
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestDb } from "@/test/db";
import { createApiKey, findActiveApiKey, revokeApiKey } from "./api-keys";
import { isSignInThrottled, recordSignInFailure, THROTTLE_MAX_FAILURES } from "./throttle";
import { findActiveUserById, findUserByEmail, upsertUser } from "./users";

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});

describe("users and keys", () => {
  it("upserts users idempotently", async () => {
    const a = await upsertUser({ email: "X@demo.local", name: "X", password: "pw", roles: ["sre"] });
    const b = await upsertUser({
      email: "x@demo.local",
      name: "X2",
      password: "pw",
      roles: ["sre", "admin"],
    });
    expect(a).toBe(b);
    expect((await findUserByEmail("x@demo.local"))?.roles).toEqual(["sre", "admin"]);
  });

  it("re-reads a user's roles per lookup and refuses a disabled user", async () => {
    const id = await upsertUser({ email: "r@demo.local", name: "R", password: "pw", roles: ["approver"] });
    expect(await findActiveUserById(id)).toEqual({
      id,
      email: "r@demo.local",
      name: "R",
      roles: ["approver"],
    });
    await upsertUser({ email: "r@demo.local", name: "R", password: "pw", roles: ["auditor"] });
    expect((await findActiveUserById(id))?.roles).toEqual(["auditor"]);
    await (await getDb()).execute(sql`update users set disabled_at = now() where id = ${id}`);
    expect(await findActiveUserById(id)).toBeNull();
  });

  it("stores only a hash of an API key and honours revocation", async () => {
    const { key, token } = await createApiKey({ name: "collector", scopes: ["ingest"] });
    expect(key.tokenHash).not.toContain(token);
    expect((await findActiveApiKey(token))?.id).toBe(key.id);
    await revokeApiKey(key.id);
    expect(await findActiveApiKey(token)).toBeNull();
    expect(await findActiveApiKey("afc_nope")).toBeNull();
  });

  it("throttles an account after too many failures", async () => {
    expect(await isSignInThrottled("t@demo.local", "10.0.0.1")).toBe(false);
    for (let i = 0; i < THROTTLE_MAX_FAILURES; i++) await recordSignInFailure("t@demo.local", null);
    expect(await isSignInThrottled("t@demo.local", "10.0.0.9")).toBe(true);
    expect(await isSignInThrottled("other@demo.local", "10.0.0.9")).toBe(false);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb } from "@/test/db";

// Watch the audit appender (and make it fail on demand) while keeping its real behaviour.
const audit = vi.hoisted(() => ({ failNext: false, events: [] as { type: string; payload: unknown }[] }));
vi.mock("@/lib/audit/append", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/audit/append")>();
  return {
    ...real,
    appendAuditEvent: async (...args: Parameters<typeof real.appendAuditEvent>) => {
      if (audit.failNext) {
        audit.failNext = false;
        throw new Error("audit store unavailable");
      }
      await real.appendAuditEvent(...args);
      audit.events.push({ type: args[1].type, payload: args[1].payload });
    },
  };
});

const {
  createApiKeyAudited,
  listApiKeyViews,
  listUserViews,
  revokeApiKeyAudited,
  saveUserAudited,
  updateUserAudited,
} = await import("./admin");
const { findActiveApiKey } = await import("@/lib/auth/api-keys");
const { findUserByEmail } = await import("@/lib/auth/users");
const { verifyPassword } = await import("@/lib/auth/passwords");
const { apiKeyInput, userInput, userUpdateInput } = await import("./inputs");

let db: Awaited<ReturnType<typeof createTestDb>>;
const actor = { kind: "system" as const, id: "test" };
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(() => {
  audit.events = [];
});

const keyInput = (over: Record<string, unknown> = {}) =>
  apiKeyInput.parse({ name: "collector rack 12", scopes: ["ingest", "read", "ingest"], ...over });

describe("API keys", () => {
  it("creates a key whose token works, is stored hashed, and is audited without the token", async () => {
    const { key, token } = await createApiKeyAudited(
      keyInput({ constraints: { agents: ["agent-1"], categories: [] } }),
      actor,
    );
    expect(token).toMatch(/^afc_/);
    expect(key.scopes).toEqual(["ingest", "read"]);
    expect((await findActiveApiKey(token))?.id).toBe(key.id);
    const listed = (await listApiKeyViews()).find((k) => k.id === key.id)!;
    expect(listed.constraints).toEqual({ agents: ["agent-1"] });
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed).not.toHaveProperty("tokenHash");
    expect(audit.events).toEqual([
      { type: "apikey.created", payload: expect.objectContaining({ keyId: key.id }) },
    ]);
    expect(JSON.stringify(audit.events)).not.toContain(token);
  });

  it("revokes once, audited; the token stops working", async () => {
    const { key, token } = await createApiKeyAudited(keyInput({ name: "to revoke" }), actor);
    audit.events = [];
    expect(await revokeApiKeyAudited(key.id, actor)).toMatchObject({ id: key.id });
    expect(await findActiveApiKey(token)).toBeNull();
    expect(await revokeApiKeyAudited(key.id, actor)).toBeNull(); // already revoked: nothing, no event
    expect(audit.events.map((e) => e.type)).toEqual(["apikey.revoked"]);
    expect((await listApiKeyViews()).find((k) => k.id === key.id)?.revokedAt).toBeTruthy();
  });

  it("writes nothing when the audit event cannot be written", async () => {
    const before = (await listApiKeyViews()).length;
    audit.failNext = true;
    await expect(createApiKeyAudited(keyInput({ name: "never" }), actor)).rejects.toThrow(/audit/);
    expect((await listApiKeyViews()).length).toBe(before);
  });

  it("validates input: scopes, names, constraint labels", () => {
    expect(apiKeyInput.safeParse({ name: "x", scopes: [] }).success).toBe(false);
    expect(apiKeyInput.safeParse({ name: "x", scopes: ["admin"] }).success).toBe(false);
    expect(apiKeyInput.safeParse({ name: " ", scopes: ["read"] }).success).toBe(false);
    expect(
      apiKeyInput.safeParse({ name: "x", scopes: ["read"], constraints: { agents: ["a b"] } }).success,
    ).toBe(false);
    expect(apiKeyInput.safeParse({ name: "x", scopes: ["read"], constraints: { evil: [] } }).success).toBe(
      false,
    );
  });
});

describe("users", () => {
  it("creates, then updates by email; audits both without the password", async () => {
    const first = await saveUserAudited(
      userInput.parse({
        email: "Ops@Example.com",
        name: "Ops",
        password: "a-long-password-1",
        roles: ["sre"],
      }),
      actor,
    );
    expect(first.created).toBe(true);
    const second = await saveUserAudited(
      userInput.parse({
        email: "ops@example.com",
        name: "Ops",
        password: "another-password-2",
        roles: ["sre", "approver"],
      }),
      actor,
    );
    expect(second).toEqual({ id: first.id, created: false });
    const row = await findUserByEmail("ops@example.com");
    expect(row?.roles).toEqual(["sre", "approver"]);
    expect(await verifyPassword("another-password-2", row!.passwordHash)).toBe(true);
    expect(audit.events.map((e) => e.type)).toEqual(["user.created", "user.updated"]);
    expect(JSON.stringify(audit.events)).not.toMatch(/a-long-password|another-password/);
    const listed = await listUserViews();
    expect(listed.find((u) => u.email === "ops@example.com")).toMatchObject({ roles: ["sre", "approver"] });
    expect(JSON.stringify(listed)).not.toContain("$2");
  });

  it("refuses short passwords, bad emails and unknown roles", () => {
    const ok = { email: "a@b.co", name: "A", password: "twelve-chars", roles: ["sre"] };
    expect(userInput.safeParse(ok).success).toBe(true);
    expect(userInput.safeParse({ ...ok, password: "short" }).success).toBe(false);
    expect(userInput.safeParse({ ...ok, email: "not-an-email" }).success).toBe(false);
    expect(userInput.safeParse({ ...ok, roles: ["root"] }).success).toBe(false);
  });

  it("changes roles, disables and re-enables, each audited; unknown ids give null", async () => {
    const { id } = await saveUserAudited(
      userInput.parse({
        email: "shift@example.com",
        name: "Shift",
        password: "a-long-password-1",
        roles: ["sre"],
      }),
      actor,
    );
    audit.events = [];
    const promoted = await updateUserAudited(
      id,
      userUpdateInput.parse({ roles: ["sre", "approver"] }),
      actor,
    );
    expect(promoted).toMatchObject({ roles: ["sre", "approver"], disabledAt: null });
    const disabled = await updateUserAudited(id, userUpdateInput.parse({ disabled: true }), actor);
    expect(disabled?.disabledAt).toBeTruthy();
    expect((await findUserByEmail("shift@example.com"))?.disabledAt).toBeTruthy();
    expect((await updateUserAudited(id, { disabled: false }, actor))?.disabledAt).toBeNull();
    expect(audit.events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ roles: ["sre", "approver"], previousRoles: ["sre"] }),
      expect.objectContaining({ disabled: true }),
      expect.objectContaining({ disabled: false }),
    ]);
    expect(
      await updateUserAudited("00000000-0000-4000-8000-000000000000", { disabled: true }, actor),
    ).toBeNull();
    expect(userUpdateInput.safeParse({}).success).toBe(false);
    expect(userUpdateInput.safeParse({ roles: [] }).success).toBe(false);
  });
});

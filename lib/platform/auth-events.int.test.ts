import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb } from "@/test/db";

const audit = vi.hoisted(() => ({
  fail: false,
  events: [] as { type: string; actor: unknown; payload: unknown }[],
}));
vi.mock("@/lib/audit/append", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/audit/append")>();
  return {
    ...real,
    appendAuditEvent: async (...args: Parameters<typeof real.appendAuditEvent>) => {
      if (audit.fail) throw new Error("audit store unavailable");
      await real.appendAuditEvent(...args);
      audit.events.push({ type: args[1].type, actor: args[1].actor, payload: args[1].payload });
    },
  };
});

const { auditSignIn, auditSignOut } = await import("./auth-events");

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});

describe("sign-in audit", () => {
  it("records sign-ins, refusals (with why) and sign-outs, never a password", async () => {
    await auditSignIn({ ok: true, userId: "u-1", email: "sre@demo.local", ip: "10.0.0.1" });
    await auditSignIn({
      ok: false,
      reason: "bad_credentials",
      email: "nobody@x.y",
      userId: null,
      ip: "10.0.0.2",
    });
    await auditSignIn({ ok: false, reason: "throttled", email: "sre@demo.local", userId: null, ip: null });
    await auditSignOut("u-1", "sre@demo.local");
    expect(audit.events).toEqual([
      {
        type: "auth.signed_in",
        actor: { kind: "user", id: "u-1", name: "sre@demo.local" },
        payload: expect.any(Object),
      },
      {
        type: "auth.sign_in_failed",
        actor: { kind: "system", id: "anonymous" },
        payload: { email: "nobody@x.y", ip: "10.0.0.2", reason: "bad_credentials" },
      },
      expect.objectContaining({
        type: "auth.sign_in_failed",
        payload: expect.objectContaining({ reason: "throttled" }),
      }),
      expect.objectContaining({ type: "auth.signed_out" }),
    ]);
    expect(JSON.stringify(audit.events)).not.toMatch(/password/i);
  });

  it("never turns an audit failure into a failed sign-in", async () => {
    audit.fail = true;
    await expect(auditSignIn({ ok: true, userId: "u-1", email: "a@b.c", ip: null })).resolves.toBeUndefined();
    audit.fail = false;
  });
});

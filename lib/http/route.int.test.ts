import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb } from "@/test/db";

// The session is next-auth's business; here we only decide who "is signed in".
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("next-auth", () => ({
  getServerSession: async () => (session.userId ? { user: { id: session.userId } } : null),
}));

const { apiRoute } = await import("./route");
const { createApiKey } = await import("@/lib/auth/api-keys");
const { upsertUser } = await import("@/lib/auth/users");
const { z } = await import("zod");

let db: Awaited<ReturnType<typeof createTestDb>>;
let adminId: string;
let sreId: string;
let readToken: string;
let ingestToken: string;

beforeAll(async () => {
  db = await createTestDb();
  adminId = await upsertUser({
    email: "admin@t.local",
    name: "A",
    password: "pw-admin-123456",
    roles: ["admin"],
  });
  sreId = await upsertUser({ email: "sre@t.local", name: "S", password: "pw-sre-1234567", roles: ["sre"] });
  readToken = (await createApiKey({ name: "reader", scopes: ["read"] })).token;
  ingestToken = (await createApiKey({ name: "collector", scopes: ["ingest"] })).token;
});
afterAll(async () => {
  await db.close();
});

const ORIGIN = "http://console.test";
const call = (
  handler: (req: Request) => Promise<Response>,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) => handler(new Request(`${ORIGIN}/api/x`, { ...init, headers: { host: "console.test", ...init.headers } }));

const readRoute = apiRoute(
  { access: { roles: ["sre", "admin"], scopes: ["read"] } },
  async ({ principal }) => ({
    who: principal.kind,
  }),
);
const writeRoute = apiRoute(
  { access: { roles: ["admin"], scopes: ["ingest"] }, body: z.object({ n: z.number() }), maxBodyBytes: 64 },
  async ({ body }) => ({ got: body.n }),
);

describe("apiRoute access", () => {
  it("401 without a session or key, and for an unknown or malformed key (no cookie fallback)", async () => {
    session.userId = null;
    expect((await call(readRoute)).status).toBe(401);
    expect((await call(readRoute, { headers: { authorization: "Bearer afc_unknown" } })).status).toBe(401);
    session.userId = adminId; // a session cookie does not rescue a bad Authorization header
    expect((await call(readRoute, { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });

  it("403 for a key without the scope, 200 with it", async () => {
    session.userId = null;
    const wrong = await call(readRoute, { headers: { authorization: `Bearer ${ingestToken}` } });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error).toMatch(/scope/);
    const good = await call(readRoute, { headers: { authorization: `Bearer ${readToken}` } });
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ who: "apiKey" });
    expect(good.headers.get("x-request-id")).toBeTruthy();
  });

  it("403 for a signed-in user without the role", async () => {
    session.userId = sreId;
    expect((await call(readRoute)).status).toBe(200);
    const res = await call(writeRoute, { method: "POST", headers: { origin: ORIGIN }, body: '{"n":1}' });
    expect(res.status).toBe(403);
  });
});

describe("same-origin check for cookie-authenticated writes", () => {
  it("refuses a cross-site POST riding on the session", async () => {
    session.userId = adminId;
    const evil = await call(writeRoute, {
      method: "POST",
      headers: { origin: "https://evil.example" },
      body: '{"n":1}',
    });
    expect(evil.status).toBe(403);
    expect((await evil.json()).error).toMatch(/cross-site/);
    const noOrigin = await call(writeRoute, {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site" },
      body: "{}",
    });
    expect(noOrigin.status).toBe(403);
  });

  it("accepts the same POST from our own pages", async () => {
    session.userId = adminId;
    const ok = await call(writeRoute, { method: "POST", headers: { origin: ORIGIN }, body: '{"n":7}' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ got: 7 });
  });

  it("does not apply to API keys (no ambient credentials)", async () => {
    session.userId = null;
    const keyWrite = apiRoute({ access: { scopes: ["read"] } }, async () => ({ ok: true }));
    const res = await call(keyWrite, {
      method: "POST",
      headers: { origin: "https://elsewhere.example", authorization: `Bearer ${readToken}` },
    });
    expect(res.status).toBe(200);
  });
});

describe("bodies and errors", () => {
  it("413 over the limit, 400 naming the field for bad input", async () => {
    session.userId = adminId;
    const big = await call(writeRoute, {
      method: "POST",
      headers: { origin: ORIGIN },
      body: `{"n":1,"x":"${"a".repeat(100)}"}`,
    });
    expect(big.status).toBe(413);
    const bad = await call(writeRoute, { method: "POST", headers: { origin: ORIGIN }, body: '{"n":"one"}' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe("body.n");
  });

  it("retries reads on a lost connection and answers 503 for writes", async () => {
    session.userId = adminId;
    const lost = () => Object.assign(new Error("gone"), { code: "CONNECTION_CLOSED" });
    let reads = 0;
    const flakyRead = apiRoute({ access: { roles: ["admin"] } }, async () => {
      reads++;
      if (reads === 1) throw lost();
      return { reads };
    });
    const res = await call(flakyRead);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reads: 2 });

    let writes = 0;
    const flakyWrite = apiRoute({ access: { roles: ["admin"] } }, async () => {
      writes++;
      throw lost();
    });
    const w = await call(flakyWrite, { method: "POST", headers: { origin: ORIGIN } });
    expect(w.status).toBe(503);
    expect(w.headers.get("retry-after")).toBe("2");
    expect(writes).toBe(1); // not repeated: the first attempt may have committed
  });

  it("500 without internals for unexpected errors", async () => {
    session.userId = adminId;
    const broken = apiRoute({ access: { roles: ["admin"] } }, async () => {
      throw new Error("secret internal detail");
    });
    const res = await call(broken);
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain("secret internal detail");
  });
});

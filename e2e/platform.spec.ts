import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import {
  type AppServer,
  createDatabase,
  postgresReachable,
  runScript,
  startAppServer,
  tcpRelay,
} from "./cluster";

/**
 * Operations on real PostgreSQL: two app instances on one database behave as one; lost
 * connections and a database outage are survived without a restart; SIGTERM drains.
 * These tests run their own servers (from the same build) on a fresh database.
 */
test.describe.configure({ mode: "serial" });

const EMAIL = "ops-admin@cluster.local";
const PASSWORD = "cluster-test-password";

let db: Awaited<ReturnType<typeof createDatabase>>;
let relay: ReturnType<typeof tcpRelay>;
let a: AppServer; // reaches PostgreSQL through the relay (so we can take the database away)
let b: AppServer; // reaches PostgreSQL directly
const contexts: APIRequestContext[] = [];

async function client(baseURL: string, token?: string) {
  const ctx = await playwrightRequest.newContext({
    baseURL,
    timeout: 20_000,
    extraHTTPHeaders: token ? { authorization: `Bearer ${token}` } : {},
  });
  contexts.push(ctx);
  return ctx;
}

async function signIn(ctx: APIRequestContext) {
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: EMAIL, password: PASSWORD, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  test.skip(
    !(await postgresReachable()),
    "needs the PostgreSQL server (TEST_DATABASE_URL or 127.0.0.1:5432)",
  );
  db = await createDatabase("afc_platform_e2e");
  const direct = new URL(db.url);
  relay = tcpRelay({ host: direct.hostname, port: Number(direct.port || 5432) });
  await relay.start();
  const viaRelay = new URL(db.url);
  viaRelay.port = String(relay.port);
  // Migrates the database and creates the admin, as an operator would.
  runScript(
    [
      "scripts/cli.ts",
      "user",
      "create",
      "--email",
      EMAIL,
      "--name",
      "Ops",
      "--roles",
      "admin",
      "--password-stdin",
    ],
    db.url,
    `${PASSWORD}\n`,
  );
  [a, b] = await Promise.all([startAppServer(viaRelay.toString()), startAppServer(db.url)]);
});

test.afterAll(async () => {
  for (const c of contexts) await c.dispose().catch(() => {});
  await Promise.all([a?.stop(), b?.stop()]);
  await relay?.stop();
  await db?.drop();
});

test("two instances on one database behave as one", async () => {
  const onA = await client(a.url);
  await signIn(onA);
  // The session made on A is honoured by B (no session state in the process).
  const onB = await client(b.url);
  const state = await onA.storageState();
  const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const meOnB = await onB.get("/api/v1/whoami", { headers: { cookie } });
  expect(meOnB.status()).toBe(200);
  expect(await meOnB.json()).toMatchObject({ kind: "user", email: EMAIL });

  // A key created on A works on B; revoked on B, it is refused on A at once.
  const created = await onA.post("/api/v1/apikeys", { data: { name: "shared", scopes: ["read"] } });
  expect(created.status()).toBe(201);
  const { token, key } = (await created.json()) as { token: string; key: { id: string } };
  const keyOnB = await client(b.url, token);
  expect((await keyOnB.get("/api/v1/whoami")).status()).toBe(200);
  const revoke = await onB.delete(`/api/v1/apikeys/${key.id}`, { headers: { cookie } });
  expect(revoke.status()).toBe(200);
  const keyOnA = await client(a.url, token);
  expect((await keyOnA.get("/api/v1/whoami")).status()).toBe(401);
});

test("connections killed by the server are replaced without a restart", async () => {
  const onA = await client(a.url);
  await signIn(onA);
  const { token } = (await (
    await onA.post("/api/v1/apikeys", { data: { name: "survivor", scopes: ["read"] } })
  ).json()) as { token: string };
  const keyA = await client(a.url, token);
  const keyB = await client(b.url, token);
  for (let round = 0; round < 3; round++) {
    expect(await db.terminateBackends()).toBeGreaterThan(0);
    expect((await keyA.get("/api/v1/whoami")).status()).toBe(200);
    expect((await keyB.get("/api/v1/whoami")).status()).toBe(200);
    expect((await keyA.get("/api/ready")).status()).toBe(200);
  }
});

test("a database outage gives 503s, and the app recovers by itself when it is back", async () => {
  const onA = await client(a.url);
  await signIn(onA);
  const { token } = (await (
    await onA.post("/api/v1/apikeys", { data: { name: "outage", scopes: ["read"] } })
  ).json()) as { token: string };
  const keyA = await client(a.url, token);
  expect((await keyA.get("/api/v1/whoami")).status()).toBe(200);

  await relay.stop();
  const ready = await keyA.get("/api/ready");
  expect(ready.status()).toBe(503);
  expect(((await ready.json()) as { database: { reachable: boolean } }).database.reachable).toBe(false);
  expect((await keyA.get("/api/health")).status()).toBe(200); // liveness does not depend on the database
  const during = await keyA.get("/api/v1/whoami");
  expect(during.status()).toBe(503);
  expect(during.headers()["retry-after"]).toBeTruthy();

  await relay.start();
  await expect.poll(async () => (await keyA.get("/api/ready")).status(), { timeout: 20_000 }).toBe(200);
  expect((await keyA.get("/api/v1/whoami")).status()).toBe(200);
  expect(a.child.exitCode).toBeNull(); // same process throughout
});

test("SIGTERM finishes the request in flight, refuses new ones and closes the pool", async () => {
  const http = await import("node:http");
  // A sign-in whose body is still arriving when the signal comes: an in-flight request.
  const answer = new Promise<number>((resolve, reject) => {
    const req = http.request(
      `${b.url}/api/auth/callback/credentials`,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.write("email=nobody%40cluster.local&");
    setTimeout(() => req.end("password=wrong-password&csrfToken=x"), 2_500);
  });
  await new Promise((r) => setTimeout(r, 500));
  const exited = b.stop();
  await new Promise((r) => setTimeout(r, 1_000));
  await expect(fetch(`${b.url}/api/health`)).rejects.toThrow(); // no new connections
  expect(await answer).toBeGreaterThanOrEqual(200); // the in-flight one got a real answer
  await exited;
  const log = b.output();
  expect(log).toContain('"event":"shutdown"');
  expect(log).toContain('"event":"shutdown_complete"');
});

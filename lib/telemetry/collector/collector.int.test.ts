import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postNvidiaSmi } from "@/app/api/v1/ingest/nvidia-smi/route";
import { POST as postJson } from "@/app/api/v1/ingest/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { withDbRetry } from "@/lib/db/retry";
import { createTestDb } from "@/test/db";
import { rawRows } from "../sql";

/** The real route handlers behind a real HTTP server that the test can stop and restart. */
function routeServer() {
  const handlers: Record<string, (r: Request) => Promise<Response>> = {
    "/api/v1/ingest": postJson,
    "/api/v1/ingest/nvidia-smi": postNvidiaSmi,
  };
  return http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url!, "http://127.0.0.1");
    const handler = handlers[url.pathname];
    if (!handler) return void res.writeHead(404).end();
    const r = await handler(
      new Request(url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }),
    );
    res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text());
  });
}

function listen(server: http.Server, port = 0): Promise<number> {
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

function collector(
  args: string[],
  env: Record<string, string> = {},
): ChildProcess & { output: () => string } {
  const child = spawn(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", "scripts/collector.ts", ...args],
    {
      env: { ...process.env, TZ: "UTC", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stderr!.on("data", (d) => (out += d));
  child.stdout!.on("data", (d) => (out += d));
  return Object.assign(child, { output: () => out });
}

const exited = (c: ChildProcess) => new Promise<number>((r) => c.on("exit", (code) => r(code ?? -1)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: Awaited<ReturnType<typeof createTestDb>>;
let key = "";
beforeAll(async () => {
  db = await createTestDb();
  key = (await createApiKey({ name: "collector", scopes: ["ingest"] })).token;
});
afterAll(async () => db?.close());

/** A read like the app's: retried when the test itself has just had PostgreSQL drop its connections. */
async function powerPoints(host: string): Promise<number> {
  const [r] = await withDbRetry(() =>
    rawRows<{ n: string | number }>(
      db,
      `select count(*) as n from telemetry_points p join telemetry_series s on s.id = p.series_id
       where s.metric = 'gpu_power_watts' and s.labels->>'host' = $1`,
      [host],
    ),
  );
  return Number(r!.n);
}

describe("collector", () => {
  it("nvidia-smi mode: buffers while the server is down, loses and doubles nothing", async () => {
    let server = routeServer();
    const port = await listen(server);
    const c = collector(
      [
        "nvidia-smi",
        "--url",
        `http://127.0.0.1:${port}`,
        "--key",
        key,
        "--interval",
        "50ms",
        "--batch",
        "200ms",
        "--nvidia-smi",
        "test/stand-ins/nvidia-smi",
        "--host",
        "collector-test",
      ],
      { STANDIN_ROWS: "60" },
    );
    for (let i = 0; i < 100 && (await powerPoints("collector-test")) === 0; i++) await sleep(200); // first rows in
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await sleep(1500); // rows keep coming (60 rows × 50 ms = 3 s); deliveries fail and are retried
    expect(await powerPoints("collector-test")).toBeLessThan(60);
    server = routeServer();
    await listen(server, port);
    for (let i = 0; i < 60 && (await powerPoints("collector-test")) < 60; i++) await sleep(250);
    c.kill("SIGTERM");
    await exited(c);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    expect(await powerPoints("collector-test"), c.output()).toBe(60);
    expect(c.output()).toMatch(/retrying/);
  }, 60_000);

  it("replay mode: requests.jsonl and nvidia-smi CSV at full speed, with a summary", async () => {
    const server = routeServer();
    const port = await listen(server);
    const base = ["--url", `http://127.0.0.1:${port}`, "--key", key, "--speed", "0", "--host", "replay-test"];
    const a = collector(["replay", "fixtures/h200-inference-trace/requests.jsonl", ...base]);
    expect(await exited(a), a.output()).toBe(0);
    expect(a.output()).toMatch(/points accepted/);
    const b = collector(["replay", "fixtures/h200-inference-trace/nvsmi.csv", ...base]);
    expect(await exited(b), b.output()).toBe(0);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    expect(await powerPoints("replay-test")).toBe(1263);
    const [r] = await rawRows<{ n: string | number }>(
      db,
      `select max(p.value) as n from telemetry_points p join telemetry_series s on s.id = p.series_id
       where s.metric = 'inference_requests_total' and s.labels->>'host' = 'replay-test'`,
    );
    expect(Number(r!.n)).toBe(84);
  }, 60_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "replay survives PostgreSQL dropping every connection mid-way: nothing lost, nothing doubled",
    async () => {
      const server = routeServer();
      const port = await listen(server);
      const killer = postgres(db.url!, { max: 1, onnotice: () => {} });
      let kills = 0;
      const timer = setInterval(() => {
        void killer
          .unsafe(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
          )
          .then(() => kills++)
          .catch(() => {});
      }, 700);
      const c = collector([
        "replay",
        "fixtures/h200-inference-trace/nvsmi.csv",
        "--url",
        `http://127.0.0.1:${port}`,
        "--key",
        key,
        "--speed",
        "60",
        "--host",
        "restart-test",
      ]);
      const code = await exited(c);
      clearInterval(timer);
      await killer.end();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      expect(code, c.output()).toBe(0);
      expect(kills).toBeGreaterThan(2);
      expect(await powerPoints("restart-test")).toBe(1263);
    },
    90_000,
  );
});

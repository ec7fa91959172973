/**
 * Helpers for tests that run extra production servers of their own against a PostgreSQL database
 * (two instances on one database, lost connections, shutdown). They reuse the build the Playwright
 * web server made (same NEXT_DIST_DIR).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";

export { tcpRelay } from "../test/tcp-relay";

/** Where to create test databases: TEST_DATABASE_URL, else the local server as postgres or root. */
const CANDIDATES = process.env.TEST_DATABASE_URL
  ? [process.env.TEST_DATABASE_URL]
  : ["postgres://postgres@127.0.0.1:5432/postgres", "postgres://root@127.0.0.1:5432/postgres"];
let PG_ADMIN_URL = CANDIDATES[0]!;

/** True (and remembers the URL) when one of the candidate servers answers. */
export async function postgresReachable(): Promise<boolean> {
  for (const url of CANDIDATES) {
    const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
    try {
      await sql`select 1`;
      PG_ADMIN_URL = url;
      return true;
    } catch {
      // try the next one
    } finally {
      await sql.end({ timeout: 1 });
    }
  }
  return false;
}

/** A fresh database on the server; returns its URL and a function that drops it. */
export async function createDatabase(prefix: string) {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    /** Ends every server connection to this database (and only this one). */
    async terminateBackends(): Promise<number> {
      const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      const rows = await a`select pg_terminate_backend(pid) as ok from pg_stat_activity
                           where datname = ${name} and pid <> pg_backend_pid()`;
      await a.end();
      return rows.length;
    },
    async drop() {
      const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export type AppServer = {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
};

/** Starts `next start` from the existing build with the given database, and waits until it answers. */
export async function startAppServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = "";
  const child = spawn(
    process.execPath,
    [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NEXTAUTH_URL: url,
        NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-secret-not-for-production-0123456789",
        LOG_LEVEL: "info",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.on("data", (c) => (out += c));
  child.stderr!.on("data", (c) => (out += c));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      if ((await fetch(`${url}/api/ready`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    child,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}

/** Runs a repo script with tsx (as `npm run` would), against the given database. */
export function runScript(
  args: string[],
  databaseUrl: string,
  input?: string,
): { stdout: string; status: number } {
  const r = spawnSync("npx", ["tsx", "--conditions=react-server", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
    input,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { stdout: r.stdout, status: r.status ?? 0 };
}

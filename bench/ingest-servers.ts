/**
 * The servers bench/ingest.ts posts to: the route handlers in its own process, or Next.js's
 * production server (`next start`) as a child process on the bench's database.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

/** A server under test: where to post, its resident set in bytes now, how to stop it. */
export type BenchServer = { base: string; rss: () => number; close: () => Promise<void> };

/** A node:http server in front of the real route handlers, in this process. The body is
 * streamed into the Request as it arrives, as Next.js does (no copy gathered here). */
export async function inProcessServer(): Promise<BenchServer> {
  const { POST: postPrometheus } = await import("@/app/api/v1/ingest/prometheus/route");
  const { POST: postOtlp } = await import("@/app/v1/metrics/route");
  const server = http.createServer(async (req, res) => {
    const target = req.url!.startsWith("/v1/metrics") ? postOtlp : postPrometheus;
    const r = await target(
      new Request(`http://127.0.0.1${req.url}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
        duplex: "half",
      } as RequestInit),
    );
    res.writeHead(r.status, { "content-type": "application/json" }).end(Buffer.from(await r.arrayBuffer()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    // The load generator shares the process: its memory is counted too.
    rss: () => process.memoryUsage().rss,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Next.js's production server on the bench's database, ready when /api/ready says so. */
export async function nextServer(databaseUrl: string): Promise<BenchServer> {
  const { distDir, isBuilt, NEXT_BIN } = await import("@/scripts/next-server");
  if (!isBuilt()) throw new Error(`no production build in ${distDir()}: run npm run build first`);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: "bench-ingest",
      NODE_ENV: "production",
    },
  });
  const base = `http://127.0.0.1:${port}`;
  for (let t = Date.now(); ; ) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const ok = await fetch(`${base}/api/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() - t > 60_000) throw new Error("next start: not ready after 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    rss: () => treeRss(child.pid!),
    close: async () => {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

/** Resident bytes of a process and all its descendants (Linux /proc; 0 once it is gone). */
function treeRss(pid: number): number {
  try {
    const rss =
      Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return rss + children.reduce((sum, c) => sum + treeRss(Number(c)), 0);
  } catch {
    return 0;
  }
}

/**
 * `npm run bench:ingest [-- --points 5000000] [--batch 5000] [--concurrency 4] [--series 20000]`
 *
 * Against the real PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres):
 * creates its own database, migrates it, and measures in ONE run:
 *   1. the physical limit: raw COPY of the same number of narrow rows (series_id, ts, value,
 *      primary key (series_id, ts)) in batch-sized chunks, `concurrency` in flight;
 *   2. HTTP ingest through POST /api/v1/ingest/prometheus (text 0.0.4, one scrape-like body of
 *      `batch` distinct series per request);
 *   3. HTTP ingest through POST /v1/metrics (OTLP/JSON gauges, same shape).
 * HTTP: a node:http server inside this process calls the real route handlers (auth by API key,
 * body limit, parser, writer, PostgreSQL) — not the Next.js production server, so Next's own
 * routing overhead is not included. Client and server share the process: the RSS printed
 * includes the load generator. Prints a table, then drops its database.
 */
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import postgres from "postgres";

const { values } = parseArgs({
  options: {
    points: { type: "string", default: "5000000" },
    batch: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "4" },
    series: { type: "string", default: "20000" },
    /** Which measurements to run (comma-separated): copy, prometheus, otlp. */
    paths: { type: "string", default: "copy,prometheus,otlp" },
  },
});
const POINTS = Number(values.points);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const SERIES = Math.max(BATCH, Number(values.series) - (Number(values.series) % BATCH));
const REQUESTS = Math.ceil(POINTS / BATCH);
const PATHS = new Set(values.paths!.split(","));
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = `ingest_bench_${Date.now().toString(36)}`;

type Row = { name: string; points: number; seconds: number; p50?: number; p99?: number; rss?: number };
const rows: Row[] = [];
/** Load averages at start and end: on the shared 2-core machine they explain run-to-run spread. */
const loadAtStart = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(" ");

let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

async function runRequests(
  send: (i: number) => Promise<void>,
): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const s = performance.now();
        await send(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, latencies };
}

async function main() {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  process.env.DATABASE_URL = u.toString();
  process.env.LOG_LEVEL ??= "warn";
  try {
    await bench(u.toString());
  } finally {
    clearInterval(rssTimer);
    const { closeDb } = await import("@/lib/db/client");
    await closeDb().catch(() => {});
    const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${dbName} with (force)`);
    await a.end();
  }
  printTable();
}

async function bench(url: string) {
  const { getDbHandle } = await import("@/lib/db/client");
  await getDbHandle(); // migrate
  const { createApiKey } = await import("@/lib/auth/api-keys");
  const { POST: postPrometheus } = await import("@/app/api/v1/ingest/prometheus/route");
  const { POST: postOtlp } = await import("@/app/v1/metrics/route");
  const key = (await createApiKey({ name: "bench", scopes: ["ingest"] })).token;
  const T0 = Date.UTC(2026, 10, 27, 0, 0, 0);

  // 1. Physical limit: raw COPY of narrow rows into a table with the same primary key.
  if (PATHS.has("copy")) {
    const sql = postgres(url, { max: CONCURRENCY, onnotice: () => {} });
    await sql.unsafe(
      "create table bench_copy (series_id integer not null, ts bigint not null, value double precision not null, primary key (series_id, ts))",
    );
    const copy = await runRequests(async (i) => {
      const block = i % (SERIES / BATCH);
      const ts = T0 + Math.floor(i / (SERIES / BATCH)) * 15_000;
      let text = "";
      for (let k = 0; k < BATCH; k++) text += `${block * BATCH + k}\t${ts}\t${(k % 997) / 10}\n`;
      const w = await sql.unsafe("copy bench_copy (series_id, ts, value) from stdin").writable();
      await pipeline(Readable.from([text]), w);
    });
    await sql.unsafe("drop table bench_copy");
    await sql.end();
    rows.push({
      name: "raw COPY (physical limit)",
      points: REQUESTS * BATCH,
      seconds: copy.seconds,
      ...lat(copy.latencies),
    });
  }

  // HTTP server in front of the real route handlers.
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = req.url!.startsWith("/v1/metrics") ? postOtlp : postPrometheus;
    const r = await target(
      new Request(`http://127.0.0.1${req.url}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }),
    );
    res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const postBody = (path: string, body: string, type: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(`${base}${path}`, {
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": type,
          "content-length": Buffer.byteLength(body),
        },
      });
      req.on("response", (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d) => parts.push(d));
        res.on("end", () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`${res.statusCode}: ${Buffer.concat(parts).toString().slice(0, 200)}`)),
        );
      });
      req.on("error", reject);
      req.end(body);
    });

  // 2. Prometheus text: per series a fixed `name{labels} ` prefix; bodies built per request.
  const prefixes = Array.from({ length: SERIES }, (_, s) => {
    const host = `node-${Math.floor(s / 64)}`;
    return `bench_gpu_metric_${s % 8}{host="${host}",gpu="${s % 8}",slot="${Math.floor(s / 8) % 8}",uuid="GPU-${s.toString(16).padStart(8, "0")}"} `;
  });
  if (PATHS.has("prometheus")) {
    peakRss = 0;
    const prom = await runRequests(async (i) => {
      const block = i % (SERIES / BATCH);
      const ts = T0 + Math.floor(i / (SERIES / BATCH)) * 15_000;
      const parts = new Array<string>(BATCH);
      for (let k = 0; k < BATCH; k++) parts[k] = `${prefixes[block * BATCH + k]}${(k % 997) / 10} ${ts}\n`;
      await postBody("/api/v1/ingest/prometheus", parts.join(""), "text/plain; version=0.0.4");
    });
    rows.push({
      name: "HTTP /api/v1/ingest/prometheus",
      points: REQUESTS * BATCH,
      seconds: prom.seconds,
      ...lat(prom.latencies),
      rss: peakRss,
    });
  }

  // 3. OTLP/JSON: one gauge metric per request with BATCH data points, 4 attributes each.
  const attrs = Array.from({ length: SERIES }, (_, s) =>
    JSON.stringify([
      { key: "host.name", value: { stringValue: `node-${Math.floor(s / 64)}` } },
      { key: "gpu", value: { stringValue: String(s % 8) } },
      { key: "slot", value: { stringValue: String(Math.floor(s / 8) % 8) } },
      { key: "series", value: { intValue: String(s) } },
    ]),
  );
  if (PATHS.has("otlp")) {
    peakRss = 0;
    const otlp = await runRequests(async (i) => {
      const block = i % (SERIES / BATCH);
      const tsNano = `${T0 + Math.floor(i / (SERIES / BATCH)) * 15_000}000000`;
      const dps = new Array<string>(BATCH);
      for (let k = 0; k < BATCH; k++)
        dps[k] =
          `{"timeUnixNano":"${tsNano}","asDouble":${(k % 997) / 10},"attributes":${attrs[block * BATCH + k]}}`;
      const body = `{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"bench"}}]},"scopeMetrics":[{"scope":{"name":"bench"},"metrics":[{"name":"bench.otlp.gauge","unit":"1","gauge":{"dataPoints":[${dps.join(",")}]}}]}]}]}`;
      await postBody("/v1/metrics", body, "application/json");
    });
    rows.push({
      name: "HTTP /v1/metrics (OTLP JSON)",
      points: REQUESTS * BATCH,
      seconds: otlp.seconds,
      ...lat(otlp.latencies),
      rss: peakRss,
    });
  }

  agent.destroy();
  server.close();

  const { telemetryStats } = await import("@/lib/telemetry/stats");
  const stats = await telemetryStats();
  console.log(
    `stored: ${stats.points} points in ${stats.series} series (expected ${[...PATHS].filter((p) => p !== "copy").length * REQUESTS * BATCH})`,
  );
}

const lat = (xs: number[]) => ({ p50: percentile(xs, 0.5), p99: percentile(xs, 0.99) });

function printTable() {
  const copyRow = rows.find((r) => r.name.startsWith("raw COPY"));
  const copyRate = copyRow ? copyRow.points / copyRow.seconds : 0;
  console.log(
    `\nbench:ingest — ${POINTS.toLocaleString("en")} points per run, ${BATCH}-point requests, ${CONCURRENCY} in flight, ${SERIES} series, PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, "//")}`,
  );
  console.log(
    `load average (1/5/15 min): ${loadAtStart} at start, ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")} at end\n`,
  );
  const head = ["path", "points", "seconds", "points/s", "× COPY", "p50 ms", "p99 ms", "peak RSS MB"];
  const body = rows.map((r) => {
    const rate = r.points / r.seconds;
    return [
      r.name,
      r.points.toLocaleString("en"),
      r.seconds.toFixed(1),
      Math.round(rate).toLocaleString("en"),
      copyRate ? (rate / copyRate).toFixed(2) : "-",
      r.p50?.toFixed(1) ?? "-",
      r.p99?.toFixed(1) ?? "-",
      r.rss ? (r.rss / 1024 / 1024).toFixed(0) : "-",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`);
  for (const b of body) console.log(line(b));
  console.log(
    "\nTargets (issue 3): HTTP ≥ 0.5 × COPY, p99 < 150 ms, server RSS < 600 MB (RSS here includes the load generator).",
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

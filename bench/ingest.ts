import { writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { blockBodies, protobufBodies, TS } from "./ingest-bodies";
import { type BenchServer, inProcessServer, nextServer } from "./ingest-servers";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    points: { type: "string", default: "5000000" },
    batch: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "4" },
    series: { type: "string", default: "20000" },
    /** Which measurements to run (comma-separated): copy, prometheus, otlp, otlp-protobuf. */
    paths: { type: "string", default: "copy,prometheus,otlp,otlp-protobuf" },
    /** Write every request's path, start (ms since epoch) and latency (ms) to this CSV file. */
    trace: { type: "string" },
    /** Post to Next.js's production server (needs `npm run build`) instead of in-process handlers. */
    next: { type: "boolean", default: false },
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
/** The measured server: its resident set is sampled while a phase runs. */
let server: BenchServer | undefined;
const rssTimer = setInterval(() => {
  if (server) peakRss = Math.max(peakRss, server.rss());
}, 100);

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

const traceLines: string[] = ["path,request,start_ms,latency_ms"];

async function runRequests(
  name: string,
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
        const ms = performance.now() - s;
        latencies.push(ms);
        if (values.trace)
          traceLines.push(`${name},${i},${(performance.timeOrigin + s).toFixed(1)},${ms.toFixed(1)}`);
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
  printResults();
  if (values.trace) await writeFile(values.trace, `${traceLines.join("\n")}\n`);
}

async function bench(url: string) {
  const { getDbHandle } = await import("@/lib/db/client");
  await getDbHandle(); // migrate
  const { createApiKey } = await import("@/lib/auth/api-keys");
  const key = (await createApiKey({ name: "bench", scopes: ["ingest"] })).token;
  // Days in the past (the server's rollup job leaves minutes alone until they have closed).
  const T0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 4 * 86_400_000;
  const MS_DIGITS = String(T0).length;
  /** Request i is in round i / blocks; rounds are 15 s apart (a scrape interval). */
  const roundTs = (i: number) => T0 + Math.floor(i / (SERIES / BATCH)) * 15_000;
  // Each phase starts from a clean state, so none pays for the one before: the background work
  // on its 5 M points is done first. Through Next.js the server's rollup job works them off (and
  // may still be running): wait until the database is idle. Then a VACUUM (else the rollup
  // vacuum job or autovacuum of the new rows would start during the next phase) and a
  // CHECKPOINT (else the phase before's dirty pages and WAL would be flushed during it).
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const settle = async () => {
    for (let t = Date.now(); values.next && Date.now() - t < 300_000; ) {
      const [{ marks, busy }] = await admin.unsafe<{ marks: number; busy: number }[]>(
        `select (select count(*)::int from telemetry_rollup_dirty) as marks,
                (select count(*)::int from pg_stat_activity where datname = current_database()
                   and pid <> pg_backend_pid() and (state = 'active' or backend_type = 'autovacuum worker')) as busy`,
      );
      if (marks === 0 && busy === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await admin.unsafe("vacuum");
    await admin.unsafe("checkpoint");
  };

  // 1. Physical limit: raw COPY of narrow rows into a table with the same primary key.
  if (PATHS.has("copy")) {
    await settle();
    const sql = postgres(url, { max: CONCURRENCY, onnotice: () => {} });
    await sql.unsafe(
      "create table bench_copy (series_id integer not null, ts bigint not null, value double precision not null, primary key (series_id, ts))",
    );
    const bodies = blockBodies(
      SERIES / BATCH,
      (block) =>
        Array.from({ length: BATCH }, (_, k) => `${block * BATCH + k}\t${TS}\t${(k % 997) / 10}\n`).join(""),
      MS_DIGITS,
    );
    const copy = await runRequests("copy", async (i) => {
      const text = bodies(i, String(roundTs(i)));
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

  server = values.next ? await nextServer(url) : await inProcessServer();
  const base = server.base;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const postBody = (path: string, body: Buffer, type: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(`${base}${path}`, {
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": type,
          "content-length": body.length,
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

  let phaseDays = 0;
  /** One HTTP phase: a clean start, REQUESTS posts of body(i, the round's ts in ms), one row. */
  const httpPhase = async (
    key: string,
    row: string,
    url: string,
    type: string,
    build: () => Promise<(i: number, tsMs: number) => Buffer>,
  ) => {
    if (!PATHS.has(key)) return;
    const body = await build();
    await settle();
    peakRss = 0;
    // Each phase writes a day of its own: its rollups then recompute only its own points.
    const day = ++phaseDays * 86_400_000;
    const r = await runRequests(key, (i) => postBody(url, body(i, day + roundTs(i)), type));
    rows.push({ name: row, points: REQUESTS * BATCH, seconds: r.seconds, ...lat(r.latencies), rss: peakRss });
  };

  // 2. Prometheus text: per series a fixed `name{labels} ` prefix.
  const prefixes = Array.from({ length: SERIES }, (_, s) => {
    const host = `node-${Math.floor(s / 64)}`;
    return `bench_gpu_metric_${s % 8}{host="${host}",gpu="${s % 8}",slot="${Math.floor(s / 8) % 8}",uuid="GPU-${s.toString(16).padStart(8, "0")}"} `;
  });
  await httpPhase(
    "prometheus",
    "HTTP /api/v1/ingest/prometheus",
    "/api/v1/ingest/prometheus",
    "text/plain; version=0.0.4",
    async () => {
      const bodies = blockBodies(
        SERIES / BATCH,
        (block) =>
          Array.from(
            { length: BATCH },
            (_, k) => `${prefixes[block * BATCH + k]}${(k % 997) / 10} ${TS}\n`,
          ).join(""),
        MS_DIGITS,
      );
      return (i, ts) => bodies(i, String(ts));
    },
  );

  // 3. OTLP/JSON: one gauge metric per request with BATCH data points, 4 attributes each.
  const attrs = Array.from({ length: SERIES }, (_, s) =>
    JSON.stringify([
      { key: "host.name", value: { stringValue: `node-${Math.floor(s / 64)}` } },
      { key: "gpu", value: { stringValue: String(s % 8) } },
      { key: "slot", value: { stringValue: String(Math.floor(s / 8) % 8) } },
      { key: "series", value: { intValue: String(s) } },
    ]),
  );
  await httpPhase("otlp", "HTTP /v1/metrics (OTLP JSON)", "/v1/metrics", "application/json", async () => {
    const bodies = blockBodies(
      SERIES / BATCH,
      (block) => {
        const dps = Array.from(
          { length: BATCH },
          (_, k) =>
            `{"timeUnixNano":"${TS}","asDouble":${(k % 997) / 10},"attributes":${attrs[block * BATCH + k]}}`,
        );
        return `{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"bench"}}]},"scopeMetrics":[{"scope":{"name":"bench"},"metrics":[{"name":"bench.otlp.gauge","unit":"1","gauge":{"dataPoints":[${dps.join(",")}]}}]}]}]}`;
      },
      MS_DIGITS + 6,
    );
    return (i, ts) => bodies(i, `${ts}000000`);
  });

  // 4. OTLP/protobuf: the same requests as 3 in the collector's default encoding (own metric
  // name, so its series are new). Not a target of the issue (protobuf is optional there).
  await httpPhase(
    "otlp-protobuf",
    "HTTP /v1/metrics (OTLP protobuf)",
    "/v1/metrics",
    "application/x-protobuf",
    async () => {
      const bodies = await protobufBodies(attrs, SERIES / BATCH, BATCH);
      return (i, ts) => bodies(i, BigInt(ts) * 1_000_000n);
    },
  );

  agent.destroy();
  await server.close();
  server = undefined;
  await admin.end();

  const { telemetryStats } = await import("@/lib/telemetry/stats");
  const stats = await telemetryStats();
  console.log(
    `stored: ${stats.points} points in ${stats.series} series (expected ${[...PATHS].filter((p) => p !== "copy").length * REQUESTS * BATCH})`,
  );
}

const lat = (xs: number[]) => ({ p50: percentile(xs, 0.5), p99: percentile(xs, 0.99) });

function printResults() {
  const copyRow = rows.find((r) => r.name.startsWith("raw COPY"));
  const copyRate = copyRow ? copyRow.points / copyRow.seconds : 0;
  console.log(
    `\nbench:ingest — ${POINTS.toLocaleString("en")} points per run, ${BATCH}-point requests, ${CONCURRENCY} in flight, ${SERIES} series, ${values.next ? "Next.js production server" : "route handlers in process"}, PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, "//")}`,
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
  printTable(head, body, { rightAlignAfterFirst: true });
  console.log(
    `\nTargets (issue 3): HTTP ≥ 0.5 × COPY, p99 < 150 ms, server RSS < 600 MB (${values.next ? "RSS: the Next.js server's process tree" : "RSS here includes the load generator"}).`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

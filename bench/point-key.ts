/**
 * `npm run bench:point-key [-- --buckets 600000,300000,120000,60000] [--intervals 15000,1000,60000]
 *  [--requests 1000] [--series 20000]`
 *
 * PostgreSQL alone, no HTTP and no parser: how the width of the time bucket leading the raw
 * points key (`((ts / width)::int4, series_id, ts)`, migrations 0015/0016) shapes insert
 * latency. For each scrape interval × bucket width: a fresh database with a day-partitioned table
 * and that key, then `requests` inserts of 5 000 rows (INSERT … SELECT FROM unnest, prepared, as
 * the writer sends them), 4 in flight, `series` series in blocks of 5 000, one round of scrapes
 * every `interval` ms of data. Prints rows/s, p50/p90/p99 and the slowest requests: wide buckets
 * show bursts of slow requests when the bucket's leaf pages, filled at the same pace, split together.
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    buckets: { type: "string", default: "600000,300000,120000,60000" },
    intervals: { type: "string", default: "15000,1000,60000" },
    requests: { type: "string", default: "1000" },
    series: { type: "string", default: "20000" },
  },
});
const BATCH = 5000;
const CONCURRENCY = 4;
const REQUESTS = Number(values.requests);
const SERIES = Math.max(BATCH, Number(values.series) - (Number(values.series) % BATCH));
const BLOCKS = SERIES / BATCH;
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const T0 = Date.UTC(2026, 10, 27);

const blockIds = Array.from(
  { length: BLOCKS },
  (_, b) => `{${Array.from({ length: BATCH }, (_, k) => b * BATCH + k + 1).join(",")}}`,
);
const blockValues = `{${Array.from({ length: BATCH }, (_, k) => (k % 997) / 10).join(",")}}`;

async function measure(width: number, interval: number): Promise<string[]> {
  const name = `point_key_bench_${Date.now().toString(36)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const sql = postgres(u.toString(), { max: CONCURRENCY, onnotice: () => {} });
  try {
    await sql.unsafe(
      "create table points (series_id int4 not null, ts int8 not null, value float8 not null) partition by range (ts)",
    );
    const days = Math.ceil(((REQUESTS / BLOCKS) * interval) / 86_400_000) + 1;
    for (let d = 0; d < days; d++)
      await sql.unsafe(
        `create table points_d${d} partition of points for values from (${T0 + d * 86_400_000}) to (${T0 + (d + 1) * 86_400_000})`,
      );
    await sql.unsafe(`create unique index points_key on points (((ts / ${width})::int4), series_id, ts)`);
    await sql.unsafe("checkpoint");
    const latencies: [number, number][] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const i = next++;
          const ts = T0 + Math.floor(i / BLOCKS) * interval;
          const s = performance.now();
          await sql.unsafe(
            "insert into points (series_id, ts, value) select s, $2::int8, v from unnest($1::text::int4[], $3::text::float8[]) as x(s, v)",
            [blockIds[i % BLOCKS]!, String(ts), blockValues],
            { prepare: true },
          );
          latencies.push([i, performance.now() - s]);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const sorted = latencies.map(([, ms]) => ms).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
    const slowest = [...latencies]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([i, ms]) => `#${i} ${ms.toFixed(0)}`)
      .join(", ");
    return [
      `${interval / 1000} s`,
      `${width / 60_000} min`,
      Math.round((REQUESTS * BATCH) / seconds).toLocaleString("en"),
      at(0.5),
      at(0.9),
      at(0.99),
      slowest,
    ];
  } finally {
    await sql.end();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function main() {
  const head = ["interval", "bucket", "rows/s", "p50 ms", "p90 ms", "p99 ms", "slowest requests (ms)"];
  const table: string[][] = [];
  for (const interval of values.intervals!.split(",").map(Number))
    for (const width of values.buckets!.split(",").map(Number)) table.push(await measure(width, interval));
  console.log(
    `\nbench:point-key — ${REQUESTS} inserts of ${BATCH} rows, ${CONCURRENCY} in flight, ${SERIES} series\n`,
  );
  printTable(head, table);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "@/lib/db/client";
import { createTestDb } from "@/test/db";
import { PointBatch } from "./batch";
import { parseExposition } from "./parsers/prometheus";
import { intArray, rawPointsWhere, rawTransaction } from "./sql";
import { writeBatch } from "./writer";

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.close());

const T0 = Date.UTC(2026, 10, 26, 8, 0, 0);

/** `n` gauge series `writer_test_gauge{gpu="<offset+i>",note="<tricky>"}`, one point each at ts. */
function batchOf(offset: number, n: number, ts: number): PointBatch {
  const b = new PointBatch();
  for (let i = 0; i < n; i++)
    b.add(
      "writer_test_gauge",
      { gpu: String(offset + i), note: `q"uo\\te,{}\n${(offset + i) % 3}` },
      "gauge",
      null,
      ts,
      i + 0.5,
    );
  return b;
}

const count = async (text: string) => Number((await queryRows<{ n: number }>(db.db, sql.raw(text)))[0]!.n);

describe("writeBatch under concurrency", () => {
  it("registers overlapping new series once and stores every point once", async () => {
    // Four requests at once, each overlapping its neighbours: the same new series named by
    // several in-flight writes must get one id, and re-sending must add nothing.
    const batches = [0, 50, 100, 150].map((o) => batchOf(o, 100, T0 + o));
    const results = await Promise.all(batches.map((b) => writeBatch(b, db)));
    expect(results.map((r) => r.accepted)).toEqual([100, 100, 100, 100]);
    expect(
      await count("select count(*)::int as n from telemetry_series where metric = 'writer_test_gauge'"),
    ).toBe(250);
    expect(
      await count(
        "select count(*)::int as n from telemetry_points p join telemetry_series s on s.id = p.series_id where s.metric = 'writer_test_gauge'",
      ),
    ).toBe(400);
    await Promise.all(batches.map((b) => writeBatch(b, db)));
    expect(
      await count(
        "select count(*)::int as n from telemetry_points p join telemetry_series s on s.id = p.series_id where s.metric = 'writer_test_gauge'",
      ),
    ).toBe(400);
    // Labels survive the bulk registration byte for byte (quotes, backslashes, newlines).
    const labels = await queryRows<{ labels: Record<string, string> | string }>(
      db.db,
      sql.raw(
        "select labels from telemetry_series where metric = 'writer_test_gauge' and labels->>'gpu' = '4'",
      ),
    );
    const l = typeof labels[0]!.labels === "string" ? JSON.parse(labels[0]!.labels) : labels[0]!.labels;
    expect(l).toEqual({ gpu: "4", note: 'q"uo\\te,{}\n1' });
  });

  it("creates a new day's partition once when concurrent writes open it", async () => {
    const day = Date.UTC(2026, 11, 3, 12, 0, 0);
    const results = await Promise.all(
      [0, 1, 2, 3].map((k) => writeBatch(batchOf(1000 + k * 10, 10, day), db)),
    );
    expect(results.every((r) => r.accepted === 10)).toBe(true);
    expect(await count(`select count(*)::int as n from telemetry_points where ts = ${day}`)).toBe(40);
  });

  it("keeps each database's own series ids for series the parser caches", async () => {
    // The parser hands the writer the same cached series on every scrape, and the writer keeps
    // their ids on them: with two databases (different ids), every point must still land on
    // its own series in each.
    const other = await openDatabase({ pgliteDir: "memory://" });
    try {
      await writeBatch(batchOf(5000, 7, T0), other); // other ids than in `db`
      const scrape = (ts: number) =>
        parseExposition(
          Array.from({ length: 20 }, (_, i) => `ref_test{n="${i}"} ${i} ${ts}\n`).join(""),
          "prometheus",
          ts,
        );
      const stored = async (h: typeof other, ts: number) =>
        (
          await queryRows<{ n: string; v: number }>(
            h.db,
            sql.raw(
              `select s.labels->>'n' as n, p.value as v from telemetry_points p join telemetry_series s on s.id = p.series_id where s.metric = 'ref_test' and p.ts = ${ts} order by p.value`,
            ),
          )
        ).map((r) => [Number(r.n), Number(r.v)]);
      const expected = Array.from({ length: 20 }, (_, i) => [i, i]);
      for (const [k, h] of [db, other, db, other].entries()) {
        await writeBatch(scrape(T0 + 1000 * k), h);
        expect(await stored(h, T0 + 1000 * k)).toEqual(expected);
      }
    } finally {
      await other.close();
    }
  });

  it("finds series another process registered (not in this process's cache)", async () => {
    if (!db.url) return; // PGlite: one process per data folder
    const other = await openDatabase({ url: db.url, migrate: false });
    try {
      const before = await count("select count(*)::int as n from telemetry_series");
      const r = await writeBatch(batchOf(200, 100, T0 + 60_000), other); // 50 known + 50 new
      expect(r.accepted).toBe(100);
      expect(await count("select count(*)::int as n from telemetry_series")).toBe(before + 50);
      expect(await count(`select count(*)::int as n from telemetry_points where ts = ${T0 + 60_000}`)).toBe(
        100,
      );
    } finally {
      await other.close();
    }
  });
});

describe("writeBatch ordering", () => {
  it("stores each point with its own series, time and value whatever order the batch lists them", async () => {
    // Series registered in one order, then points listed against it (and times interleaved):
    // the writer reorders rows into key order, and nothing may get crossed.
    const ts = T0 + 7 * 3_600_000;
    await writeBatch(batchOf(2000, 5, ts), db);
    const b = new PointBatch();
    for (let k = 0; k < 3; k++)
      for (let i = 4; i >= 0; i--)
        b.add(
          "writer_test_gauge",
          { gpu: String(2000 + i), note: `q"uo\\te,{}\n${(2000 + i) % 3}` },
          "gauge",
          null,
          ts + 1000 * (k + 1),
          i * 10 + k,
        );
    await writeBatch(b, db);
    const rows = await queryRows<{ gpu: string; ts: string; v: number }>(
      db.db,
      sql.raw(
        `select s.labels->>'gpu' as gpu, p.ts::text as ts, p.value as v from telemetry_points p
         join telemetry_series s on s.id = p.series_id
         where s.metric = 'writer_test_gauge' and p.ts > ${ts} and p.ts <= ${ts + 3000} order by 1, 2`,
      ),
    );
    expect(rows).toHaveLength(15);
    for (const r of rows) {
      const i = Number(r.gpu) - 2000;
      const k = (Number(r.ts) - ts) / 1000 - 1;
      expect(Number(r.v)).toBe(i * 10 + k);
    }
  });
});

describe("the raw points key", () => {
  it("leads by time, and a window of series is read by seeks on (bucket, series)", async () => {
    const ts = T0 + 5 * 3_600_000;
    await writeBatch(batchOf(900, 30, ts), db);
    const ids = (
      await queryRows<{ id: number }>(
        db.db,
        sql.raw("select id from telemetry_series where metric = 'writer_test_gauge' order by id limit 3"),
      )
    ).map((r) => Number(r.id));
    // Without seq scans the planner shows whether the index can take the condition at all: a
    // bucket expression spelled unlike the index's would leave only a (disabled) Seq Scan.
    const where = rawPointsWhere(ts - 3_600_000, ts + 60_000, intArray(ids));
    const plan = await rawTransaction(db, async (run) => {
      await run("set local enable_seqscan = off");
      return run<{ "QUERY PLAN": string }>(`explain select * from telemetry_points where ${where}`);
    });
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/Index Cond: \(\(\(\(ts \/ 60000\)\)::integer = ANY/);
    expect(text).toMatch(/series_id = ANY/);
    expect(text).not.toMatch(/Seq Scan/);
    const key = await queryRows<{ def: string }>(
      db.db,
      sql.raw(
        "select pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'telemetry_points'::regclass and indisunique",
      ),
    );
    expect(key.map((k) => k.def)).toEqual([
      expect.stringContaining("(((ts / 60000))::integer), series_id, ts)"),
    ]);
  });
});

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "@/lib/db/client";
import { createTestDb } from "@/test/db";
import { PointBatch } from "./batch";
import { parseExposition } from "./parsers/prometheus";
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

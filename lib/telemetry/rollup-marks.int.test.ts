import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { createTestDb } from "@/test/db";
import { PointBatch } from "./batch";
import { queryMetric } from "./query";
import { drainRollups, ROLLUP_SLICE, refreshRollups } from "./rollups";
import { rawRows } from "./sql";
import { writeBatch } from "./writer";

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.close());

const MINUTE = Date.UTC(2026, 10, 26, 9, 30, 0);

const onePoint = (gpu: string, ts: number, value: number) => {
  const b = new PointBatch();
  b.add("marks_test_gauge", { gpu }, "gauge", null, ts, value);
  return b;
};

const one = async <T>(text: string) => (await queryRows<T>(db.db, sql.raw(text)))[0]!;
const marksLeft = async () =>
  Number((await one<{ n: number }>("select count(*)::int as n from telemetry_rollup_dirty")).n);
/** The 1-minute rollup of the test gauge's series for `gpu` at MINUTE (count and sum). */
const rollupOf = (gpu: string) =>
  one<{ count: number; sum: number }>(
    `select r.count::int as count, r.sum from telemetry_rollup_1m r join telemetry_series s on s.id = r.series_id
     where s.metric = 'marks_test_gauge' and s.labels->>'gpu' = '${gpu}' and r.bucket = ${MINUTE}`,
  );

describe("rollup marks", () => {
  it("a minute marked by several writes is claimed in one refresh and recomputed once", async () => {
    await drainRollups(db);
    await writeBatch(onePoint("0", MINUTE + 1_000, 1), db);
    await writeBatch(onePoint("0", MINUTE + 2_000, 2), db);
    await writeBatch(onePoint("0", MINUTE + 3_000, 4), db);
    expect(await marksLeft()).toBe(3);
    const r = await refreshRollups(db);
    expect(r).toMatchObject({ marks: 3, minutes: 1 });
    expect(await marksLeft()).toBe(0);
    expect(await rollupOf("0")).toEqual({ count: 3, sum: 7 });
  });

  it("drains a backlog slice by slice and stops at the first partial slice", async () => {
    await rawRows(
      db,
      `insert into telemetry_rollup_dirty (minute)
       select ${MINUTE} + (i % 3) * 60000 from generate_series(1, ${ROLLUP_SLICE + 10}) i`,
    );
    expect(await drainRollups(db, { maxSlices: 1 })).toMatchObject({ marks: ROLLUP_SLICE });
    expect(await marksLeft()).toBe(10);
    expect(await drainRollups(db)).toMatchObject({ marks: 10 });
    expect(await marksLeft()).toBe(0);
  });

  it("leaves minutes still open to a later run when asked for closed ones only", async () => {
    await drainRollups(db);
    await writeBatch(onePoint("2", MINUTE + 1_000, 1), db);
    await writeBatch(onePoint("2", MINUTE + 600_000 + 1_000, 2), db);
    expect(await drainRollups(db, { beforeMs: MINUTE + 600_000 })).toMatchObject({ marks: 1, minutes: 1 });
    expect(await marksLeft()).toBe(1);
    expect(await drainRollups(db)).toMatchObject({ marks: 1 });
  });

  it("a panel query refreshes the rollups it reads, not the raw-read minute still being written", async () => {
    await drainRollups(db);
    const q = { metric: "marks_test_gauge", match: { gpu: "3" }, agg: "sum", stepMs: 60_000 } as const;
    // Window [MINUTE + 1 h, MINUTE + 1 h 1.5 min): one whole minute (1-minute rollup), then half a
    // minute read raw.
    const from = MINUTE + 3_600_000;
    await writeBatch(onePoint("3", from + 90_000 - 5_000, 7), db); // the open minute: raw
    const open = await queryMetric({ ...q, fromMs: from, toMs: from + 90_000 });
    expect(open.series[0]!.points).toEqual([
      [from, null],
      [from + 60_000, 7],
    ]);
    expect(await marksLeft()).toBe(1); // no refresh: nothing this query read from rollups was pending
    await writeBatch(onePoint("3", from + 30_000, 5), db); // a whole minute in range: rollup
    const whole = await queryMetric({ ...q, fromMs: from, toMs: from + 90_000 });
    expect(whole.series[0]!.points).toEqual([
      [from, 5],
      [from + 60_000, 7],
    ]);
    expect(await marksLeft()).toBe(0); // refreshed (every pending mark, the open minute's too)
  });

  // Only a server has a second connection to hold a claim open with.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "a write never waits for a claim in progress, and its mark outlives that claim",
    async () => {
      await writeBatch(onePoint("1", MINUTE + 1_000, 10), db);
      const other = postgres(db.url!, { max: 1, onnotice: () => {} });
      try {
        let commitClaim = () => {};
        const claimed = new Promise<void>((resolve) => {
          // The job's claim, held open as a long recompute would hold it.
          void other.begin(async (tx) => {
            await tx.unsafe("delete from telemetry_rollup_dirty where minute = $1", [MINUTE]);
            resolve();
            await new Promise<void>((done) => {
              commitClaim = done;
            });
          });
        });
        await claimed;
        const write = writeBatch(onePoint("1", MINUTE + 2_000, 20), db).then(() => "written");
        const waited = new Promise((r) => setTimeout(() => r("still waiting after 5 s"), 5_000));
        expect(await Promise.race([write, waited])).toBe("written");
        commitClaim();
        await other.end();
        // The claim's transaction ended without recomputing; the later write's mark is still there.
        expect(await refreshRollups(db)).toMatchObject({ minutes: 1 });
        expect(await rollupOf("1")).toEqual({ count: 2, sum: 30 });
      } finally {
        await other.end({ timeout: 1 });
      }
    },
    20_000,
  );
});

import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/test/db";
import { PointBatch } from "./batch";
import { createUpcomingPartitions, dropPartitionsBefore, existingDays, partitionName } from "./partitions";
import { writeBatch } from "./writer";

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db?.close());

const DAY = 86_400_000;
const dayOf = (ms: number) => Math.floor(ms / DAY);

const pointAt = (ts: number) => {
  const b = new PointBatch();
  b.add("partitions_test_gauge", { gpu: "0" }, "gauge", null, ts, 1);
  return b;
};

describe("raw point partitions", () => {
  it("are created for today and tomorrow ahead of the data, once", async () => {
    const now = Date.UTC(2027, 0, 10, 23, 59);
    expect(await createUpcomingPartitions(db, now)).toEqual([
      "telemetry_points_d20270110",
      "telemetry_points_d20270111",
    ]);
    expect(await existingDays(db)).toEqual(expect.arrayContaining([dayOf(now), dayOf(now) + 1]));
    expect(await createUpcomingPartitions(db, now)).toEqual([]);
    expect((await writeBatch(pointAt(now + 120_000), db)).accepted).toBe(1);
  });

  // Only a server has a second connection to hold a reader open with.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "maintenance gives up on a busy table instead of making writers queue behind it",
    async () => {
      const today = Date.UTC(2027, 1, 1, 12);
      await writeBatch(pointAt(today), db); // the writer makes today's partition itself
      const reader = postgres(db.url!, { max: 1, onnotice: () => {} });
      let release = () => {};
      try {
        // An open transaction that has read the table, as a rollup recompute or long query holds.
        await new Promise<void>((reading) => {
          void reader.begin(async (tx) => {
            await tx.unsafe("select count(*) from telemetry_points");
            reading();
            await new Promise<void>((done) => {
              release = done;
            });
          });
        });
        const work = Promise.all([
          createUpcomingPartitions(db, today),
          dropPartitionsBefore(db, Date.UTC(2027, 0, 11) + DAY),
          writeBatch(pointAt(today + 1_000), db),
        ]);
        const blocked = new Promise((r) => setTimeout(() => r("blocked for 5 s"), 5_000));
        const done = await Promise.race([work, blocked]);
        expect(done).not.toBe("blocked for 5 s");
        const [created, dropped, written] = done as Awaited<typeof work>;
        expect(created).toEqual([]); // tomorrow's partition: the table was busy
        expect(dropped).toEqual([]); // 2027-01-10 is past retention but was busy too
        expect(written.accepted).toBe(1);
        release();
        await reader.end();
        expect(await createUpcomingPartitions(db, today)).toEqual([partitionName(dayOf(today) + 1)]);
        expect((await dropPartitionsBefore(db, Date.UTC(2027, 0, 11) + DAY)).sort()).toEqual([
          "telemetry_points_d20270110",
          "telemetry_points_d20270111",
        ]);
      } finally {
        release();
        await reader.end({ timeout: 1 });
      }
    },
    20_000,
  );
});

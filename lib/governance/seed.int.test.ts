import { afterAll, beforeAll, expect, it } from "vitest";
import { upsertUser } from "@/lib/auth/users";
import { createTestDb } from "@/test/db";
import { resetLiveForTests } from "./live";
import { violationCountsForMetrics } from "./metrics";
import { actionStats, listActions } from "./queries";
import { seed } from "./seed";
import { violationSeries } from "./violations";

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  resetLiveForTests();
  db = await createTestDb();
});
afterAll(async () => {
  resetLiveForTests();
  await db?.close();
});

it("seeds two weeks of actions, pending work and violations, idempotently", async () => {
  const users: Record<string, string> = {};
  for (const email of ["approver@demo.local", "approver2@demo.local"])
    users[email] = await upsertUser({ email, name: email, password: "pw", roles: ["approver"] });
  const ctx = { handle: db, users, fixturesDir: "fixtures", log: () => {} };
  const t0 = Date.now();
  await seed(ctx);
  const seconds = (Date.now() - t0) / 1000;
  await seed(ctx);
  const all = await listActions({ limit: 1000 });
  expect(all.length).toBe(569);
  const pending = await listActions({ statuses: ["pending"] });
  expect(pending.length).toBe(9);
  for (const p of pending) expect(new Date(p.expires_at!).getTime()).toBeGreaterThan(Date.now());
  const stats = await actionStats({ fromMs: Date.now() - 15 * 86400_000, toMs: Date.now() });
  expect(stats.some((s) => s.decidedByHuman > 0)).toBe(true);
  expect(stats.some((s) => s.decidedByPolicy > 0)).toBe(true);
  expect((await violationCountsForMetrics()).length).toBeGreaterThanOrEqual(4);
  expect(seconds).toBeGreaterThan(0);
  const series = await violationSeries({
    fromMs: Date.now() - 15 * 86400_000,
    toMs: Date.now(),
    stepMs: 86400_000,
  });
  expect(series.reduce((n, p) => n + p.count, 0)).toBeGreaterThanOrEqual(5);
  expect(series.every((p) => p.atMs % 86400_000 === 0)).toBe(true);
}, 120_000);

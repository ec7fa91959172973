/**
 * The whole demo seeded through every feature's real seed (H200 trace via the telemetry writer,
 * simulated facility, governance actions, ROI initiatives), then the ROI page's data checked
 * against figures this test computes on its own from the raw rows and the raw trace file.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { computePue } from "@/lib/facility/queries";
import { runSeed } from "@/scripts/seed";
import { createTestDb } from "@/test/db";
import { DEMO_COST_PLAN, DEMO_INITIATIVES } from "./demo";
import { nonFinitePaths } from "./fixtures";
import { MS_PER_MONTH } from "./model";
import {
  archiveInitiative,
  createInitiative,
  currentCostPlan,
  listInitiatives,
  saveCostPlan,
  updateInitiative,
} from "./queries";
import { seed as seedRoi } from "./seed";
import { getOverviewData, getRoiPageData } from "./service";

let db: Awaited<ReturnType<typeof createTestDb>>;
const TRACE_FROM = Date.UTC(2026, 10, 26, 6, 22, 27);
const TRACE_TO = Date.UTC(2026, 10, 26, 6, 27, 49);

beforeAll(async () => {
  db = await createTestDb();
  await runSeed();
}, 300_000);
afterAll(async () => {
  await db?.close();
});

/** GPU energy of the raw trace file: each power sample held until the next one (J). */
function traceJoules(): { joules: number; ms: number } {
  const lines = fs
    .readFileSync(path.resolve("fixtures/h200-inference-trace/nvsmi.csv"), "utf8")
    .trim()
    .split("\n");
  const header = lines[0]!.split(",").map((h) => h.trim());
  const col = header.indexOf("power.draw [W]");
  const samples = lines.slice(1).map((l) => {
    const f = l.split(",").map((x) => x.trim());
    return {
      t: Date.parse(`${f[0]!.replace(/\//g, "-").replace(" ", "T")}Z`),
      w: Number.parseFloat(f[col]!),
    };
  });
  let joules = 0;
  for (let i = 0; i + 1 < samples.length; i++)
    joules += samples[i]!.w * ((samples[i + 1]!.t - samples[i]!.t) / 1000);
  return { joules, ms: samples[samples.length - 1]!.t - samples[0]!.t };
}

const iso = (ms: number) => new Date(ms).toISOString();

type RawAction = {
  agent_id: string;
  category: string;
  status: string;
  decided_by: string | null;
  requested_at: string | Date;
};

describe("ROI from the seeded demo, recomputed from raw data", () => {
  const nowMs = Date.now();
  const window = {
    fromMs: Math.min(nowMs - 15 * 86_400_000, TRACE_FROM - 3_600_000),
    toMs: Math.max(nowMs, TRACE_TO + 3_600_000),
  };

  it("seeds its initiatives and plan once", async () => {
    await seedRoi({ handle: db, users: {}, fixturesDir: "fixtures", log: () => {} });
    const list = await listInitiatives();
    expect(list.map((i) => i.name).sort()).toEqual(DEMO_INITIATIVES.map((i) => i.name).sort());
    expect((await currentCostPlan()).version).not.toBeNull();
  });

  it("matches an independent computation per initiative and per horizon", async () => {
    const data = await getRoiPageData(window);
    expect(nonFinitePaths(data)).toEqual([]);
    const windowMs = window.toMs - window.fromMs;

    // Energy: the telemetry integral agrees with the raw trace file within 1 %.
    const trace = traceJoules();
    const e = data.telemetry.energy!;
    expect(e.measuredKwh * 3_600_000).toBeGreaterThan(trace.joules * 0.99);
    expect(e.measuredKwh * 3_600_000).toBeLessThan(trace.joules * 1.01);
    const pue = await computePue(window);
    expect(pue.pue).not.toBeNull();
    expect(data.telemetry.pue?.basis).toBe("simulated");

    // Shared cost from the raw trace: average power × period × PUE × tariff + amortisation.
    const kwh = ((trace.joules / trace.ms) * windowMs) / 3_600_000;
    const p = DEMO_COST_PLAN;
    const amort = (["hardware", "software", "integration", "training"] as const).reduce(
      (s, c) => s + (p.spentUsd[c]! / p.amortisationMonths[c]) * (windowMs / MS_PER_MONTH),
      0,
    );
    const shared = kwh * pue.pue! * p.tariffUsdPerKwh + amort;
    expect(data.result.sharedCostUsd.ok && data.result.sharedCostUsd.value).toBeCloseTo(shared, -1);

    const rows = await queryRows<RawAction>(
      db.db,
      sql`select agent_id, category, status, decided_by, requested_at from actions
          where requested_at >= ${iso(window.fromMs)}::timestamptz and requested_at < ${iso(window.toMs)}::timestamptz`,
    );
    const viol = await queryRows<{ agent_id: string; category: string }>(
      db.db,
      sql`select agent_id, category from violations where occurred_at >= ${iso(window.fromMs)}::timestamptz and occurred_at < ${iso(window.toMs)}::timestamptz`,
    );
    const byHorizon = new Map<string, { s: number; c: number }>();
    for (const demo of DEMO_INITIATIVES) {
      const mine = rows.filter(
        (r) => demo.agentIds.includes(r.agent_id) && demo.categories.includes(r.category),
      );
      const ok = mine.filter((r) => r.status === "succeeded").length;
      const failed = mine.filter((r) => r.status === "failed").length;
      const human = mine.filter((r) => r.decided_by === "human").length;
      const v = viol.filter(
        (x) => demo.agentIds.includes(x.agent_id) && demo.categories.includes(x.category),
      ).length;
      const b = demo.baseline;
      const perMin = b.hourlyCostUsd! / 60;
      const savings =
        ok * b.minutesPerAction! * perMin -
        human * b.reviewMinutesPerEscalation! * perMin +
        ((b.errorsPer1000Before! / 1000) * mine.length - (failed + v)) * b.costPerErrorUsd!;
      const cost = (shared * mine.length) / rows.length;
      const got = data.result.initiatives.find((i) => i.initiative.name === demo.name)!;
      expect(mine.length).toBeGreaterThan(0);
      expect(got.stats.requested).toBe(mine.length);
      expect(got.savings.total.ok && got.savings.total.value).toBeCloseTo(savings, 6);
      expect(got.roiPct.ok && got.roiPct.value).toBeCloseTo(((savings - cost) / cost) * 100, 0);
      const h = byHorizon.get(demo.horizon) ?? { s: 0, c: 0 };
      byHorizon.set(demo.horizon, { s: h.s + savings, c: h.c + cost });
    }
    for (const h of data.result.horizons) {
      const want = byHorizon.get(h.horizon)!;
      expect(h.roiPct.ok && h.roiPct.value).toBeCloseTo(((want.s - want.c) / want.c) * 100, 0);
    }
  });

  it("gives the overview real KPIs with the period each covers", async () => {
    const o = await getOverviewData(window, nowMs);
    expect(nonFinitePaths(o)).toEqual([]);
    const k = Object.fromEntries(o.overview.kpis.map((x) => [x.key, x]));
    expect(k.roi!.value.ok).toBe(true);
    expect(k.automation!.value.ok).toBe(true);
    expect(k.tokens!.value.ok && k.tokens!.value.value).toBeGreaterThan(100_000);
    expect(k.energyPer1k!.value.ok).toBe(true);
    expect(k.pue!.simulated).toBe(true);
    expect(k.openApprovals!.value).toEqual({ ok: true, value: 9 });
    expect(o.sources.find((s) => s.name.startsWith("GPU"))!.covers).toContain("2026-11-26 06:2");
  });

  it("a period with no data says so instead of computing", async () => {
    const empty = { fromMs: Date.UTC(2020, 0, 1), toMs: Date.UTC(2020, 0, 8) };
    const d = await getRoiPageData(empty);
    expect(nonFinitePaths(d)).toEqual([]);
    expect(d.result.overall.roiPct.ok).toBe(false);
    for (const h of d.result.horizons) expect(h.roiPct.ok).toBe(false);
    expect(d.benchmarks.throughput.avgTokensPerSecond.ok).toBe(false);
    expect(d.benchmarks.uptimePct).toEqual({ ok: false, reason: "no availability data ingested" });
  });

  it("records, edits and archives initiatives and versions the plan", async () => {
    const actor = { kind: "user" as const, id: "test", name: "test" };
    const input = {
      name: "Test initiative",
      horizon: "H2" as const,
      owner: "QA",
      startedAt: "2026-11-01",
      agentIds: ["invoice-bot"],
      categories: [],
      baseline: DEMO_INITIATIVES[0]!.baseline,
    };
    const created = await createInitiative(input, actor);
    await expect(createInitiative(input, actor)).rejects.toThrow(/already exists/);
    const updated = await updateInitiative(created.id, { ...input, horizon: "H3" }, actor);
    expect(updated?.horizon).toBe("H3");
    expect(await archiveInitiative(created.id, actor)).toBe(true);
    expect(await archiveInitiative(created.id, actor)).toBe(false);
    expect((await listInitiatives()).some((i) => i.id === created.id)).toBe(false);
    const before = await currentCostPlan();
    const saved = await saveCostPlan({ ...DEMO_COST_PLAN, tariffUsdPerKwh: 0.3, note: "tariff up" }, actor);
    expect(saved.version).toBeGreaterThan(before.version!);
    expect(saved.tariffUsdPerKwh).toBe(0.3);
  });
});

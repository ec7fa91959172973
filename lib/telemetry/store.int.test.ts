import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/test/db";
import { ParseError } from "./batch";
import { renderExposition } from "./exposition";
import { ingestExposition, ingestJson, ingestNvidiaSmi, ingestOtlp } from "./ingest";
import { queryMetric } from "./query";
import { applyRetention } from "./retention";
import { refreshRollups } from "./rollups";
import { seed } from "./seed";
import { listMetrics, telemetryStats } from "./stats";

let db: Awaited<ReturnType<typeof createTestDb>>;
const TRACE = "fixtures/h200-inference-trace";
const T0 = Date.UTC(2026, 10, 26, 6, 22, 0);
const T1 = Date.UTC(2026, 10, 26, 6, 29, 0);
const ctx = () => ({ handle: db, users: {}, fixturesDir: path.resolve("fixtures"), log: () => {} });

beforeAll(async () => {
  db = await createTestDb();
  await seed(ctx());
});
afterAll(async () => db?.close());

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describe("the H200 trace through seed → writer → query", () => {
  it("reads back GPU series with units and labels", async () => {
    const r = await queryMetric({
      metric: "gpu_temperature_celsius",
      fromMs: T0,
      toMs: T1,
      stepMs: T1 - T0,
      agg: "max",
    });
    expect(r.unit).toBe("°C");
    expect(r.series).toHaveLength(1);
    expect(r.series[0]!.labels).toMatchObject({ host: "h200-demo", gpu: "0", model: "NVIDIA H200" });
    expect(Math.max(...r.series[0]!.points.map(([, v]) => v ?? 0))).toBe(62);
    const p = await queryMetric({
      metric: "gpu_power_watts",
      fromMs: T0,
      toMs: T1,
      stepMs: 1000,
      agg: "max",
      by: ["host"],
    });
    expect(Math.max(...p.series[0]!.points.map((x) => x[1] ?? 0))).toBeCloseTo(698.7, 0);
    expect(p.series[0]!.points).toHaveLength((T1 - T0) / 1000);
  });

  it("marks the power-cap window with clock-event reasons", async () => {
    const r = await queryMetric({
      metric: "gpu_clock_event_reasons",
      fromMs: T0,
      toMs: T1,
      stepMs: 1000,
      agg: "max",
    });
    const capped = r.series[0]!.points.filter(([, v]) => v !== null && (v & 4) === 4);
    expect(capped.length).toBeGreaterThan(10);
  });

  it("derives latency percentiles from the stored buckets close to the exact medians", async () => {
    const records = fs
      .readFileSync(`${TRACE}/requests.jsonl`, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    for (const phase of ["light", "heavy"]) {
      const rs = records.filter((r) => r.phase === phase);
      const from = Math.floor(Math.min(...rs.map((r) => r.end)) * 1000);
      const to = Math.ceil(Math.max(...rs.map((r) => r.end)) * 1000) + 1;
      const q = await queryMetric({
        metric: "inference_request_duration_seconds",
        fromMs: from,
        toMs: to,
        stepMs: to - from,
        agg: "p50",
      });
      const exact = median(rs.map((r) => r.latency_s));
      expect(Math.abs(q.series[0]!.points.at(-1)![1]! - exact) / exact).toBeLessThan(0.05);
    }
  });

  it("counts tokens with increase, equal per raw and rollup resolution", async () => {
    const total = fs
      .readFileSync(`${TRACE}/requests.jsonl`, "utf8")
      .trim()
      .split("\n")
      .reduce((a, l) => a + JSON.parse(l).tokens, 0);
    const sum = async (stepMs: number) => {
      const r = await queryMetric({
        metric: "inference_tokens_total",
        fromMs: T0,
        toMs: T1,
        stepMs,
        agg: "increase",
        match: { type: "output" },
      });
      return r.series[0]!.points.reduce((a, [, v]) => a + (v ?? 0), 0);
    };
    expect(await sum(1000)).toBe(total);
    expect(await sum(60_000)).toBe(total);
    const rate = await queryMetric({
      metric: "inference_requests_total",
      fromMs: T0,
      toMs: T1,
      stepMs: 60_000,
      agg: "rate",
    });
    expect(rate.series[0]!.points.reduce((a, [, v]) => a + (v ?? 0) * 60, 0)).toBeCloseTo(84, 6);
  });

  it("rollups agree with raw points", async () => {
    await refreshRollups();
    for (const agg of ["max", "min", "avg"] as const) {
      const raw = await queryMetric({ metric: "gpu_power_watts", fromMs: T0, toMs: T1, stepMs: 30_000, agg });
      const rolled = await queryMetric({
        metric: "gpu_power_watts",
        fromMs: T0,
        toMs: T1,
        stepMs: 60_000,
        agg,
      });
      const byMinute = new Map(rolled.series[0]!.points);
      for (const [t, v] of raw.series[0]!.points) {
        if (v === null || t % 60_000 !== 0) continue;
        if (agg === "max") expect(byMinute.get(t)).toBeGreaterThanOrEqual(v);
        if (agg === "min") expect(byMinute.get(t)).toBeLessThanOrEqual(v);
      }
      expect(rolled.series[0]!.points.filter(([, v]) => v !== null).length).toBeGreaterThan(4);
    }
    const hourly = await queryMetric({
      metric: "gpu_temperature_celsius",
      fromMs: T0,
      toMs: T1,
      stepMs: 3_600_000,
      agg: "max",
    });
    expect(hourly.series[0]!.points[0]![1]).toBe(62);
  });

  it("is idempotent: seeding or re-sending again stores nothing new", async () => {
    const before = await telemetryStats();
    await seed(ctx());
    const csv = fs.readFileSync(`${TRACE}/nvsmi.csv`, "utf8");
    await ingestNvidiaSmi(csv, { host: "h200-demo", tz: "UTC" });
    expect(await telemetryStats()).toEqual(before);
  });

  it("stores nothing from a rejected body", async () => {
    const before = await telemetryStats();
    await expect(ingestExposition("good_metric 1\nbad metric\n", "prometheus")).rejects.toBeInstanceOf(
      ParseError,
    );
    await expect(ingestExposition("a 1\n", "openmetrics")).rejects.toBeInstanceOf(ParseError);
    expect(await telemetryStats()).toEqual(before);
  });

  it("ingests Prometheus histograms (cumulative) and OTLP/JSON points, and lists metrics", async () => {
    const t = Date.UTC(2026, 10, 26, 7, 0, 0);
    const scrape = (ms: number, a: number, b: number, c: number) =>
      `# TYPE lat_seconds histogram\nlat_seconds_bucket{le="0.1"} ${a} ${ms}\nlat_seconds_bucket{le="1"} ${b} ${ms}\nlat_seconds_bucket{le="+Inf"} ${c} ${ms}\nlat_seconds_count ${c} ${ms}\n`;
    await ingestExposition(scrape(t, 10, 20, 20), "prometheus");
    await ingestExposition(scrape(t + 15_000, 10, 120, 120), "prometheus"); // 100 new obs in (0.1, 1]
    const p = await queryMetric({
      metric: "lat_seconds",
      fromMs: t + 1,
      toMs: t + 30_000,
      stepMs: 30_000,
      agg: "p50",
    });
    expect(p.series[0]!.points[0]![1]).toBeCloseTo(0.1 + 0.9 * 0.5, 6);
    const otlp = await ingestOtlp(JSON.parse(fs.readFileSync("test/fixtures/telemetry/otlp.json", "utf8")));
    expect(otlp.rejected).toBe(2);
    const j = await ingestJson({
      points: [
        { metric: "facility_power_watts", ts: t, value: 1e6 },
        { metric: "x y", ts: t, value: 1 },
      ],
    });
    expect(j).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] });
    const metrics = await listMetrics();
    expect(metrics.find((m) => m.name === "gpu_power_watts")!.series).toBeGreaterThan(0);
    expect(metrics.find((m) => m.name === "lat_seconds_bucket")!.catalogued).toBe(false);
  });

  it("exposes the architecture metrics from stored data", async () => {
    const text = await renderExposition(T1);
    const tpw =
      /^ai_tokens_per_watt\{model="gpt2-arch-1.3b-random-bf16",hardware_type="NVIDIA H200"\} ([\d.e+-]+)$/m.exec(
        text,
      );
    expect(tpw, text).not.toBeNull();
    expect(Number(tpw![1])).toBeGreaterThan(0);
    expect(text).toMatch(
      /^ai_inference_latency_bucket\{model="gpt2-arch-1.3b-random-bf16",le="\+Inf"\} 84$/m,
    );
    expect(text).toMatch(/^ai_inference_latency_bucket\{model="gpt2-arch-1.3b-random-bf16",le="5"\} \d+$/m);
  });

  it("retention drops whole day partitions and old rollups", async () => {
    const day = Date.UTC(2026, 9, 1, 12);
    await ingestJson({ points: [{ metric: "old_metric", ts: day, value: 1 }] });
    await refreshRollups();
    const before = await telemetryStats();
    const r = await applyRetention({ rawDays: 30, minuteDays: 30, hourDays: 30 }, Date.UTC(2026, 10, 26, 7));
    expect(r.droppedPartitions).toEqual(["telemetry_points_d20261001"]);
    expect(r.minuteRows).toBeGreaterThan(0);
    expect((await telemetryStats()).points).toBe(before.points - 1);
  });
});

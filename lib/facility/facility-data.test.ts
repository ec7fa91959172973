import { describe, expect, it } from "vitest";
import { computePue, facilitySummary, nPlusOneNow } from "./facility-data";
import type { QueryFn, QuerySeries } from "./query-types";
import { readingToPoints, simulateOverGpuPower, type TelemetryPoint } from "./simulate-series";
import { defaultFacilityConfig } from "./simulator";

/** An in-memory stand-in for the telemetry query layer: buckets [t, t+step) aligned to step. */
function fakeQuery(points: TelemetryPoint[]): QueryFn {
  return async ({ metric, fromMs, toMs, stepMs, agg, match }) => {
    const bySeries = new Map<string, { labels: Record<string, string>; buckets: Map<number, number[]> }>();
    for (const p of points) {
      if (p.metric !== metric || p.ts < fromMs || p.ts >= toMs) continue;
      if (match && Object.entries(match).some(([k, v]) => p.labels[k] !== v)) continue;
      const key = JSON.stringify(Object.entries(p.labels).sort());
      const s = bySeries.get(key) ?? { labels: p.labels, buckets: new Map() };
      bySeries.set(key, s);
      const b = Math.floor(p.ts / stepMs) * stepMs;
      s.buckets.set(b, [...(s.buckets.get(b) ?? []), p.value]);
    }
    const reduce = (vs: number[]) =>
      agg === "avg"
        ? vs.reduce((a, b) => a + b, 0) / vs.length
        : agg === "min"
          ? Math.min(...vs)
          : agg === "max"
            ? Math.max(...vs)
            : vs[vs.length - 1]!;
    const series: QuerySeries[] = [...bySeries.values()].map((s) => ({
      labels: s.labels,
      points: [...s.buckets.entries()].sort((a, b) => a[0] - b[0]).map(([t, vs]) => [t, reduce(vs)]),
    }));
    return { metric, unit: "", series };
  };
}

const T0 = Date.UTC(2026, 10, 26, 6, 22, 27);
const cfg = defaultFacilityConfig({ site: "dc-1", gpus: 1, gpuPowerLimitWatts: 700 });
// 300 s: idle 100 s, full load 100 s, idle 100 s, one GPU sample a second.
const gpu: [number, number][] = Array.from({ length: 300 }, (_, i) => [
  T0 + i * 1000,
  i >= 100 && i < 200 ? 690 : 80,
]);
const outages = [{ unit: "cdu-d2c-3", fromMs: T0 + 120_000, toMs: T0 + 180_000 }];
const readings = simulateOverGpuPower(cfg, gpu, { outdoorC: 30, outages });
const points = readings.flatMap((r) => readingToPoints(cfg, r));

describe("computePue over simulated telemetry", () => {
  it("equals facility energy ÷ IT energy computed independently", async () => {
    const r = await computePue({ fromMs: T0, toMs: T0 + 300_000 }, fakeQuery(points));
    const fac = readings.reduce((s, x) => s + x.facilityWatts, 0);
    const it_ = readings.reduce((s, x) => s + x.itWatts, 0);
    expect(r.method).toBe("power-integral");
    expect(r.pue).toBeCloseTo(fac / it_, 4);
    expect(r.itJoules).toBeCloseTo(it_, -1);
    expect(r.coverage).toBeCloseTo(1, 5);
    expect(r).toMatchObject({
      category: 3,
      meteringPoint: "it_input",
      simulated: true,
      target: 1.1,
      missing: null,
    });
    // The mean of instantaneous ratios is a different (wrong) number here.
    const meanRatio = readings.reduce((s, x) => s + x.facilityWatts / x.itWatts, 0) / readings.length;
    expect(Math.abs(meanRatio - r.pue!)).toBeGreaterThan(0.002);
  });

  it("prefers energy counters when both meters publish them", async () => {
    const counters: TelemetryPoint[] = [0, 1, 2, 3].map((i) => ({
      metric: "facility_energy_joules_total",
      labels: { site: "dc-1" },
      ts: T0 + i * 100_000,
      value: 1000 + i * 1200,
    }));
    for (const i of [0, 1, 2, 3])
      counters.push({
        metric: "it_energy_joules_total",
        labels: { site: "dc-1", metering_point: "ups_output" },
        ts: T0 + i * 100_000,
        value: i * 1000,
      });
    const r = await computePue({ fromMs: T0 + 1, toMs: T0 + 300_001 }, fakeQuery([...points, ...counters]));
    expect(r).toMatchObject({ method: "energy-counter", category: 1, simulated: false });
    expect(r.pue).toBeCloseTo(1.2, 6);
  });

  it("says what is missing instead of inventing a number", async () => {
    const none = await computePue({ fromMs: T0, toMs: T0 + 1000 }, fakeQuery([]));
    expect(none.pue).toBeNull();
    expect(none.missing).toMatch(/no facility or IT power/);
    const onlyFac = await computePue(
      { fromMs: T0, toMs: T0 + 300_000 },
      fakeQuery(points.filter((p) => p.metric !== "it_power_watts")),
    );
    expect(onlyFac.missing).toMatch(/no it_power_watts/);
  });
});

describe("facilitySummary", () => {
  it("computes ERE/ERF from the recovery meter, WUE from the water meter, and N+1 per loop", async () => {
    const s = await facilitySummary({ fromMs: T0, toMs: T0 + 300_000 }, fakeQuery(points));
    const last = readings.at(-1)!;
    // The recovery counter's increase over the period ≈ its final value (it started at 0).
    expect(s.reuse.metered).toBe(true);
    expect(s.reuse.reusedJoules).toBeCloseTo(last.heatRecoveredJoulesTotal, 0);
    expect(s.reuse.erf).toBeCloseTo(s.reuse.reusedJoules / s.pue.facilityJoules, 6);
    expect(s.reuse.ere!).toBeLessThan(s.pue.pue!);
    expect(s.water.metered).toBe(true);
    expect(s.water.liters).toBeGreaterThan(0);
    expect(s.water.wue).toBeCloseTo(s.water.liters / (s.pue.itJoules / 3.6e6), 6);
    const d2c = s.redundancy.loops.find((l) => l.loop === "direct_to_chip")!;
    expect(d2c.lostSpans.length).toBe(1);
    const span = d2c.lostSpans[0]!;
    expect(span.startMs).toBeGreaterThanOrEqual(T0 + 120_000);
    expect(span.endMs).toBeLessThanOrEqual(T0 + 200_000 + 10_000);
    expect(s.simulated).toBe(true);
  });

  it("nPlusOneNow reports the loss while the unit is down under load", async () => {
    const q = fakeQuery(points);
    const during = await nPlusOneNow({ atMs: T0 + 170_000, windowMs: 5000 }, q);
    expect(during.find((l) => l.loop === "direct_to_chip")!.status.state).toBe("lost");
    const after = await nPlusOneNow({ atMs: T0 + 260_000, windowMs: 5000 }, q);
    expect(after.every((l) => l.status.state === "ok")).toBe(true);
  });
});

describe("latestFacilityDataMs", () => {
  it("finds the minute of the last facility reading, or null", async () => {
    const { latestFacilityDataMs } = await import("./facility-data");
    const at = await latestFacilityDataMs({ nowMs: T0 + 86_400_000 * 3 }, fakeQuery(points));
    const lastTs = readings.at(-1)!.ts;
    expect(at).toBe(Math.floor(lastTs / 60_000) * 60_000 + 60_000);
    expect(await latestFacilityDataMs({ nowMs: T0 }, fakeQuery([]))).toBeNull();
  });
});

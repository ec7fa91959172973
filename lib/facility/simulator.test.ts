import { describe, expect, it } from "vitest";
import { UNIT_STATE } from "./metrics";
import { nPlusOneStatus } from "./pue";
import { readingToPoints, simulateOverGpuPower } from "./simulate-series";
import { defaultFacilityConfig, diurnalOutdoorC, initialSimState, simulateStep } from "./simulator";

const cfg = defaultFacilityConfig({ site: "test", gpus: 8, gpuPowerLimitWatts: 700 });
/** Steady state: run a constant load long enough for the fluid lag to settle. */
function steady(
  gpuWatts: number,
  outdoorC: number,
  outages = [] as { unit: string; fromMs: number; toMs: number }[],
) {
  const state = initialSimState();
  let r = simulateStep(cfg, state, { ts: 0, gpuWatts, outdoorC, outages });
  for (let t = 1; t <= 600; t++) r = simulateStep(cfg, state, { ts: t * 1000, gpuWatts, outdoorC, outages });
  return r;
}

describe("facility simulator", () => {
  it("puts all IT power into the liquid loops (energy balance)", () => {
    const r = steady(8 * 500, 10);
    const heat = r.loops.reduce((s, l) => s + l.heatLoadWatts, 0);
    expect(heat).toBeCloseTo(r.itWatts, 3);
    expect(r.itWatts).toBeCloseTo(8 * 500 + 8 * 150 + 0.25 * 8 * 500);
  });

  it("keeps Q = flow × density × cp × ΔT on each loop", () => {
    const r = steady(8 * 600, 10);
    for (const l of r.loops) {
      const lc = cfg.loops.find((c) => c.id === l.loop)!;
      const q = l.flowLps * lc.fluid.densityKgPerL * lc.fluid.cpJPerKgK * l.deltaTK;
      expect(q).toBeCloseTo(l.heatLoadWatts, 3);
      expect(l.returnC - l.supplyC).toBeCloseTo(l.deltaTK, 6);
    }
  });

  it("raises cooling and facility power with IT load; PUE is worst at low load", () => {
    const loads = [80, 300, 500, 700].map((w) => steady(8 * w, 12));
    for (let i = 1; i < loads.length; i++) {
      expect(loads[i]!.facilityWatts).toBeGreaterThan(loads[i - 1]!.facilityWatts);
    }
    expect(loads[3]!.coolingWatts).toBeGreaterThan(loads[0]!.coolingWatts * 3);
    const pue = loads.map((r) => r.facilityWatts / r.itWatts);
    // Fixed losses dominate at low load.
    expect(pue[0]!).toBeGreaterThan(Math.max(...pue.slice(1)));
    // Liquid-cooled with free cooling at 12 °C: near the 1.1 target at full load.
    expect(pue[3]!).toBeGreaterThan(1.03);
    expect(pue[3]!).toBeLessThan(1.1);
  });

  it("hot weather: trim chiller and evaporative water raise power and water", () => {
    const cold = steady(8 * 600, 10);
    const hot = steady(8 * 600, 38);
    expect(hot.coolingWatts).toBeGreaterThan(cold.coolingWatts * 1.5);
    expect(cold.waterLitersTotal).toBe(0);
    expect(hot.waterLitersTotal).toBeGreaterThan(0);
    // Evaporating ≤ 25 % of ~6.5 kW for 600 s at 2.45 MJ/kg: at most ~0.4 L.
    expect(hot.waterLitersTotal).toBeLessThan(0.5);
  });

  it("runs only the units needed, marks failed ones, and loses N+1 under load", () => {
    const outages = [{ unit: "cdu-d2c-3", fromMs: 0, toMs: 1e12 }];
    const r = steady(8 * 690, 10, outages);
    const d2c = r.loops.find((l) => l.loop === "direct_to_chip")!;
    expect(d2c.units.map((u) => u.state)).toEqual([
      UNIT_STATE.running,
      UNIT_STATE.running,
      UNIT_STATE.failed,
    ]);
    const status = nPlusOneStatus({
      loadWatts: d2c.heatLoadWatts,
      units: d2c.units.map((u) => ({ id: u.unit, capacityWatts: u.capacityWatts, healthy: u.state !== 0 })),
    });
    expect(status.state).toBe("lost");
    const idle = steady(8 * 80, 10, outages).loops.find((l) => l.loop === "direct_to_chip")!;
    expect(idle.units.filter((u) => u.state === UNIT_STATE.running)).toHaveLength(1);
  });

  it("supply temperature climbs when healthy capacity is short", () => {
    const outages = ["cdu-d2c-2", "cdu-d2c-3"].map((unit) => ({ unit, fromMs: 0, toMs: 1e12 }));
    const ok = steady(8 * 690, 10).loops.find((l) => l.loop === "direct_to_chip")!;
    const short = steady(8 * 690, 10, outages).loops.find((l) => l.loop === "direct_to_chip")!;
    expect(short.supplyC).toBeGreaterThan(ok.supplyC + 3);
  });

  it("lags a load step through the fluid's thermal mass", () => {
    const state = initialSimState();
    simulateStep(cfg, state, { ts: 0, gpuWatts: 8 * 100, outdoorC: 10 });
    const after1s = simulateStep(cfg, state, { ts: 1000, gpuWatts: 8 * 700, outdoorC: 10 });
    const imm = after1s.loops.find((l) => l.loop === "immersion")!;
    const target = 8 * 150 + 0.25 * 8 * 700 + 0.2 * 8 * 700;
    expect(imm.heatLoadWatts).toBeLessThan(target * 0.5);
  });

  it("recovers heat only from loops warm enough to be useful", () => {
    const r = steady(8 * 600, 10);
    const imm = r.loops.find((l) => l.loop === "immersion")!;
    const d2c = r.loops.find((l) => l.loop === "direct_to_chip")!;
    expect(imm.returnC).toBeGreaterThanOrEqual(45);
    expect(d2c.returnC).toBeLessThan(45);
    expect(r.heatRecoveredWatts).toBeCloseTo(imm.heatLoadWatts * 0.3, 3);
  });
});

describe("simulateOverGpuPower / readingToPoints", () => {
  it("skips missing GPU buckets and labels every point as simulated", () => {
    const readings = simulateOverGpuPower(
      cfg,
      [
        [0, 1000],
        [1000, null],
        [2000, 1200],
      ],
      { outdoorC: 10 },
    );
    expect(readings.map((r) => r.ts)).toEqual([0, 2000]);
    const pts = readingToPoints(cfg, readings[1]!);
    expect(pts.every((p) => p.labels.source === "simulator" && p.labels.site === "test")).toBe(true);
    expect(pts.find((p) => p.metric === "it_power_watts")?.labels.metering_point).toBe("it_input");
    expect(pts.filter((p) => p.metric === "cooling_unit_state")).toHaveLength(6);
  });
  it("diurnal outdoor temperature is coldest at 03:00 and warmest at 15:00", () => {
    const day = Date.UTC(2026, 10, 26);
    const at = (h: number) => diurnalOutdoorC(day + h * 3_600_000, { minC: 5, maxC: 15 });
    expect(at(3)).toBeCloseTo(5);
    expect(at(15)).toBeCloseTo(15);
  });
});

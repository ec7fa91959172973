import { describe, expect, it } from "vitest";
import type { QueryResult } from "@/components/charts/prepare/types";
import {
  anySimulated,
  flowChart,
  formatEnergy,
  latestDeltaT,
  loopTemperatureChart,
  powerChart,
  powerUnit,
  ratioChart,
  waterPerBucket,
} from "./facility";

const q = (metric: string, series: QueryResult["series"]): QueryResult => ({ metric, unit: "", series });
const sim = { site: "dc-1", source: "simulator" };

describe("facility prepare", () => {
  it("picks W/kW/MW by magnitude and formats energy", () => {
    expect(powerUnit(900).label).toBe("W");
    expect(powerUnit(5e3).label).toBe("kW");
    expect(powerUnit(2e7).label).toBe("MW");
    expect(formatEnergy(3.6e6)).toBe("1.00 kWh");
    expect(formatEnergy(1800)).toBe("0.5 Wh");
    expect(formatEnergy(null)).toBe("—");
  });

  it("draws facility, IT at the preferred metering point and cooling", () => {
    const fac = q("facility_power_watts", [
      {
        labels: sim,
        points: [
          [0, 3000],
          [1000, null],
        ],
      },
    ]);
    const it_ = q("it_power_watts", [
      { labels: { ...sim, metering_point: "ups_output" }, points: [[0, 2900]] },
      {
        labels: { ...sim, metering_point: "it_input" },
        points: [
          [0, 2700],
          [1000, 2800],
        ],
      },
    ]);
    const c = powerChart(fac, it_, undefined);
    expect(c.unit.label).toBe("kW");
    expect(c.lines.map((l) => l.name)).toEqual(["Facility", "IT (it input)"]);
    const round = (v: number | null | undefined) => (v == null ? v : Math.round(v * 1e6) / 1e6);
    expect(c.rows.map((r) => [r.t, round(r.s0), round(r.s1)])).toEqual([
      [0, 3, 2.7],
      [1000, null, 2.8],
    ]);
  });

  it("labels the instantaneous ratio as such and leaves gaps", () => {
    const r = ratioChart(
      q("facility_power_watts", [
        {
          labels: sim,
          points: [
            [0, 110],
            [1000, 120],
          ],
        },
      ]),
      q("it_power_watts", [
        {
          labels: { ...sim, metering_point: "it_input" },
          points: [
            [0, 100],
            [1000, null],
          ],
        },
      ]),
    );
    expect(r.lines[0]!.name).toMatch(/instantaneous/);
    expect(r.rows.map((x) => x.s0)).toEqual([1.1, null]);
  });

  it("pairs supply (solid) and return (dashed) per loop, primary first", () => {
    const supply = q("coolant_supply_temperature_celsius", [
      { labels: { ...sim, loop: "direct_to_chip" }, points: [[0, 32]] },
      { labels: { ...sim, loop: "immersion" }, points: [[0, 38]] },
    ]);
    const ret = q("coolant_return_temperature_celsius", [
      { labels: { ...sim, loop: "immersion" }, points: [[0, 46]] },
      { labels: { ...sim, loop: "direct_to_chip" }, points: [[0, 42]] },
    ]);
    const c = loopTemperatureChart(supply, ret);
    expect(c.lines.map((l) => l.name)).toEqual([
      "Primary · liquid immersion supply",
      "Primary · liquid immersion return",
      "Secondary · direct-to-chip supply",
      "Secondary · direct-to-chip return",
    ]);
    expect([...c.dashed]).toEqual(["s1", "s3"]);
    expect(c.colorIndex).toEqual([0, 0, 1, 1]);
    expect(latestDeltaT(supply, ret).map((d) => [d.loop, d.deltaT])).toEqual([
      ["immersion", 8],
      ["direct_to_chip", 10],
    ]);
  });

  it("draws small flows in L/min", () => {
    const c = flowChart(
      q("coolant_flow_liters_per_second", [{ labels: { ...sim, loop: "immersion" }, points: [[0, 0.02]] }]),
    );
    expect(c.unit.label).toBe("L/min");
    expect(c.rows[0]!.s0).toBeCloseTo(1.2);
  });

  it("turns the water counter into litres per bucket, across a reset", () => {
    const w = waterPerBucket(
      q("water_usage_liters_total", [
        {
          labels: sim,
          points: [
            [0, 10],
            [1, 12],
            [2, null],
            [3, 15],
            [4, 1],
          ],
        },
      ]),
    );
    expect(w).toEqual([
      [0, null],
      [1, 2],
      [2, null],
      [3, 3],
      [4, 1],
    ]);
  });

  it("detects simulated data", () => {
    expect(anySimulated([q("x", [{ labels: sim, points: [] }])])).toBe(true);
    expect(anySimulated([q("x", [{ labels: { site: "a" }, points: [] }]), undefined])).toBe(false);
  });
});

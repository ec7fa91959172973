import { describe, expect, it } from "vitest";
import { filterSeries, heatStrip, topN } from "./fleet";
import type { Series } from "./types";

const gpu = (i: number, values: (number | null)[]): Series => ({
  labels: { host: "h", gpu: String(i) },
  points: values.map((v, k) => [k * 1000, v]),
});

describe("fleet views", () => {
  const fleet = Array.from({ length: 64 }, (_, i) => gpu(i, [40 + (i % 7), null, 40 + (i % 13)]));

  it("ranks the hottest GPUs by peak, stable on ties", () => {
    const top = topN(fleet, 3);
    expect(top.map((g) => [g.name, g.value])).toEqual([
      ["h/12", 52],
      ["h/25", 52],
      ["h/38", 52],
    ]);
    expect(topN([gpu(0, [null])], 5)).toEqual([]);
  });

  it("ranks by last value when asked", () => {
    expect(topN([gpu(0, [90, 10]), gpu(1, [50, 60])], 1, "last")[0]!.name).toBe("h/1");
  });

  it("lays 64 GPUs out as rows hottest first with a shared scale", () => {
    const strip = heatStrip(fleet);
    expect(strip.rows).toHaveLength(64);
    expect(strip.times).toEqual([0, 1000, 2000]);
    expect(strip.rows[0]!.peak).toBe(52);
    expect(strip.rows[0]!.values[1]).toBeNull();
    expect([strip.min, strip.max]).toEqual([40, 52]);
  });

  it("filters to a focused GPU", () => {
    expect(filterSeries(fleet, { gpu: "5" })).toHaveLength(1);
    expect(filterSeries(fleet, null)).toHaveLength(64);
  });
});

import { describe, expect, it } from "vitest";
import { PointBatch, type SeriesRef, seriesKey } from "./batch";

describe("PointBatch.seriesFor", () => {
  const labels = { gpu: "0", host: "n1" };
  const key = seriesKey("gpu_temperature_celsius", labels);

  it("finds a series through its ref in the batch being built, and by key without one", () => {
    const ref: SeriesRef = { key };
    const a = new PointBatch();
    const i = a.seriesFor("gpu_temperature_celsius", labels, "gauge", null, key, ref);
    expect(a.seriesFor("gpu_temperature_celsius", labels, "gauge", null, key, ref)).toBe(i);
    expect(a.seriesFor("gpu_temperature_celsius", { host: "n1", gpu: "0" }, "gauge", null)).toBe(i);
    // The same ref in a new batch starts over there.
    const b = new PointBatch();
    b.seriesFor("gpu_power_watts", labels, "gauge", null);
    expect(b.seriesFor("gpu_temperature_celsius", labels, "gauge", null, key, ref)).toBe(1);
    expect(b.series).toHaveLength(2);
    expect(a.series).toHaveLength(1);
  });

  it("does not add a series twice when it came first without its ref", () => {
    const b = new PointBatch();
    const i = b.seriesFor("gpu_temperature_celsius", labels, "gauge", null);
    expect(b.seriesFor("gpu_temperature_celsius", labels, "gauge", null, key, { key })).toBe(i);
    expect(b.series).toHaveLength(1);
  });

  it("shares one SeriesDef per ref across batches while the series means the same", () => {
    const ref: SeriesRef = { key };
    const a = new PointBatch();
    const b = new PointBatch();
    a.seriesFor("gpu_temperature_celsius", labels, "gauge", null, key, ref);
    b.seriesFor("gpu_temperature_celsius", labels, "gauge", null, key, ref);
    expect(b.series[0]).toBe(a.series[0]);
    // Named differently (another kind): its own definition, the first batch's is untouched.
    const c = new PointBatch();
    c.seriesFor("gpu_temperature_celsius", labels, "counter", "cumulative", key, ref);
    expect(c.series[0]).not.toBe(a.series[0]);
    expect([a.series[0]!.kind, c.series[0]!.kind]).toEqual(["gauge", "counter"]);
  });
});

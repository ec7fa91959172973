import { describe, expect, it } from "vitest";
import {
  coarsen,
  displayBounds,
  fromCumulative,
  heatmapFromSteps,
  mergeHistograms,
  orderStatisticQuantile,
  quantileFromBuckets,
} from "./histogram";

describe("quantileFromBuckets", () => {
  // The OTLP example of the research notes: bounds 0.1 0.5 1 2 5, 500 observations.
  const h = { bounds: [0.1, 0.5, 1, 2, 5], counts: [120, 290, 60, 20, 8, 2] };

  it("interpolates inside the bucket that holds the rank, as Prometheus does", () => {
    // rank 250 lies in (0.1, 0.5]: 130 of its 290 → 0.1 + 0.4 × 130/290
    expect(quantileFromBuckets(h, 0.5)).toBeCloseTo(0.1 + (0.4 * 130) / 290, 10);
    // rank 475 lies in (1, 2]: cumulative before 470, 5 of 20 → 1.25
    expect(quantileFromBuckets(h, 0.95)).toBeCloseTo(1.25, 10);
  });

  it("interpolates the first bucket from zero", () => {
    expect(quantileFromBuckets({ bounds: [1, 2], counts: [10, 0, 0] }, 0.5)).toBeCloseTo(0.5, 10);
  });

  it("caps at the highest finite bound when the rank falls in +Inf", () => {
    expect(quantileFromBuckets({ bounds: [1, 2], counts: [0, 1, 9] }, 0.99)).toBe(2);
  });

  it("skips empty buckets at the rank boundary", () => {
    // rank 5 reached exactly at the end of bucket 0; the next empty bucket must not be chosen
    expect(quantileFromBuckets({ bounds: [1, 2, 4], counts: [5, 0, 5, 0] }, 0.5)).toBe(1);
  });

  it("returns null without observations and rejects a bad quantile", () => {
    expect(quantileFromBuckets({ bounds: [1], counts: [0, 0] }, 0.5)).toBeNull();
    expect(() => quantileFromBuckets(h, 1.5)).toThrow(RangeError);
  });
});

describe("bucket helpers", () => {
  it("turns cumulative le counts into per-bucket counts", () => {
    expect(fromCumulative([120, 410, 470, 490, 498, 500])).toEqual([120, 290, 60, 20, 8, 2]);
  });
  it("merges histograms with equal bounds only", () => {
    expect(
      mergeHistograms([
        { bounds: [1], counts: [1, 2] },
        { bounds: [1], counts: [3, 4] },
      ]),
    ).toEqual({
      bounds: [1],
      counts: [4, 6],
    });
    expect(
      mergeHistograms([
        { bounds: [1], counts: [1, 2] },
        { bounds: [2], counts: [3, 4] },
      ]),
    ).toBeNull();
  });
});

describe("heatmapFromSteps", () => {
  it("emits one cell per non-empty bucket and step with intensities against the max", () => {
    const map = heatmapFromSteps([
      { t: 0, histogram: { bounds: [0.5, 1], counts: [2, 0, 1] } },
      { t: 10, histogram: { bounds: [0.5, 1], counts: [0, 4, 0] } },
      { t: 20, histogram: { bounds: [0.3], counts: [9, 9] } }, // other bounds: dropped
    ]);
    expect(map.times).toEqual([0, 10]);
    expect(map.maxCount).toBe(4);
    expect(map.cells).toEqual([
      { t: 0, bucket: 0, lower: 0, upper: 0.5, count: 2, intensity: 0.5 },
      { t: 0, bucket: 2, lower: 1, upper: null, count: 1, intensity: 0.25 },
      { t: 10, bucket: 1, lower: 0.5, upper: 1, count: 4, intensity: 1 },
    ]);
    expect(map.bucketLabels).toEqual(["0m–500m s", "500m–1 s", "> 1 s"]);
  });
});

describe("coarsening fine histograms for display", () => {
  const fine = { bounds: [0.1, 0.2, 0.3, 0.4, 0.5, 1, 2], counts: [0, 0, 3, 1, 0, 2, 0, 0] };
  it("merges buckets into kept bounds without moving counts across a bound", () => {
    expect(coarsen(fine, [0.2, 0.5, 2])).toEqual({ bounds: [0.2, 0.5, 2], counts: [0, 4, 2, 0] });
  });
  it("chooses few bounds around the data", () => {
    // data lives in buckets 2..5 (0.2–1 s): keep bounds from 0.2 to 1
    const keep = displayBounds([fine], 3);
    expect(keep[0]).toBe(0.2);
    expect(keep.at(-1)).toBe(1);
    expect(keep.length).toBeLessThanOrEqual(4);
    const c = coarsen(fine, keep);
    expect(c.counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(c.counts[0]).toBe(0); // nothing at or below 0.2
  });
});

describe("orderStatisticQuantile", () => {
  it("gives the sample median of an even count: the mean of the two middle values", () => {
    // 8 observations, one per narrow bucket; middle ones in (3.8,3.9] and (6.1,6.2]
    const h = {
      bounds: [1, 1.5, 3.4, 3.5, 3.8, 3.9, 6.1, 6.2, 7, 13, 16],
      counts: [0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0],
    };
    expect(orderStatisticQuantile(h, 0.5)).toBeCloseTo((3.85 + 6.15) / 2, 10);
    // Prometheus' rank q·n lands on the 4th value's bucket instead
    expect(quantileFromBuckets(h, 0.5)).toBeCloseTo(3.9, 10);
  });
  it("agrees with quantileFromBuckets on many observations and handles edges", () => {
    const h = { bounds: [0.1, 0.5, 1, 2, 5], counts: [120, 290, 60, 20, 8, 2] };
    expect(Math.abs(orderStatisticQuantile(h, 0.5)! - quantileFromBuckets(h, 0.5)!)).toBeLessThan(0.002);
    expect(orderStatisticQuantile({ bounds: [1], counts: [0, 3] }, 0.5)).toBe(1);
    expect(orderStatisticQuantile({ bounds: [1], counts: [0, 0] }, 0.5)).toBeNull();
    expect(orderStatisticQuantile({ bounds: [2], counts: [1, 0] }, 0)).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { bucketEnergy, counterIncrease, pairedBucketEnergy, sumSeries, trapezoidEnergy } from "./energy";

describe("bucketEnergy", () => {
  it("integrates bucket averages and clips partial edge buckets", () => {
    // 1 kW for buckets at 0 and 10 s; the range starts 5 s into the first bucket.
    const r = bucketEnergy(
      [
        [0, 1000],
        [10_000, 1000],
      ],
      10_000,
      5_000,
      20_000,
    );
    expect(r.joules).toBeCloseTo(15_000);
    expect(r.coveredMs).toBe(15_000);
  });
  it("skips null buckets instead of counting them as zero power", () => {
    const r = bucketEnergy(
      [
        [0, 500],
        [1000, null],
      ],
      1000,
      0,
      2000,
    );
    expect(r).toEqual({ joules: 500, coveredMs: 1000 });
  });
});

describe("pairedBucketEnergy", () => {
  it("counts only buckets where both series have data", () => {
    const fac = [
      [0, 1200],
      [1000, 1300],
      [2000, 1400],
    ] as const;
    const it_ = [
      [0, 1000],
      [1000, null],
      [2000, 1000],
    ] as const;
    const r = pairedBucketEnergy(fac, it_, 1000, 0, 4000);
    expect(r.aJoules).toBeCloseTo(2600);
    expect(r.bJoules).toBeCloseTo(2000);
    expect(r.coverage).toBeCloseTo(0.5);
  });
});

describe("trapezoidEnergy", () => {
  it("is exact for a linear ramp, including clipped segments", () => {
    // P(t) = t/1000 W for t in ms over 0..10 s: ∫ from 2 s to 8 s = (8²−2²)/2 = 30 J.
    const pts = Array.from({ length: 11 }, (_, i) => [i * 1000, i] as const);
    const r = trapezoidEnergy(pts, 2500 - 500, 8000, 5000);
    expect(r.joules).toBeCloseTo(30);
    expect(r.coveredMs).toBe(6000);
  });
  it("does not bridge gaps longer than maxGap", () => {
    const r = trapezoidEnergy(
      [
        [0, 100],
        [1000, 100],
        [60_000, 100],
        [61_000, 100],
      ],
      0,
      61_000,
      5000,
    );
    expect(r.joules).toBeCloseTo(200);
    expect(r.coveredMs).toBe(2000);
  });
});

describe("counterIncrease", () => {
  it("differences a counter and handles a reset", () => {
    const r = counterIncrease([
      [0, 100],
      [1, 150],
      [2, null],
      [3, 180],
      [4, 20], // reset: restarted from 0
      [5, 50],
    ]);
    expect(r.increase).toBe(80 + 20 + 30);
    expect(r.resets).toBe(1);
    expect(r.samples).toBe(5);
  });
});

describe("sumSeries", () => {
  it("adds point-wise and keeps all-null buckets null", () => {
    expect(
      sumSeries([
        [
          [0, 1],
          [1, null],
          [2, 3],
        ],
        [
          [0, 10],
          [1, null],
          [3, 5],
        ],
      ]),
    ).toEqual([
      [0, 11],
      [1, null],
      [2, 3],
      [3, 5],
    ]);
  });
});

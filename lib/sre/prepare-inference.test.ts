import { describe, expect, it } from "vitest";
import { quantileFromBuckets } from "@/components/charts/prepare/histogram";
import {
  bucketSummary,
  efficiency,
  energyPerStep,
  HEATMAP_ROWS,
  histogramsFromBuckets,
  latencyHeatmap,
  quantileLines,
} from "./prepare-inference";

describe("histogramsFromBuckets", () => {
  it("rebuilds per-step histograms from le series (cumulative over le)", () => {
    const steps = histogramsFromBuckets({
      series: [
        {
          labels: { le: "+Inf" },
          points: [
            [0, 10],
            [60_000, 0],
          ],
        },
        {
          labels: { le: "0.5" },
          points: [
            [0, 4],
            [60_000, 0],
          ],
        },
        {
          labels: { le: "1" },
          points: [
            [0, 9],
            [60_000, null],
          ],
        },
      ],
    });
    expect(steps).toEqual([
      { t: 0, histogram: { bounds: [0.5, 1], counts: [4, 5, 1] } },
      { t: 60_000, histogram: { bounds: [0.5, 1], counts: [0, 0, 0] } },
    ]);
    // an empty step keeps its place with zero counts
    expect(histogramsFromBuckets({ series: [{ labels: { le: "1" }, points: [[0, null]] }] })).toEqual([
      { t: 0, histogram: { bounds: [1], counts: [0, 0] } },
    ]);
    expect(quantileFromBuckets(steps[0]!.histogram, 0.5)).toBeCloseTo(0.5 + 0.5 * (1 / 5), 10);
  });

  it("adds series of several models and tolerates a missing +Inf", () => {
    const [step] = histogramsFromBuckets({
      series: [
        { labels: { le: "1", model: "a" }, points: [[0, 2]] },
        { labels: { le: "1", model: "b" }, points: [[0, 3]] },
        { labels: { le: "2", model: "a" }, points: [[0, 2]] },
        { labels: { le: "2", model: "b" }, points: [[0, 4]] },
      ],
    });
    expect(step!.histogram).toEqual({ bounds: [1, 2], counts: [5, 1, 0] });
  });
});

describe("energy and efficiency", () => {
  const power = {
    series: [
      {
        labels: { gpu: "0" },
        points: [
          [0, 100],
          [10_000, 700],
        ] as [number, number | null][],
      },
      {
        labels: { gpu: "1" },
        points: [
          [0, 100],
          [10_000, null],
        ] as [number, number | null][],
      },
    ],
  };

  it("integrates average power when there is no energy counter", () => {
    const e = energyPerStep(null, power, 10_000);
    expect(e).toEqual({
      source: "power-integral",
      points: [
        [0, 2000],
        [10_000, 7000],
      ],
    });
  });

  it("prefers the energy counter's increase", () => {
    const counter = {
      series: [
        {
          labels: {},
          points: [
            [0, 1500],
            [10_000, 6000],
          ] as [number, number | null][],
        },
      ],
    };
    expect(energyPerStep(counter, power, 10_000).source).toBe("energy-counter");
  });

  it("divides tokens by energy per step and over the range", () => {
    const e = energyPerStep(null, power, 10_000);
    const eff = efficiency(
      {
        series: [
          {
            labels: {},
            points: [
              [0, 1000],
              [10_000, 14_000],
              [20_000, 50],
            ],
          },
        ],
      },
      e,
      10_000,
    );
    // a trailing window of 30 s (3 steps): step 10 s counts steps 0 and 1; step 20 s has no energy
    expect(eff.perStep).toEqual([
      [0, 0.5],
      [10_000, 15_000 / 9000],
      [20_000, null],
    ]);
    expect(eff.tokens).toBe(15_050);
    expect(eff.joules).toBe(9000);
    // the 50 tokens of a step without energy are left out of the ratio
    expect(eff.tokensPerJoule).toBeCloseTo(15_000 / 9000, 10);
    expect(eff.tokensPerSecond[0]).toEqual([0, 100]);
  });
});

describe("one bucket query → lines and summary", () => {
  const buckets = {
    series: [
      {
        labels: { le: "1", model: "a" },
        points: [
          [0, 1],
          [10, 0],
          [20, 3],
        ] as [number, number | null][],
      },
      {
        labels: { le: "2", model: "a" },
        points: [
          [0, 2],
          [10, 0],
          [20, 3],
        ] as [number, number | null][],
      },
      {
        labels: { le: "+Inf", model: "a" },
        points: [
          [0, 2],
          [10, 0],
          [20, 4],
        ] as [number, number | null][],
      },
    ],
  };
  it("derives per-step percentile lines (null where a step has no requests)", () => {
    const [p50, p99] = quantileLines(buckets, [0.5, 0.99]);
    expect(p50).toEqual([
      [0, 1],
      [10, null],
      [20, 2 / 3],
    ]);
    expect(p99![0]).toEqual([0, 1 + 0.98]);
    expect(p99![2]).toEqual([20, 2]); // rank in +Inf → highest finite bound
  });
  it("summarises the whole range from all steps' buckets", () => {
    const s = bucketSummary(buckets);
    expect(s.count).toBe(6);
    expect(s.p50).toBeGreaterThan(0);
    expect(s.p50).toBeLessThanOrEqual(1);
    expect(bucketSummary({ series: [] })).toEqual({ count: 0, p50: null, p95: null, p99: null });
  });
});

describe("latencyHeatmap", () => {
  // 40 fine buckets (0.1 s … 4 s), requests only in 0.3–0.5 s and 2–2.2 s; two models added up.
  const bounds = Array.from({ length: 40 }, (_, i) => +((i + 1) / 10).toFixed(1));
  const series = (model: string, at: Record<number, number[]>) =>
    [...bounds.map(String), "+Inf"].map((le) => ({
      labels: { le, model },
      points: Object.entries(at).map(([t, values]) => {
        const bound = le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
        return [Number(t), values.filter((v) => v <= bound).length] as [number, number | null];
      }),
    }));
  const map = latencyHeatmap({
    series: [...series("a", { 0: [0.35, 2.1], 10: [] }), ...series("b", { 0: [0.45] })],
  });

  it("keeps only rows around the data, at most the display row count", () => {
    expect(map.bucketLabels.length).toBeLessThanOrEqual(HEATMAP_ROWS + 1);
    expect(map.bucketLabels.length).toBeLessThan(bounds.length);
  });
  it("sends cells only where requests are, and loses none of them", () => {
    expect(map.cells.every((c) => c.count > 0 && c.t === 0)).toBe(true);
    expect(map.cells.reduce((a, c) => a + c.count, 0)).toBe(3);
    expect(map.times).toEqual([0, 10]);
    // every count sits in a display bucket that really contains its value
    const slow = map.cells.find((c) => c.upper !== null && c.lower < 2.1 && c.upper >= 2.1);
    expect(slow?.count).toBe(1);
    // JSON round trip keeps it whole (no Infinity)
    expect(JSON.parse(JSON.stringify(map))).toEqual(map);
  });
});

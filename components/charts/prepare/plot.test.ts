import { describe, expect, it } from "vitest";
import { dotsPath, linePath, niceScale, niceStep, scaler, timeTicks, yScale } from "./plot";
import { toChartData } from "./series";

describe("niceScale", () => {
  it("rounds the domain out to round ticks", () => {
    expect(niceStep(8.75)).toBe(10);
    expect(niceStep(0.3)).toBe(0.5);
    expect(niceStep(22)).toBe(25);
    expect(niceScale(35, 62)).toEqual({ domain: [30, 70], ticks: [30, 40, 50, 60, 70] });
    expect(niceScale(0, 100)).toEqual({ domain: [0, 100], ticks: [0, 25, 50, 75, 100] });
    // no float noise in tick values
    expect(niceScale(0, 0.7).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });
  it("keeps the tick count near the target and covers the data", () => {
    for (const [lo, hi] of [
      [0.013, 17.1],
      [71, 698.66],
      [345e6, 1980e6],
      [-3, 4],
    ] as const) {
      const s = niceScale(lo, hi);
      expect(s.domain[0]).toBeLessThanOrEqual(lo);
      expect(s.domain[1]).toBeGreaterThanOrEqual(hi);
      expect(s.ticks.length).toBeGreaterThanOrEqual(3);
      expect(s.ticks.length).toBeLessThanOrEqual(6);
    }
  });
  it("gives a flat or empty series room around it", () => {
    const flat = niceScale(700, 700);
    expect(flat.domain[0]).toBeLessThan(700);
    expect(flat.domain[1]).toBeGreaterThan(700);
    expect(niceScale(0, 0).domain).toEqual([-1, 1]);
    expect(niceScale(Number.NaN, 1).domain).toEqual([0, 1]);
  });
});

describe("yScale", () => {
  const data = toChartData({
    unit: "celsius",
    series: [
      {
        labels: {},
        points: [
          [0, 35],
          [1, null],
          [2, 52],
        ],
      },
    ],
  });
  it("covers every value and every limit line", () => {
    expect(yScale(data)).toEqual({ domain: [35, 55], ticks: [35, 40, 45, 50, 55] });
    expect(yScale(data, { thresholds: [70] }).domain).toEqual([30, 70]);
  });
  it("keeps a fixed domain unless the data leaves it", () => {
    expect(yScale(data, { domain: [0, 100] })).toEqual({ domain: [0, 100], ticks: [0, 25, 50, 75, 100] });
    expect(yScale(data, { domain: [0, 50] }).domain[1]).toBeGreaterThanOrEqual(52);
    expect(yScale(data, { domain: [0, "auto"] }).domain[0]).toBe(0);
  });
});

describe("timeTicks", () => {
  const at = (hms: string) => Date.parse(`2026-11-26T${hms}Z`);
  it("puts ticks on round UTC minutes inside the range, away from its edges", () => {
    expect(timeTicks(at("06:22:00"), at("06:29:00"))).toEqual(
      ["06:23", "06:24", "06:25", "06:26", "06:27", "06:28"].map((m) => at(`${m}:00`)),
    );
  });
  it("never returns more than maxTicks", () => {
    for (const span of [45_000, 3_600_000, 86_400_000, 7 * 86_400_000, 90 * 86_400_000]) {
      const ticks = timeTicks(at("06:22:13"), at("06:22:13") + span, 5);
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.length).toBeLessThanOrEqual(5);
    }
    expect(timeTicks(5, 5)).toEqual([]);
  });
});

describe("line geometry", () => {
  const rows = [
    { t: 0, s0: 0 },
    { t: 10, s0: 10 },
    { t: 20, s0: null },
    { t: 30, s0: 5 },
    { t: 40, s0: 10 },
  ];
  const x = scaler(0, 40);
  const y = scaler(0, 10, true);
  it("breaks the line where a value is missing instead of bridging the gap", () => {
    expect(linePath(rows, "s0", x, y)).toBe("M0 1000L250 0M750 500L1000 0");
  });
  it("draws one round dot per value", () => {
    expect(dotsPath(rows, "s0", x, y)).toBe("M0 1000h0M250 0h0M750 500h0M1000 0h0");
  });
});

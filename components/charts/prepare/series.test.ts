import { describe, expect, it } from "vitest";
import { csvFileName, seriesToCsv } from "./csv";
import {
  dataExtent,
  displayUnit,
  formatValue,
  hasValues,
  lastValue,
  maxValue,
  peakPoint,
  toChartData,
} from "./series";

describe("toChartData", () => {
  it("aligns series on time, scales to the display unit and keeps gaps as null", () => {
    const data = toChartData({
      unit: "ratio",
      series: [
        {
          labels: { gpu: "0" },
          points: [
            [1000, 0.5],
            [2000, null],
          ],
        },
        { labels: { gpu: "1" }, points: [[2000, 1]] },
      ],
    });
    expect(data.unit.label).toBe("%");
    expect(data.lines.map((l) => l.name)).toEqual(["gpu=0", "gpu=1"]);
    expect(data.rows).toEqual([
      { t: 1000, s0: 50, s1: null },
      { t: 2000, s0: null, s1: 100 },
    ]);
  });

  it("formats values with units and a dash for missing ones", () => {
    expect(formatValue(61.99, displayUnit("celsius"))).toBe("62.0 °C");
    expect(formatValue(2 ** 31, displayUnit("bytes"))).toBe("2.00 GiB");
    expect(formatValue(null, "W")).toBe("—");
  });
});

describe("series readouts", () => {
  const s = {
    labels: {},
    points: [
      [0, 3],
      [1, 9],
      [2, 4],
      [3, null],
    ] as [number, number | null][],
  };
  it("finds last, max and extent", () => {
    expect(lastValue(s)).toEqual({ atMs: 2, value: 4 });
    expect(maxValue(s)).toEqual({ atMs: 1, value: 9 });
    expect(dataExtent({ series: [s] })).toEqual({ fromMs: 0, toMs: 2 });
    expect(dataExtent({ series: [] })).toBeNull();
    expect(hasValues({ series: [{ labels: {}, points: [[0, null]] }] })).toBe(false);
  });
});

describe("CSV export", () => {
  it("writes long-form rows with exact values and quoted labels", () => {
    const csv = seriesToCsv([
      {
        metric: "gpu_power_watts",
        unit: "watts",
        series: [
          {
            labels: { host: "a,b", gpu: "0" },
            points: [
              [Date.UTC(2026, 10, 26, 6, 22, 27), 77.91],
              [Date.UTC(2026, 10, 26, 6, 22, 28), null],
            ],
          },
        ],
      },
    ]);
    expect(csv.split("\r\n")).toEqual([
      "time_utc,time_ms,metric,gpu,host,value,unit",
      `2026-11-26T06:22:27.000Z,${Date.UTC(2026, 10, 26, 6, 22, 27)},gpu_power_watts,0,"a,b",77.91,watts`,
      `2026-11-26T06:22:28.000Z,${Date.UTC(2026, 10, 26, 6, 22, 28)},gpu_power_watts,0,"a,b",,watts`,
      "",
    ]);
    expect(csvFileName("GPU temperature", Date.UTC(2026, 10, 26, 6, 22, 27))).toBe(
      "gpu-temperature-20261126T062227Z.csv",
    );
  });
});

describe("peakPoint", () => {
  it("finds the highest value across series with its time and labels", () => {
    const r = {
      series: [
        {
          labels: { gpu: "0" },
          points: [
            [1, 40],
            [2, null],
          ] as [number, number | null][],
        },
        {
          labels: { gpu: "1" },
          points: [
            [1, 62],
            [2, 55],
          ] as [number, number | null][],
        },
      ],
    };
    expect(peakPoint(r)).toEqual({ value: 62, atMs: 1, labels: { gpu: "1" } });
    expect(peakPoint({ series: [] })).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { spanOf, stepFor, sumSteps } from "./telemetry-math";

describe("telemetry step helpers", () => {
  it("picks whole-second nice steps", () => {
    expect(stepFor(6 * 60_000, 2000)).toBe(1000);
    expect(stepFor(7 * 86_400_000, 500)).toBe(1_800_000);
    expect(stepFor(400 * 86_400_000, 10)).toBe(40 * 86_400_000);
  });
  it("sums series step by step, keeping all-null steps null", () => {
    expect(
      sumSteps([
        [
          [0, 1],
          [10, null],
          [20, null],
        ],
        [
          [0, 2],
          [10, 3],
          [20, null],
        ],
      ]),
    ).toEqual([
      [0, 3],
      [10, 3],
      [20, null],
    ]);
  });
  it("finds the span with data, clipped to the window", () => {
    const pts: [number, number | null][] = [
      [0, null],
      [100, 5],
      [200, 6],
      [300, null],
    ];
    expect(spanOf([pts], 100, { fromMs: 0, toMs: 1000 })).toEqual({ fromMs: 100, toMs: 300 });
    expect(spanOf([pts], 100, { fromMs: 150, toMs: 250 })).toEqual({ fromMs: 150, toMs: 250 });
    expect(spanOf([[[0, null]]], 100, { fromMs: 0, toMs: 1000 })).toBeNull();
  });
});

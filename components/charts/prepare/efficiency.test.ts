import { describe, expect, it } from "vitest";
import {
  energyFromAvgPower,
  integratePower,
  perSecond,
  sumPoints,
  total,
  trailingRate,
  trailingRatio,
} from "./efficiency";
import type { Point } from "./types";

describe("energy and tokens per joule", () => {
  it("turns average power per step into joules per step", () => {
    expect(
      energyFromAvgPower(
        [
          [0, 500],
          [10_000, null],
        ],
        10_000,
      ),
    ).toEqual([
      [0, 5000],
      [10_000, null],
    ]);
  });

  it("integrates power with trapezoids, interpolating the range edges", () => {
    // 100 W → 300 W linearly over 2 s: 400 J; half of it (0.5..1.5 s) 200 J
    const s: [number, number][] = [
      [0, 100],
      [1000, 200],
      [2000, 300],
    ];
    expect(integratePower(s, 0, 2000)).toBeCloseTo(400, 9);
    expect(integratePower(s, 500, 1500)).toBeCloseTo(200, 9);
    expect(integratePower([], 0, 1)).toBeNull();
  });

  it("divides tokens by energy over a trailing window, never by missing energy", () => {
    const tokens: Point[] = [
      [0, 1000],
      [1, null],
      [2, 50],
      [3, 10],
    ];
    const joules: Point[] = [
      [0, 500],
      [1, 100],
      [2, null],
      [3, 400],
    ];
    expect(trailingRatio(tokens, joules, 1, 1)).toEqual([
      [0, 2],
      [1, 0],
      [2, null],
      [3, 10 / 400],
    ]);
    // window of 3 steps: step 3 sums steps 1..3 but leaves out step 2 (energy unknown)
    expect(trailingRatio(tokens, joules, 1, 3)[3]).toEqual([3, 10 / 500]);
  });

  it("averages spiky counters over a trailing window, zero between samples, null outside", () => {
    const perStep: Point[] = [
      [0, null],
      [10, 300],
      [20, null],
      [30, 0],
      [40, 600],
      [50, null],
    ];
    expect(trailingRate(perStep, 10_000, 30_000)).toEqual([
      [0, null],
      [10, 30],
      [20, 15],
      [30, 10],
      [40, 20],
      [50, null],
    ]);
  });

  it("sums aligned lists and converts amounts to rates", () => {
    expect(
      sumPoints([
        [
          [0, 1],
          [1, null],
        ],
        [
          [0, 2],
          [1, null],
        ],
      ]),
    ).toEqual([
      [0, 3],
      [1, null],
    ]);
    expect(
      total([
        [0, 1],
        [1, null],
        [2, 2],
      ]),
    ).toBe(3);
    expect(perSecond([[0, 50]], 5000)).toEqual([[0, 10]]);
  });
});

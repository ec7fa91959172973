import { describe, expect, it } from "vitest";
import {
  energyFromAvgPower,
  integratePower,
  perSecond,
  sumPoints,
  tokensPerJoule,
  total,
} from "./efficiency";

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

  it("divides tokens by energy per step, unknown where energy is missing", () => {
    expect(
      tokensPerJoule(
        [
          [0, 1000],
          [1, 0],
          [2, 50],
        ],
        [
          [0, 500],
          [1, 100],
          [2, null],
        ],
      ),
    ).toEqual([
      [0, 2],
      [1, 0],
      [2, null],
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

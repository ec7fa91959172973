import { describe, expect, it } from "vitest";
import { resolutionFor, windowSegments } from "./query-window";

const M = 60_000;
const H = 60 * M;

describe("resolutionFor", () => {
  it("picks the coarsest tier whose grain divides the step", () => {
    expect(resolutionFor(15_000)).toBe("raw");
    expect(resolutionFor(90_000)).toBe("raw");
    expect(resolutionFor(M)).toBe("1m");
    expect(resolutionFor(2 * M)).toBe("1m");
    expect(resolutionFor(5 * M)).toBe("5m");
    expect(resolutionFor(30 * M)).toBe("5m");
    expect(resolutionFor(H)).toBe("1h");
    expect(resolutionFor(24 * H)).toBe("1h");
  });
});

describe("windowSegments", () => {
  it("serves whole buckets from the tier and the edges from finer tiers, down to raw", () => {
    const lo = 6 * H + 3 * M + 10_000; // 06:03:10
    const hi = 8 * H + 7 * M + 20_000; // 08:07:20
    expect(windowSegments(lo, hi, "1h")).toEqual([
      { res: "raw", lo, hi: 6 * H + 4 * M },
      { res: "1m", lo: 6 * H + 4 * M, hi: 6 * H + 5 * M },
      { res: "5m", lo: 6 * H + 5 * M, hi: 7 * H },
      { res: "1h", lo: 7 * H, hi: 8 * H },
      { res: "5m", lo: 8 * H, hi: 8 * H + 5 * M },
      { res: "1m", lo: 8 * H + 5 * M, hi: 8 * H + 7 * M },
      { res: "raw", lo: 8 * H + 7 * M, hi },
    ]);
  });

  it("covers the window exactly once, aligned or not", () => {
    for (const [lo, hi] of [
      [0, H],
      [M, 3 * M],
      [12_345, 12_346],
      [59_999, 5 * M + 1],
    ] as const) {
      for (const res of ["raw", "1m", "5m", "1h"] as const) {
        const s = windowSegments(lo, hi, res);
        expect(s[0]!.lo).toBe(lo);
        expect(s.at(-1)!.hi).toBe(hi);
        for (let i = 1; i < s.length; i++) expect(s[i]!.lo).toBe(s[i - 1]!.hi);
      }
    }
    expect(windowSegments(M, 3 * M, "1h")).toEqual([{ res: "1m", lo: M, hi: 3 * M }]);
    expect(windowSegments(5, 5, "1m")).toEqual([]);
  });
});

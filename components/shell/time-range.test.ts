import { describe, expect, it } from "vitest";
import { chooseStepMs, durationMs, parseTimeRange } from "./time-range";

const params = (o: Record<string, string>) => new URLSearchParams(o);

describe("time range", () => {
  it("defaults to the last hour", () => {
    const r = parseTimeRange(params({}), 10_000_000);
    expect(r).toMatchObject({
      preset: "1h",
      toMs: 10_000_000,
      fromMs: 10_000_000 - 3_600_000,
      refresh: "off",
    });
  });
  it("reads presets, absolute ranges and refresh", () => {
    expect(parseTimeRange(params({ range: "7d" }), 0).fromMs).toBe(-7 * 86_400_000);
    const abs = parseTimeRange(params({ from: "2026-11-26T06:22:00Z", to: "1795674500000", refresh: "30s" }));
    expect(abs).toMatchObject({
      preset: null,
      fromMs: Date.parse("2026-11-26T06:22:00Z"),
      toMs: 1795674500000,
    });
    expect(abs.refresh).toBe("30s");
  });
  it("ignores junk", () => {
    expect(parseTimeRange(params({ range: "2y", from: "x", refresh: "always" })).preset).toBe("1h");
    expect(durationMs("10q")).toBeNull();
  });
  it("keeps charts near 300 points", () => {
    expect(chooseStepMs(3_600_000)).toBe(15_000);
    expect(chooseStepMs(30 * 86_400_000)).toBe(10_800_000);
    expect(chooseStepMs(60_000)).toBe(1000);
  });
});

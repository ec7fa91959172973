import { describe, expect, it } from "vitest";
import { currentRun, hasBit, heldFor, lastSeenMs } from "./conditions";
import { DEFAULT_RULES, describeRule, parseRuleParams } from "./rules";

describe("currentRun", () => {
  const opts = { nowMs: 100_000, maxStaleMs: 20_000, maxGapMs: 20_000 };
  const above = (v: number) => v > 70;

  it("finds the run above a threshold that reaches now, with its start and peak", () => {
    const run = currentRun(
      [
        [40_000, 72],
        [55_000, 65],
        [70_000, 71],
        [85_000, 75],
        [100_000, 73],
      ],
      above,
      opts,
    );
    expect(run).toEqual({ startMs: 70_000, lastMs: 100_000, peak: 75 });
    expect(heldFor(run, 45_000, 15_000)).toBe(true);
    expect(heldFor(run, 60_000, 15_000)).toBe(false);
  });

  it("does not fire on stale data, nulls or gaps", () => {
    expect(currentRun([[50_000, 90]], above, opts)).toBeNull(); // last sample 50 s old
    expect(
      currentRun(
        [
          [60_000, 90],
          [85_000, null],
          [100_000, 90],
        ],
        above,
        opts,
      ),
    ).toEqual({
      startMs: 100_000,
      lastMs: 100_000,
      peak: 90,
    });
    expect(
      currentRun(
        [
          [10_000, 90],
          [100_000, 90],
        ],
        above,
        opts,
      )!.startMs,
    ).toBe(100_000);
  });

  it("never fires at 62 °C against 70 °C (the H200 trace's peak)", () => {
    expect(currentRun([[100_000, 62]], above, opts)).toBeNull();
  });
});

describe("bits and freshness", () => {
  it("tests clock-event bits", () => {
    expect(hasBit(0x4, 0x4)).toBe(true);
    expect(hasBit(0x1, 0x4)).toBe(false);
    expect(hasBit(2 ** 40 + 0x4, 0x4)).toBe(true);
  });
  it("finds the last non-null sample", () => {
    expect(
      lastSeenMs([
        [1, 2],
        [5, null],
        [3, 1],
      ]),
    ).toBe(3);
    expect(lastSeenMs([])).toBeNull();
  });
});

describe("rules", () => {
  it("validates params per kind and fills defaults", () => {
    expect(parseRuleParams("gpu_temperature_above", {})).toEqual({ forMinutes: 5 });
    expect(() => parseRuleParams("gpu_temperature_above", { forMinutes: -1 })).toThrow();
    expect(() => parseRuleParams("gpu_throttling", { reason: "bogus" })).toThrow();
    expect(() => parseRuleParams("pue_above", { extra: 1 })).toThrow();
  });
  it("describes every default rule", () => {
    for (const r of DEFAULT_RULES) expect(describeRule(r, 70).length).toBeGreaterThan(10);
    expect(describeRule(DEFAULT_RULES[0]!, 70)).toBe("any GPU above 70 °C for 1 min");
  });
});

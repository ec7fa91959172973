import { describe, expect, it } from "vitest";
import { currentRun, hasBit, heldFor, lastSeenMs } from "./conditions";
import { DEFAULT_RULES, describeRule, parseRuleParams } from "./rules";
import { backoffMs, signPayload, verifySignature } from "./webhook-sign";

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

describe("webhook signing", () => {
  it("signs with HMAC-SHA256 over timestamp and body and verifies", () => {
    const sig = signPayload("s3cret", '{"a":1}', 1_795_674_000);
    expect(sig).toMatch(/^t=1795674000,v1=[0-9a-f]{64}$/);
    expect(verifySignature("s3cret", '{"a":1}', sig, 1_795_674_010)).toBe(true);
    expect(verifySignature("s3cret", '{"a":2}', sig, 1_795_674_010)).toBe(false);
    expect(verifySignature("other", '{"a":1}', sig, 1_795_674_010)).toBe(false);
    expect(verifySignature("s3cret", '{"a":1}', sig, 1_795_675_000)).toBe(false); // too old
  });
  it("backs off exponentially with a cap", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(30)).toBe(3_600_000);
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

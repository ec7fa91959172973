import { describe, expect, it } from "vitest";
import {
  costPerInference,
  energyPer1kTokensWh,
  throughput,
  timeToFirstValueDays,
  uptimePct,
} from "./benchmarks";
import { act, initiatives, MIN, nonFinitePaths, plan } from "./fixtures";
import { MS_PER_MONTH } from "./model";

const value = (f: { ok: boolean; value?: number }) => (f.ok ? f.value : undefined);
const serving = {
  tokens: 1_000_000,
  requests: 100,
  coveredMs: 6 * MIN,
  peakTokensPerSecond: 4000,
  energyKwh: 0.05,
};

describe("factory benchmarks", () => {
  it("throughput = tokens ÷ seconds covered", () => {
    const t = throughput({ ...serving, tokens: 120_000, coveredMs: 60_000 });
    expect(value(t.avgTokensPerSecond)).toBe(2000);
    expect(value(t.peakTokensPerSecond)).toBe(4000);
    expect(throughput(null).avgTokensPerSecond.ok).toBe(false);
  });
  it("energy per 1k tokens: 10 Wh ÷ 20k tokens = 0.5 Wh", () => {
    expect(value(energyPer1kTokensWh({ ...serving, energyKwh: 0.01, tokens: 20_000 }))).toBeCloseTo(0.5, 12);
    expect(energyPer1kTokensWh({ ...serving, energyKwh: 0 }).ok).toBe(false);
    expect(energyPer1kTokensWh({ ...serving, tokens: 0 }).ok).toBe(false);
  });
  it("cost per inference = (energy $0.01 + 6 min of $1,000/month) ÷ requests and tokens", () => {
    const c = costPerInference(serving, { value: 1, basis: "measured" }, plan);
    const total = 0.05 * 1 * 0.2 + (1000 * 6 * MIN) / MS_PER_MONTH;
    expect(value(c.perMillionTokensUsd)).toBeCloseTo(total, 12);
    expect(value(c.perRequestUsd)).toBeCloseTo(total / 100, 12);
    expect(value(c.belowCloudPct)).toBeCloseTo(((10 - total) / 10) * 100, 9);
    const none = costPerInference({ ...serving, tokens: 0 }, null, plan);
    expect(none.perRequestUsd.ok).toBe(false);
    expect(nonFinitePaths(none)).toEqual([]);
    expect(
      costPerInference({ ...serving, requests: null }, { value: 1, basis: "measured" }, plan).perRequestUsd
        .ok,
    ).toBe(false);
  });
  it("uptime = up ÷ observed, or no data", () => {
    expect(value(uptimePct({ upMs: 999_500, observedMs: 1_000_000 }))).toBeCloseTo(99.95, 9);
    expect(uptimePct(null)).toEqual({ ok: false, reason: "no availability data ingested" });
    expect(uptimePct({ upMs: 0, observedMs: 0 }).ok).toBe(false);
  });
  it("time to first value = start → first succeeded action of the initiative", () => {
    const day = 86_400_000;
    const acts = [
      act({ agentId: "A", requestedAtMs: 3 * day }),
      act({ agentId: "A", requestedAtMs: 2 * day }),
      act({ agentId: "A", requestedAtMs: day, outcome: "failed" }),
      act({ agentId: "B", requestedAtMs: day / 2 }),
    ];
    expect(value(timeToFirstValueDays(initiatives[0]!, acts))).toBe(2);
    expect(timeToFirstValueDays(initiatives[0]!, []).ok).toBe(false);
  });
});

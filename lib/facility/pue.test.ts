import { describe, expect, it } from "vitest";
import {
  energyReuse,
  instantaneousRatio,
  meteringCategory,
  nPlusOneStatus,
  preferredMeteringPoint,
  pueFromEnergy,
  pueFromPower,
  waterUsageEffectiveness,
} from "./pue";

describe("pueFromPower", () => {
  it("is the energy ratio, not the mean of instantaneous ratios", () => {
    // Low load (100 W IT, 200 W facility) then high load (1000 W IT, 1100 W facility), 1 s each.
    const facility = [
      [0, 200],
      [1000, 1100],
    ] as const;
    const it_ = [
      [0, 100],
      [1000, 1000],
    ] as const;
    const r = pueFromPower({ facility, it: it_, stepMs: 1000, fromMs: 0, toMs: 2000 });
    expect(r.pue).toBeCloseTo(1300 / 1100, 10);
    const ratios = instantaneousRatio(facility, it_).map(([, v]) => v as number);
    const meanOfRatios = ratios.reduce((s, v) => s + v, 0) / ratios.length;
    expect(meanOfRatios).toBeCloseTo(1.55);
    expect(r.pue).not.toBeCloseTo(meanOfRatios, 2);
    expect(r.coverage).toBe(1);
  });
  it("returns null without IT energy", () => {
    expect(
      pueFromPower({ facility: [[0, 5]], it: [[0, null]], stepMs: 1000, fromMs: 0, toMs: 1000 }).pue,
    ).toBeNull();
    expect(pueFromEnergy(10, 0)).toBeNull();
    expect(pueFromEnergy(11, 10)).toBeCloseTo(1.1);
  });
});

describe("metering categories", () => {
  it("maps metering points to Green Grid categories", () => {
    expect(meteringCategory("ups_output").category).toBe(1);
    expect(meteringCategory("pdu_output").category).toBe(2);
    expect(meteringCategory("it_input").category).toBe(3);
    expect(meteringCategory("somewhere").category).toBeNull();
    expect(preferredMeteringPoint(["ups_output", "it_input", undefined])).toBe("it_input");
    expect(preferredMeteringPoint([null])).toBeNull();
  });
});

describe("ERE, ERF, WUE", () => {
  it("computes reuse metrics and water per IT kWh", () => {
    const { ere, erf } = energyReuse(1200, 1000, 300);
    expect(ere).toBeCloseTo(0.9);
    expect(erf).toBeCloseTo(0.25);
    expect(waterUsageEffectiveness(1.8, 3_600_000 * 2)).toBeCloseTo(0.9);
    expect(waterUsageEffectiveness(1, 0)).toBeNull();
  });
});

describe("nPlusOneStatus", () => {
  const units = (n: number, cap: number, failed: number[] = []) =>
    Array.from({ length: n }, (_, i) => ({ id: `u${i}`, capacityWatts: cap, healthy: !failed.includes(i) }));

  it("ok when one unit can be lost", () => {
    const s = nPlusOneStatus({ loadWatts: 150, units: units(3, 100) });
    expect(s).toMatchObject({ state: "ok", needed: 2, healthy: 3, installed: 3, spare: 1 });
  });
  it("lost when exactly the needed units are healthy", () => {
    const s = nPlusOneStatus({ loadWatts: 150, units: units(3, 100, [2]) });
    expect(s).toMatchObject({ state: "lost", needed: 2, healthy: 2, spare: 0 });
    expect(s.summary).toMatch(/N\+1 lost/);
  });
  it("insufficient when the healthy capacity is below the load", () => {
    const s = nPlusOneStatus({ loadWatts: 250, units: units(3, 100, [0]) });
    expect(s).toMatchObject({ state: "insufficient", needed: 3, healthy: 2 });
  });
  it("needs one unit at zero load and is N+2 with three healthy", () => {
    expect(nPlusOneStatus({ loadWatts: 0, units: units(3, 100) })).toMatchObject({
      state: "ok",
      needed: 1,
      spare: 2,
    });
  });
  it("judges unequal units by losing the largest", () => {
    const s = nPlusOneStatus({
      loadWatts: 120,
      units: [
        { id: "big", capacityWatts: 200, healthy: true },
        { id: "small", capacityWatts: 50, healthy: true },
      ],
    });
    expect(s).toMatchObject({ state: "lost", needed: 1, spare: 1 });
  });
  it("unknown without units", () => {
    expect(nPlusOneStatus({ loadWatts: 10, units: [] }).state).toBe("unknown");
  });
});

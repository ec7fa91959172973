/**
 * PUE and its companions, as pure functions (no database): ISO/IEC 30134-2 PUE, The Green Grid
 * metering categories, ERE/ERF (ISO/IEC 30134-6), WUE (30134-9), and N+1 redundancy status.
 *
 * PUE = facility energy ÷ IT energy over the SAME period — never the average of instantaneous
 * ratios (that over-weights low-load moments, where fixed losses dominate the ratio).
 * The server-side `computePue({fromMs, toMs})` (lib/facility/queries.ts) fetches the series and
 * calls these.
 */
import { JOULES_PER_KWH, type Point, pairedBucketEnergy } from "./energy";

/** The architecture's cooling target. */
export const PUE_TARGET = 1.1;

export type MeteringPoint = "ups_output" | "pdu_output" | "it_input";

/** The Green Grid PUE categories by where IT energy is metered (category 0 = peak kW, not energy). */
export const METERING_CATEGORIES: Record<MeteringPoint, { category: 1 | 2 | 3; label: string }> = {
  ups_output: { category: 1, label: "Category 1 · IT energy at UPS output" },
  pdu_output: { category: 2, label: "Category 2 · IT energy at PDU output" },
  it_input: { category: 3, label: "Category 3 · IT energy at IT equipment input" },
};

export function meteringCategory(point: string | null | undefined) {
  if (point && point in METERING_CATEGORIES) {
    const m = METERING_CATEGORIES[point as MeteringPoint];
    return { meteringPoint: point as MeteringPoint, ...m };
  }
  return { meteringPoint: null, category: null, label: "IT metering point not stated (category unknown)" };
}

/** Prefer the metering point closest to the IT equipment (highest category, most accurate). */
export function preferredMeteringPoint(points: readonly (string | null | undefined)[]): MeteringPoint | null {
  const order: MeteringPoint[] = ["it_input", "pdu_output", "ups_output"];
  return order.find((p) => points.includes(p)) ?? null;
}

export type PueMethod = "energy-counter" | "power-integral";

export type PueResult = {
  fromMs: number;
  toMs: number;
  /** Facility energy ÷ IT energy, or null when it cannot be computed (see `missing`). */
  pue: number | null;
  facilityJoules: number;
  itJoules: number;
  method: PueMethod | null;
  /** Share (0–1) of the period where both facility and IT data exist. */
  coverage: number;
  target: number;
  meteringPoint: MeteringPoint | null;
  category: 1 | 2 | 3 | null;
  categoryLabel: string;
  /** True when any series used carries source="simulator". */
  simulated: boolean;
  /** What is missing when pue is null, in words for the page. */
  missing: string | null;
};

/** PUE from two bucketed power series on the same step grid (integrating power). */
export function pueFromPower(input: {
  facility: readonly Point[];
  it: readonly Point[];
  stepMs: number;
  fromMs: number;
  toMs: number;
}): { pue: number | null; facilityJoules: number; itJoules: number; coverage: number } {
  const e = pairedBucketEnergy(input.facility, input.it, input.stepMs, input.fromMs, input.toMs);
  return {
    pue: ratio(e.aJoules, e.bJoules),
    facilityJoules: e.aJoules,
    itJoules: e.bJoules,
    coverage: e.coverage,
  };
}

/** PUE from energy counter increases over the period. */
export function pueFromEnergy(facilityJoules: number, itJoules: number): number | null {
  return ratio(facilityJoules, itJoules);
}

function ratio(num: number, den: number): number | null {
  return den > 0 && Number.isFinite(num) && num >= 0 ? num / den : null;
}

/** Instantaneous facility/IT ratio per bucket — a diagnostic only, never "the PUE". */
export function instantaneousRatio(facility: readonly Point[], it: readonly Point[]): Point[] {
  const itByT = new Map(it.map(([t, v]) => [t, v] as const));
  return facility.map(([t, f]) => {
    const i = itByT.get(t);
    return [t, f !== null && i !== null && i !== undefined && i > 0 ? f / i : null] as const;
  });
}

/**
 * ERE = (facility − reused) ÷ IT; ERF = reused ÷ facility. Reused energy only counts when it
 * actually left the site for use (the recovery meter), not heat that could have been reused.
 */
export function energyReuse(facilityJoules: number, itJoules: number, reusedJoules: number) {
  return {
    ere: itJoules > 0 ? (facilityJoules - reusedJoules) / itJoules : null,
    erf: facilityJoules > 0 ? reusedJoules / facilityJoules : null,
  };
}

/** WUE = site water (L) ÷ IT energy (kWh). */
export function waterUsageEffectiveness(liters: number, itJoules: number): number | null {
  return itJoules > 0 ? liters / (itJoules / JOULES_PER_KWH) : null;
}

// ---------------------------------------------------------------------------------------------
// N+1 redundancy

export type CoolingUnit = { id: string; capacityWatts: number; healthy: boolean };

export type NPlusOneState = "ok" | "lost" | "insufficient" | "unknown";

export type NPlusOneStatus = {
  state: NPlusOneState;
  loadWatts: number;
  /** Units needed to carry the load (largest healthy units first). */
  needed: number;
  healthy: number;
  installed: number;
  /** Healthy units beyond those needed. */
  spare: number;
  healthyCapacityWatts: number;
  summary: string;
};

/**
 * Redundancy of a group of cooling units for a heat load. N = units needed for the load; N+1
 * holds when the load is still carried after losing the largest healthy unit. "lost" = exactly
 * enough healthy units (one more failure overheats); "insufficient" = not enough even now.
 */
export function nPlusOneStatus(input: { loadWatts: number; units: readonly CoolingUnit[] }): NPlusOneStatus {
  const load = Math.max(0, input.loadWatts);
  const installed = input.units.length;
  const healthyCaps = input.units
    .filter((u) => u.healthy && u.capacityWatts > 0)
    .map((u) => u.capacityWatts)
    .sort((a, b) => b - a);
  const healthy = healthyCaps.length;
  const healthyCapacityWatts = healthyCaps.reduce((s, c) => s + c, 0);
  const base = { loadWatts: load, healthy, installed, healthyCapacityWatts };
  if (installed === 0 || !Number.isFinite(load)) {
    return { ...base, state: "unknown", needed: 0, spare: 0, summary: "no cooling units reported" };
  }
  // Even at zero load one unit must run to circulate coolant.
  let needed = 0;
  let carried = 0;
  for (const cap of healthyCaps) {
    if (needed > 0 && carried >= load) break;
    carried += cap;
    needed++;
  }
  if (carried < load || healthy === 0) {
    // Not enough healthy capacity: count how many units of the largest installed size it would take.
    const largest = Math.max(...input.units.map((u) => u.capacityWatts), 1);
    const neededAll = Math.max(1, Math.ceil(load / largest));
    return {
      ...base,
      state: "insufficient",
      needed: neededAll,
      spare: healthy - neededAll,
      summary: `${healthy} healthy of ${neededAll} needed — cooling capacity short`,
    };
  }
  const spare = healthy - needed;
  const survivesLargestLoss = healthyCapacityWatts - (healthyCaps[0] ?? 0) >= load && healthy >= 2;
  const state: NPlusOneState = survivesLargestLoss ? "ok" : "lost";
  const summary =
    state === "ok"
      ? `N+${spare}: ${needed} needed, ${healthy} healthy of ${installed}`
      : `N+1 lost: ${needed} needed, only ${healthy} healthy of ${installed}`;
  return { ...base, state, needed, spare, summary };
}

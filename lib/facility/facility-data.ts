import { bucketEnergy, counterIncrease, pairedBucketEnergy, sumSeries } from "./energy";
import { FACILITY_METRICS as M } from "./metrics";
import {
  energyReuse,
  meteringCategory,
  PUE_TARGET,
  type PueResult,
  preferredMeteringPoint,
  waterUsageEffectiveness,
} from "./pue";
import { type FacilityQuery, pueStepMs, type QueryFn, type QuerySeries } from "./query-types";
import { redundancyFrom } from "./redundancy";

/**
 * Facility figures for a period from any query function with the telemetry query contract
 * (lib/facility/queries.ts binds the real one). These are what the Facility page shows and what
 * alert rules evaluate (PUE above target, N+1 lost).
 */

const isSimulated = (series: readonly QuerySeries[]) => series.some((s) => s.labels.source === "simulator");

/**
 * PUE over [fromMs, toMs): facility energy ÷ IT energy over the same period. Uses energy counters
 * when both the facility and the IT meter have them, else integrates power over buckets where
 * both have data. Reports the Green Grid category of the IT metering point used.
 */
export async function computePue(
  input: { fromMs: number; toMs: number; site?: string },
  query: QueryFn,
): Promise<PueResult> {
  const { fromMs, toMs } = input;
  const match = input.site ? { site: input.site } : undefined;
  const stepMs = pueStepMs(fromMs, toMs);
  const base = { fromMs, toMs, target: PUE_TARGET };

  // Energy counters first (a utility meter and an IT meter in kWh are the reference method).
  const counterFrom = fromMs - stepMs; // one step earlier, so the value at the start is known
  const [facE, itE] = await Promise.all([
    query({ metric: M.facilityEnergy.name, fromMs: counterFrom, toMs, stepMs, agg: "last", match }),
    query({ metric: M.itEnergy.name, fromMs: counterFrom, toMs, stepMs, agg: "last", match }),
  ]);
  const itEPoint = preferredMeteringPoint(itE.series.map((s) => s.labels.metering_point));
  if (facE.series.length > 0 && itE.series.length > 0) {
    const itSeries = itE.series.filter((s) => (s.labels.metering_point ?? null) === itEPoint);
    const facJ = facE.series.reduce((sum, s) => sum + counterIncrease(s.points).increase, 0);
    const itJ = itSeries.reduce((sum, s) => sum + counterIncrease(s.points).increase, 0);
    if (itJ > 0) {
      const cat = meteringCategory(itEPoint);
      return {
        ...base,
        pue: facJ / itJ,
        facilityJoules: facJ,
        itJoules: itJ,
        method: "energy-counter",
        coverage: 1,
        meteringPoint: cat.meteringPoint,
        category: cat.category,
        categoryLabel: cat.label,
        simulated: isSimulated(facE.series) || isSimulated(itSeries),
        missing: null,
      };
    }
  }

  const [fac, it] = await Promise.all([
    query({ metric: M.facilityPower.name, fromMs, toMs, stepMs, agg: "avg", match }),
    query({ metric: M.itPower.name, fromMs, toMs, stepMs, agg: "avg", match }),
  ]);
  const itPoint = preferredMeteringPoint(it.series.map((s) => s.labels.metering_point));
  const itSeries = it.series.filter((s) => (s.labels.metering_point ?? null) === itPoint);
  const cat = meteringCategory(itPoint);
  const facility = sumSeries(fac.series.map((s) => s.points));
  const itPts = sumSeries(itSeries.map((s) => s.points));
  const e = pairedBucketEnergy(facility, itPts, stepMs, fromMs, toMs);
  const missing =
    fac.series.length === 0 && it.series.length === 0
      ? "no facility or IT power in this period — connect the building meters (npm run bridge:mqtt) or run npm run simulate:facility"
      : fac.series.length === 0
        ? "no facility_power_watts in this period (utility meter)"
        : it.series.length === 0
          ? "no it_power_watts in this period (IT metering point)"
          : e.bJoules <= 0
            ? "facility and IT power never overlap in this period"
            : null;
  return {
    ...base,
    pue: missing ? null : e.aJoules / e.bJoules,
    facilityJoules: e.aJoules,
    itJoules: e.bJoules,
    method: missing ? null : "power-integral",
    coverage: e.coverage,
    meteringPoint: cat.meteringPoint,
    category: cat.category,
    categoryLabel: cat.label,
    simulated: isSimulated(fac.series) || isSimulated(itSeries),
    missing,
  };
}

export type FacilitySummary = {
  pue: PueResult;
  reuse: { ere: number | null; erf: number | null; reusedJoules: number; metered: boolean };
  water: { liters: number; wue: number | null; metered: boolean };
  redundancy: ReturnType<typeof redundancyFrom>;
  simulated: boolean;
};

/** Everything the Facility page's headline needs for a period, in one call. */
export async function facilitySummary(input: FacilityQuery, query: QueryFn): Promise<FacilitySummary> {
  const { fromMs, toMs } = input;
  const match = input.site ? { site: input.site } : undefined;
  const stepMs = pueStepMs(fromMs, toMs);
  const [pue, heatE, heatW, water, unitState, unitCap, heatLoad] = await Promise.all([
    computePue(input, query),
    query({ metric: M.heatRecoveredEnergy.name, fromMs: fromMs - stepMs, toMs, stepMs, agg: "last", match }),
    query({ metric: M.heatRecovered.name, fromMs, toMs, stepMs, agg: "avg", match }),
    query({ metric: M.waterUsage.name, fromMs: fromMs - stepMs, toMs, stepMs, agg: "last", match }),
    query({ metric: M.coolingUnitState.name, fromMs, toMs, stepMs, agg: "min", match }),
    query({ metric: M.coolingUnitCapacity.name, fromMs, toMs, stepMs, agg: "last", match }),
    query({ metric: M.coolingHeatLoad.name, fromMs, toMs, stepMs, agg: "max", match }),
  ]);

  // Reused energy: the recovery meter when present, else the integral of the recovery rate.
  let reusedJoules = 0;
  let metered = false;
  if (heatE.series.length > 0) {
    reusedJoules = heatE.series.reduce((s, x) => s + counterIncrease(x.points).increase, 0);
    metered = true;
  } else if (heatW.series.length > 0) {
    reusedJoules = bucketEnergy(sumSeries(heatW.series.map((s) => s.points)), stepMs, fromMs, toMs).joules;
    metered = true;
  }
  const reuse =
    pue.pue !== null && metered
      ? { ...energyReuse(pue.facilityJoules, pue.itJoules, reusedJoules), reusedJoules, metered }
      : { ere: null, erf: null, reusedJoules, metered };

  const liters = water.series.reduce((s, x) => s + counterIncrease(x.points).increase, 0);
  const waterMetered = water.series.length > 0;
  const redundancy = redundancyFrom({
    unitState: unitState.series,
    unitCapacity: unitCap.series,
    heatLoad: heatLoad.series,
  });
  return {
    pue,
    reuse,
    water: {
      liters,
      wue: waterMetered && pue.itJoules > 0 ? waterUsageEffectiveness(liters, pue.itJoules) : null,
      metered: waterMetered,
    },
    redundancy,
    simulated: pue.simulated || [heatE, heatW, water, unitState, heatLoad].some((r) => isSimulated(r.series)),
  };
}

/**
 * N+1 status of each cooling loop at the end of the period (the worst case within the last
 * bucket), for alert rules: state "lost" or "insufficient" means N+1 is lost.
 */
export async function nPlusOneNow(
  input: { atMs?: number; windowMs?: number; site?: string },
  query: QueryFn,
) {
  const toMs = input.atMs ?? Date.now();
  const windowMs = input.windowMs ?? 5 * 60_000;
  const fromMs = toMs - windowMs;
  const match = input.site ? { site: input.site } : undefined;
  const [unitState, unitCap, heatLoad] = await Promise.all([
    query({ metric: M.coolingUnitState.name, fromMs, toMs, stepMs: windowMs, agg: "last", match }),
    query({ metric: M.coolingUnitCapacity.name, fromMs, toMs, stepMs: windowMs, agg: "last", match }),
    query({ metric: M.coolingHeatLoad.name, fromMs, toMs, stepMs: windowMs, agg: "last", match }),
  ]);
  return redundancyFrom({
    unitState: unitState.series,
    unitCapacity: unitCap.series,
    heatLoad: heatLoad.series,
  }).loops;
}

/**
 * When facility power was last seen (to the minute), for the empty state's "jump to latest data":
 * day buckets over `lookbackMs`, then minute buckets within the last day that has data.
 */
export async function latestFacilityDataMs(
  input: { nowMs: number; lookbackMs?: number; site?: string },
  query: QueryFn,
): Promise<number | null> {
  const match = input.site ? { site: input.site } : undefined;
  const day = 86_400_000;
  const lastBucket = (r: { series: QuerySeries[] }) => {
    let best: number | null = null;
    for (const s of r.series)
      for (const [t, v] of s.points) if (v !== null && (best === null || t > best)) best = t;
    return best;
  };
  const toMs = input.nowMs + day;
  const fromMs = toMs - (input.lookbackMs ?? 400 * day);
  const days = await query({ metric: M.facilityPower.name, fromMs, toMs, stepMs: day, agg: "last", match });
  const d = lastBucket(days);
  if (d === null) return null;
  const minutes = await query({
    metric: M.facilityPower.name,
    fromMs: d,
    toMs: d + day,
    stepMs: 60_000,
    agg: "last",
    match,
  });
  const m = lastBucket(minutes);
  return m === null ? d : m + 60_000;
}

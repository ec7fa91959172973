/**
 * Runs the facility model over a GPU power series and turns each step into telemetry points
 * (the ingest JSON batch shape), every one labelled source="simulator".
 */
import type { Point } from "./energy";
import { FACILITY_METRICS as M, SIMULATED_LABEL } from "./metrics";
import {
  type FacilityConfig,
  type FacilityReading,
  initialSimState,
  type SimState,
  simulateStep,
  type UnitOutage,
} from "./simulator";

export type TelemetryPoint = { metric: string; labels: Record<string, string>; ts: number; value: number };

export type OutdoorInput = number | ((ts: number) => number);

/** Model readings for each timestamp where the GPU power is known (null buckets are skipped, not zeroed). */
export function simulateOverGpuPower(
  cfg: FacilityConfig,
  gpuPower: readonly Point[],
  opts: { outdoorC: OutdoorInput; outages?: readonly UnitOutage[]; state?: SimState },
): FacilityReading[] {
  const state = opts.state ?? initialSimState();
  const outdoor = typeof opts.outdoorC === "number" ? () => opts.outdoorC as number : opts.outdoorC;
  const out: FacilityReading[] = [];
  for (const [ts, w] of gpuPower) {
    if (w === null || !Number.isFinite(w)) continue;
    out.push(simulateStep(cfg, state, { ts, gpuWatts: w, outdoorC: outdoor(ts), outages: opts.outages }));
  }
  return out;
}

/** 7 significant digits: far below sensor precision, keeps flows of 0.01 L/s and MW sites exact enough. */
const round = (v: number) => (v === 0 ? 0 : Number(v.toPrecision(7)));

/** The telemetry points of one reading. */
export function readingToPoints(cfg: FacilityConfig, r: FacilityReading): TelemetryPoint[] {
  const site = { site: cfg.site, ...SIMULATED_LABEL };
  const p = (metric: string, labels: Record<string, string>, value: number): TelemetryPoint => ({
    metric,
    labels,
    ts: r.ts,
    value: round(value),
  });
  const pts: TelemetryPoint[] = [
    p(M.facilityPower.name, site, r.facilityWatts),
    p(M.itPower.name, { ...site, metering_point: "it_input" }, r.itWatts),
    p(M.coolingPower.name, site, r.coolingWatts),
    p(M.outdoorTemperature.name, site, r.outdoorC),
    p(M.heatRecovered.name, site, r.heatRecoveredWatts),
    p(M.heatRecoveredEnergy.name, site, r.heatRecoveredJoulesTotal),
    p(M.waterUsage.name, site, r.waterLitersTotal),
  ];
  for (const l of r.loops) {
    const ll = { ...site, loop: l.loop };
    pts.push(
      p(M.coolantSupplyTemperature.name, ll, l.supplyC),
      p(M.coolantReturnTemperature.name, ll, l.returnC),
      p(M.coolantFlow.name, ll, l.flowLps),
      p(M.coolingHeatLoad.name, ll, l.heatLoadWatts),
    );
    for (const u of l.units) {
      const ul = { ...ll, unit: u.unit };
      pts.push(p(M.coolingUnitState.name, ul, u.state), p(M.coolingUnitCapacity.name, ul, u.capacityWatts));
    }
  }
  return pts;
}

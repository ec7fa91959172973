/**
 * A physically sensible facility model driven by the GPU power actually ingested.
 *
 * IT load: Σ GPU board power + the rest of each server (CPU, memory, NICs, drives, fans), which
 * idles at `serverIdleWattsPerGpu` and rises with GPU load (`serverLoadFactor` × GPU power).
 * Metered at the IT equipment input (Green Grid category 3).
 *
 * Heat: all IT power ends up as heat in liquid (no air cooling). Cold plates capture
 * `coldPlateCapture` of the GPU power into the secondary direct-to-chip loop; the rest (server
 * heat, GPU residual) goes into the primary single-phase immersion fluid.
 *
 * Each loop: CDUs (pump + heat exchanger) of fixed capacity; the pumps modulate flow to hold the
 * design ΔT (Q = ṁ·cp·ΔT) between a minimum and maximum flow; pump power follows the affinity
 * law (∝ flow³). Fluid thermal mass is a first-order lag on the heat the loop sees. When healthy
 * capacity is short, the supply temperature climbs with the deficit.
 *
 * Heat rejection: dry coolers (free cooling) while outdoor + approach stays below the supply
 * setpoint; above it a trim chiller (COP falling with lift) and adiabatic spray (water use) help.
 * A heat-recovery exchanger exports part of any loop whose return is warm enough to be useful.
 *
 * Facility power = IT + UPS/PDU losses (fixed + proportional) + cooling (pumps, fans, chiller)
 * + other (lighting, controls). Everything here is a model; the series are labelled simulated.
 */
import { type LoopId, UNIT_STATE } from "./metrics";

export type FluidProps = { cpJPerKgK: number; densityKgPerL: number };
/** Single-phase synthetic immersion fluid and 25 % propylene glycol. */
export const FLUIDS = {
  immersionFluid: { cpJPerKgK: 2100, densityKgPerL: 0.8 },
  pg25: { cpJPerKgK: 3900, densityKgPerL: 1.02 },
} as const satisfies Record<string, FluidProps>;

export type LoopConfig = {
  id: LoopId;
  fluid: FluidProps;
  supplySetpointC: number;
  designDeltaTK: number;
  /** Minimum flow as a share of the design flow (pumps never stop). */
  minFlowShare: number;
  /** Fluid thermal time constant, seconds. */
  thermalTauS: number;
  units: number;
  unitCapacityWatts: number;
  /** Pump electrical power of one unit at its maximum flow. */
  pumpRatedWatts: number;
};

export type FacilityConfig = {
  site: string;
  gpus: number;
  /** Design IT load (W): sizes fixed losses, fans and pumps. */
  ratedItWatts: number;
  serverIdleWattsPerGpu: number;
  serverLoadFactor: number;
  coldPlateCapture: number;
  loops: [LoopConfig, LoopConfig];
  ups: { fixedShareOfRated: number; proportional: number };
  pdu: { proportional: number };
  dryCooler: { approachK: number; fanRatedShareOfRated: number; designAirDeltaK: number };
  chiller: { copAt5K: number; copSlopePerK: number; copMin: number; trimBandK: number };
  adiabatic: { startC: number; maxEvaporatedShare: number; fullAtC: number };
  heatRecovery: { enabled: boolean; minReturnC: number; effectiveness: number };
  otherShareOfRated: number;
};

/** A facility sized for `gpus` GPUs of `gpuPowerLimitWatts`, two loops of N+1 CDUs. */
export function defaultFacilityConfig(input: {
  site: string;
  gpus: number;
  gpuPowerLimitWatts: number;
}): FacilityConfig {
  const gpus = Math.max(1, input.gpus);
  const serverIdleWattsPerGpu = 150;
  const serverLoadFactor = 0.25;
  const coldPlateCapture = 0.8;
  const gpuMax = gpus * input.gpuPowerLimitWatts;
  const ratedItWatts = gpuMax + gpus * serverIdleWattsPerGpu + serverLoadFactor * gpuMax;
  const d2cDesign = coldPlateCapture * gpuMax;
  const immDesign = ratedItWatts - d2cDesign;
  // Two units carry the design load of each loop; a third is the +1.
  const loop = (
    id: LoopId,
    fluid: FluidProps,
    design: number,
    setpoint: number,
    tau: number,
  ): LoopConfig => ({
    id,
    fluid,
    supplySetpointC: setpoint,
    designDeltaTK: id === "immersion" ? 8 : 10,
    minFlowShare: 0.3,
    thermalTauS: tau,
    units: 3,
    unitCapacityWatts: design / 2,
    pumpRatedWatts: design * 0.012,
  });
  return {
    site: input.site,
    gpus,
    ratedItWatts,
    serverIdleWattsPerGpu,
    serverLoadFactor,
    coldPlateCapture,
    loops: [
      loop("immersion", FLUIDS.immersionFluid, immDesign, 38, 45),
      loop("direct_to_chip", FLUIDS.pg25, d2cDesign, 32, 8),
    ],
    ups: { fixedShareOfRated: 0.01, proportional: 0.02 },
    pdu: { proportional: 0.01 },
    dryCooler: { approachK: 6, fanRatedShareOfRated: 0.03, designAirDeltaK: 12 },
    chiller: { copAt5K: 7, copSlopePerK: 0.25, copMin: 2.5, trimBandK: 4 },
    adiabatic: { startC: 24, maxEvaporatedShare: 0.25, fullAtC: 35 },
    heatRecovery: { enabled: true, minReturnC: 45, effectiveness: 0.3 },
    otherShareOfRated: 0.004,
  };
}

export type LoopReading = {
  loop: LoopId;
  heatLoadWatts: number;
  supplyC: number;
  returnC: number;
  deltaTK: number;
  flowLps: number;
  pumpWatts: number;
  units: { unit: string; capacityWatts: number; state: number }[];
};

export type FacilityReading = {
  ts: number;
  outdoorC: number;
  gpuWatts: number;
  itWatts: number;
  facilityWatts: number;
  coolingWatts: number;
  electricalLossWatts: number;
  otherWatts: number;
  heatRecoveredWatts: number;
  /** Heat-recovery meter (J), integrated from the recovered power. */
  heatRecoveredJoulesTotal: number;
  waterLitersTotal: number;
  loops: LoopReading[];
};

/** Carried between steps: fluid heat lag, water and heat-recovery meters. */
export type SimState = {
  lastTs: number | null;
  laggedHeat: Record<string, number>;
  waterLiters: number;
  recoveredJoules: number;
};
export const initialSimState = (): SimState => ({
  lastTs: null,
  laggedHeat: {},
  waterLiters: 0,
  recoveredJoules: 0,
});

/** A unit out of service between two instants (fault injection, maintenance). */
export type UnitOutage = { unit: string; fromMs: number; toMs: number };

export const unitId = (loop: LoopId, i: number) => `cdu-${loop === "immersion" ? "imm" : "d2c"}-${i + 1}`;

const LATENT_HEAT_J_PER_KG = 2.45e6;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** One step of the model at `ts` for the measured GPU power and outdoor temperature. */
export function simulateStep(
  cfg: FacilityConfig,
  state: SimState,
  input: { ts: number; gpuWatts: number; outdoorC: number; outages?: readonly UnitOutage[] },
): FacilityReading {
  const dtS = state.lastTs === null ? 0 : Math.max(0, (input.ts - state.lastTs) / 1000);
  const gpuWatts = Math.max(0, input.gpuWatts);
  const itWatts = gpuWatts + cfg.gpus * cfg.serverIdleWattsPerGpu + cfg.serverLoadFactor * gpuWatts;
  const heat: Record<LoopId, number> = {
    direct_to_chip: cfg.coldPlateCapture * gpuWatts,
    immersion: itWatts - cfg.coldPlateCapture * gpuWatts,
  };
  const outdoorC = input.outdoorC;
  const rejectionFloorC = outdoorC + cfg.dryCooler.approachK;

  let pumpWatts = 0;
  let chillerWatts = 0;
  let recovered = 0;
  const loops: LoopReading[] = cfg.loops.map((lc) => {
    // Fluid thermal mass: the loop sees the heat with a first-order lag.
    const prev = state.laggedHeat[lc.id];
    const alpha = prev === undefined || dtS === 0 ? 1 : 1 - Math.exp(-dtS / lc.thermalTauS);
    const q = prev === undefined ? heat[lc.id] : prev + (heat[lc.id] - prev) * alpha;
    state.laggedHeat[lc.id] = q;

    const units = Array.from({ length: lc.units }, (_, i) => {
      const id = unitId(lc.id, i);
      const down = input.outages?.some((o) => o.unit === id && input.ts >= o.fromMs && input.ts < o.toMs);
      return { unit: id, capacityWatts: lc.unitCapacityWatts, healthy: !down };
    });
    const healthy = units.filter((u) => u.healthy);
    const needed = Math.max(1, Math.ceil(q / lc.unitCapacityWatts));
    const running = Math.min(healthy.length, needed);
    let runLeft = running;
    const unitReadings = units.map((u) => ({
      unit: u.unit,
      capacityWatts: u.capacityWatts,
      state: !u.healthy ? UNIT_STATE.failed : runLeft-- > 0 ? UNIT_STATE.running : UNIT_STATE.standby,
    }));

    // Flow holds the design ΔT within the pumps' range; ΔT floats outside it.
    const perLps = lc.fluid.cpJPerKgK * lc.fluid.densityKgPerL; // W per (L/s · K)
    const unitMaxLps = lc.unitCapacityWatts / (perLps * lc.designDeltaTK);
    const maxLps = unitMaxLps * running;
    const minLps = unitMaxLps * lc.minFlowShare;
    const flowLps = running === 0 ? 0 : clamp(q / (perLps * lc.designDeltaTK), minLps, maxLps);
    const deltaTK = flowLps > 0 ? q / (perLps * flowLps) : 0;

    // Short capacity → the CDUs cannot hold the setpoint; supply climbs with the deficit share.
    const capacity = running * lc.unitCapacityWatts;
    const deficitShare = q > 0 ? Math.max(0, q - capacity) / q : 0;
    // The plant holds the setpoint (dry coolers, trimmed by the chiller when too warm outside).
    const supplyC = lc.supplySetpointC + deficitShare * 15;
    const returnC = supplyC + deltaTK;

    // Affinity law: each running pump draws ∝ (its flow ÷ its max flow)³, with a floor for losses.
    const loopPumpWatts =
      running > 0 ? running * lc.pumpRatedWatts * Math.max(0.05, (flowLps / running / unitMaxLps) ** 3) : 0;
    pumpWatts += loopPumpWatts;
    // Trim chiller when the dry coolers alone cannot reach the setpoint: the dry coolers pre-cool,
    // the chiller removes a share of the heat that grows with the lift, up to all of it.
    const liftK = rejectionFloorC - lc.supplySetpointC;
    if (liftK > 0) {
      const trimShare = clamp(liftK / cfg.chiller.trimBandK, 0, 1);
      const cop = Math.max(cfg.chiller.copMin, cfg.chiller.copAt5K - cfg.chiller.copSlopePerK * (liftK - 5));
      chillerWatts += (q * trimShare) / cop;
    }
    if (cfg.heatRecovery.enabled && returnC >= cfg.heatRecovery.minReturnC) {
      recovered += q * cfg.heatRecovery.effectiveness;
    }
    return {
      loop: lc.id,
      heatLoadWatts: q,
      supplyC,
      returnC,
      deltaTK,
      flowLps,
      pumpWatts: loopPumpWatts,
      units: unitReadings,
    };
  });

  // Dry-cooler fans: airflow needed ∝ heat to reject ÷ (coolant − air) temperature difference.
  const rejectedWatts = Math.max(0, loops.reduce((s, l) => s + l.heatLoadWatts, 0) - recovered);
  const meanSupplyC = loops.reduce((s, l) => s + l.supplyC, 0) / loops.length;
  const airDeltaK = Math.max(1, meanSupplyC - outdoorC);
  const fanSpeed = clamp(
    (rejectedWatts / cfg.ratedItWatts) * (cfg.dryCooler.designAirDeltaK / airDeltaK),
    0.1,
    1,
  );
  const fanWatts = cfg.dryCooler.fanRatedShareOfRated * cfg.ratedItWatts * fanSpeed ** 3;

  // Adiabatic spray above startC: part of the rejected heat leaves as evaporated water.
  const evapShare =
    outdoorC <= cfg.adiabatic.startC
      ? 0
      : cfg.adiabatic.maxEvaporatedShare *
        clamp((outdoorC - cfg.adiabatic.startC) / (cfg.adiabatic.fullAtC - cfg.adiabatic.startC), 0, 1);
  state.waterLiters += ((rejectedWatts * evapShare) / LATENT_HEAT_J_PER_KG) * dtS; // 1 kg ≈ 1 L

  const coolingWatts = pumpWatts + fanWatts + chillerWatts;
  const electricalLossWatts =
    cfg.ups.fixedShareOfRated * cfg.ratedItWatts + (cfg.ups.proportional + cfg.pdu.proportional) * itWatts;
  const otherWatts = cfg.otherShareOfRated * cfg.ratedItWatts;
  const facilityWatts = itWatts + electricalLossWatts + coolingWatts + otherWatts;

  state.recoveredJoules += recovered * dtS;
  state.lastTs = input.ts;
  return {
    ts: input.ts,
    outdoorC,
    gpuWatts,
    itWatts,
    facilityWatts,
    coolingWatts,
    electricalLossWatts,
    otherWatts,
    heatRecoveredWatts: recovered,
    heatRecoveredJoulesTotal: state.recoveredJoules,
    waterLitersTotal: state.waterLiters,
    loops,
  };
}

/** Outdoor temperature input: a daily cosine, coldest at 03:00 and warmest at 15:00 local time. */
export function diurnalOutdoorC(
  ts: number,
  opts: { minC: number; maxC: number; utcOffsetHours?: number },
): number {
  const hour = (((ts / 3_600_000 + (opts.utcOffsetHours ?? 0)) % 24) + 24) % 24;
  const mid = (opts.minC + opts.maxC) / 2;
  const amp = (opts.maxC - opts.minC) / 2;
  return mid - amp * Math.cos(((hour - 3) / 24) * 2 * Math.PI);
}

/**
 * One simulation pass: read the GPU power actually ingested for a period (through any query
 * function with the telemetry contract — in-process or over HTTP), size the facility from the
 * GPUs seen, run the model, and return the points to publish. Used by the seed and by
 * `npm run simulate:facility`.
 */
import type { Point } from "./energy";
import type { QueryFn, QuerySeries } from "./query-types";
import {
  type OutdoorInput,
  readingToPoints,
  simulateOverGpuPower,
  type TelemetryPoint,
} from "./simulate-series";
import {
  defaultFacilityConfig,
  type FacilityConfig,
  type FacilityReading,
  type SimState,
  type UnitOutage,
} from "./simulator";

/** Default GPU power limit when no gpu_power_limit_watts is stored (H100/H200 SXM). */
export const DEFAULT_GPU_POWER_LIMIT_WATTS = 700;

/**
 * Total GPU power per step. Each GPU's last value is carried forward for up to `staleMs` (GPUs
 * are scraped at their own pace: a 15 s scrape must not look like a GPU at 0 W between samples);
 * a step counts only when every GPU that reports in the period has a fresh value, so the total
 * never silently drops a GPU. Steps without complete data are null.
 */
export function totalGpuPower(
  series: readonly QuerySeries[],
  input: { fromMs: number; toMs: number; stepMs: number; staleMs: number },
): Point[] {
  const { fromMs, toMs, stepMs, staleMs } = input;
  const start = Math.floor(fromMs / stepMs) * stepMs;
  const perGpu = series.map(
    (s) => s.points.filter(([, v]) => v !== null && Number.isFinite(v)) as [number, number][],
  );
  const cursors = perGpu.map(() => 0);
  const out: Point[] = [];
  for (let t = start; t < toMs; t += stepMs) {
    let total = 0;
    let complete = perGpu.length > 0;
    for (let g = 0; g < perGpu.length; g++) {
      const pts = perGpu[g]!;
      while (cursors[g]! + 1 < pts.length && pts[cursors[g]! + 1]![0] <= t) cursors[g]!++;
      const p = pts[cursors[g]!];
      if (!p || p[0] > t || t - p[0] > staleMs) {
        complete = false;
        break;
      }
      total += p[1];
    }
    out.push([t, complete ? total : null]);
  }
  return out;
}

export type SimRunInput = {
  query: QueryFn;
  fromMs: number;
  toMs: number;
  stepMs: number;
  site: string;
  outdoorC: OutdoorInput;
  outages?: readonly UnitOutage[];
  /** Continue a previous run (follow mode) instead of starting cold. */
  state?: SimState;
  config?: FacilityConfig;
  gpuPowerLimitWatts?: number;
  /** GPU-power query filter (e.g. {host: "h200-demo"}). */
  gpuMatch?: Record<string, string>;
};

export type SimRunResult = {
  config: FacilityConfig | null;
  gpus: number;
  readings: FacilityReading[];
  points: TelemetryPoint[];
};

/** Facility config for the GPUs found in the period (count and their power limit). */
export async function configForGpus(input: {
  query: QueryFn;
  fromMs: number;
  toMs: number;
  site: string;
  gpuCount: number;
  gpuPowerLimitWatts?: number;
  gpuMatch?: Record<string, string>;
}): Promise<FacilityConfig> {
  let limit = input.gpuPowerLimitWatts;
  if (limit === undefined) {
    const lim = await input.query({
      metric: "gpu_power_limit_watts",
      fromMs: input.fromMs,
      toMs: input.toMs,
      stepMs: Math.max(1000, input.toMs - input.fromMs),
      agg: "max",
      match: input.gpuMatch,
    });
    const values = lim.series
      .flatMap((s) => s.points.map(([, v]) => v))
      .filter((v): v is number => v !== null);
    limit = values.length ? Math.max(...values) : DEFAULT_GPU_POWER_LIMIT_WATTS;
  }
  return defaultFacilityConfig({ site: input.site, gpus: input.gpuCount, gpuPowerLimitWatts: limit });
}

export async function runSimulation(input: SimRunInput): Promise<SimRunResult> {
  const gpu = await input.query({
    metric: "gpu_power_watts",
    fromMs: input.fromMs,
    toMs: input.toMs,
    stepMs: input.stepMs,
    agg: "avg",
    match: input.gpuMatch,
  });
  // The facility model must never feed on its own output or on other simulated series.
  const series = gpu.series.filter((s) => s.labels.source !== "simulator");
  if (series.length === 0) return { config: input.config ?? null, gpus: 0, readings: [], points: [] };
  const config =
    input.config ??
    (await configForGpus({
      query: input.query,
      fromMs: input.fromMs,
      toMs: input.toMs,
      site: input.site,
      gpuCount: series.length,
      gpuPowerLimitWatts: input.gpuPowerLimitWatts,
      gpuMatch: input.gpuMatch,
    }));
  const total = totalGpuPower(series, {
    fromMs: input.fromMs,
    toMs: input.toMs,
    stepMs: input.stepMs,
    staleMs: Math.max(30_000, 2 * input.stepMs),
  });
  const readings = simulateOverGpuPower(config, total, {
    outdoorC: input.outdoorC,
    outages: input.outages,
    state: input.state,
  });
  return {
    config,
    gpus: series.length,
    readings,
    points: readings.flatMap((r) => readingToPoints(config, r)),
  };
}

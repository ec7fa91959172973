import { describe, expect, it } from "vitest";
import type { QueryFn, QuerySeries } from "./query-types";
import { runSimulation, totalGpuPower } from "./sim-run";

describe("totalGpuPower", () => {
  it("carries each GPU's last value forward within the staleness window", () => {
    const total = totalGpuPower(
      [
        {
          labels: { gpu: "0" },
          points: [
            [0, 100],
            [15_000, 200],
          ],
        },
        {
          labels: { gpu: "1" },
          points: [
            [5000, 50],
            [20_000, 60],
          ],
        },
      ],
      { fromMs: 0, toMs: 25_000, stepMs: 5000, staleMs: 30_000 },
    );
    expect(total).toEqual([
      [0, null], // GPU 1 has not reported yet: incomplete, not 100 W
      [5000, 150],
      [10_000, 150],
      [15_000, 250],
      [20_000, 260],
    ]);
  });
  it("stops carrying a value once it is stale", () => {
    const total = totalGpuPower([{ labels: {}, points: [[0, 100]] }], {
      fromMs: 0,
      toMs: 40_000,
      stepMs: 10_000,
      staleMs: 20_000,
    });
    expect(total.map(([, v]) => v)).toEqual([100, 100, 100, null]);
  });
});

describe("runSimulation", () => {
  const T0 = Date.UTC(2026, 10, 26, 6, 22, 27);
  const gpuPower: QuerySeries[] = [
    {
      labels: { host: "h", gpu: "0" },
      points: [
        [T0, 100],
        [T0 + 1000, 600],
      ],
    },
    { labels: { host: "h", gpu: "0", source: "simulator" }, points: [[T0, 1e6]] },
  ];
  const limits: QuerySeries[] = [{ labels: { host: "h", gpu: "0" }, points: [[T0, 650]] }];
  const query: QueryFn = async ({ metric }) => ({
    metric,
    unit: "W",
    series: metric === "gpu_power_watts" ? gpuPower : metric === "gpu_power_limit_watts" ? limits : [],
  });
  it("sizes the facility from the GPUs seen, ignores simulated series, labels output simulated", async () => {
    const r = await runSimulation({
      query,
      fromMs: T0,
      toMs: T0 + 2000,
      stepMs: 1000,
      site: "dc-1",
      outdoorC: 10,
    });
    expect(r.gpus).toBe(1);
    expect(r.config!.ratedItWatts).toBeCloseTo(650 + 150 + 0.25 * 650);
    expect(r.readings.map((x) => x.gpuWatts)).toEqual([100, 600]);
    expect(r.points.every((p) => p.labels.source === "simulator")).toBe(true);
  });
  it("returns nothing when no GPU power was ingested", async () => {
    const empty: QueryFn = async ({ metric }) => ({ metric, unit: "", series: [] });
    const r = await runSimulation({
      query: empty,
      fromMs: 0,
      toMs: 1000,
      stepMs: 1000,
      site: "x",
      outdoorC: 10,
    });
    expect(r).toMatchObject({ gpus: 0, points: [] });
  });
});

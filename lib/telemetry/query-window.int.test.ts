/**
 * queryMetric counts only data inside [from, to) whatever resolution serves it. Whole-minute
 * (and whole-hour) steps are served from rollups whose buckets may stick out of the window at
 * either edge; those edges must come from finer data, never from the whole bucket.
 * The H200 trace goes in through the real ingest path; expectations are computed HERE from the
 * raw files (no product code).
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/test/db";
import { ingestJson, ingestNvidiaSmi } from "./ingest";
import { queryMetric } from "./query";
import { parseRequestsJsonl, requestsToItems } from "./requests-jsonl";
import { refreshRollups, vacuumRollups } from "./rollups";

const DIR = "fixtures/h200-inference-trace";
const HOST = "h200-demo";
const csvText = fs.readFileSync(`${DIR}/nvsmi.csv`, "utf8");
const jsonlText = fs.readFileSync(`${DIR}/requests.jsonl`, "utf8");
const at = (hh: number, mm: number, ss: number) => Date.UTC(2026, 10, 26, hh, mm, ss);

// ---------------------------------------------------------------- independent reading of the raw files
const samples: { t: number; temp: number; power: number }[] = (() => {
  const lines = csvText.trim().split("\n");
  const header = lines[0]!.split(",").map((h) => h.trim());
  const [iT, iTemp, iP] = ["timestamp", "temperature.gpu", "power.draw [W]"].map((n) => header.indexOf(n));
  return lines.slice(1).map((line) => {
    const f = line.split(",").map((x) => x.trim());
    const m = /^(\d+)\/(\d+)\/(\d+) (\d+):(\d+):(\d+)\.(\d+)$/.exec(f[iT!]!)!;
    const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!.padEnd(3, "0").slice(0, 3));
    return { t, temp: Number(f[iTemp!]), power: Number.parseFloat(f[iP!]!) };
  });
})();
type Req = { end: number; latency_s: number; batch?: number; new_tokens?: number; tokens?: number };
const requests: Req[] = jsonlText
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Req);
/** Requests are recorded at their end (ms). */
const endedIn = (a: number, b: number) =>
  requests.filter((r) => Math.round(r.end * 1000) >= a && Math.round(r.end * 1000) < b);
const sampledIn = (a: number, b: number) => samples.filter((s) => s.t >= a && s.t < b);

/** Each returned step [t, t+step) clipped to [from, to): the part of the window it may count. */
const clipped = (t: number, stepMs: number, fromMs: number, toMs: number) =>
  [Math.max(t, fromMs), Math.min(t + stepMs, toMs)] as const;

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
  await ingestNvidiaSmi(csvText, { host: HOST, tz: "UTC" });
  const r = await ingestJson({ points: requestsToItems(parseRequestsJsonl(jsonlText), HOST) });
  expect(r.rejected).toEqual([]);
}, 120_000);
afterAll(async () => db?.close());

describe("rollup tiers", () => {
  it("agree with each other over whole buckets and can be vacuumed on this driver", async () => {
    await refreshRollups();
    await vacuumRollups();
    const fromMs = at(6, 0, 0);
    const toMs = at(7, 0, 0);
    const q = { metric: "gpu_power_watts", fromMs, toMs, agg: "avg" } as const;
    const [m1, m5, h1] = await Promise.all(
      [60_000, 300_000, 3_600_000].map((stepMs) => queryMetric({ ...q, stepMs })),
    );
    const xs = sampledIn(fromMs, toMs);
    const mean = xs.reduce((s, x) => s + x.power, 0) / xs.length;
    expect(h1!.series[0]!.points).toHaveLength(1);
    expect(h1!.series[0]!.points[0]![1]).toBeCloseTo(mean, 6);
    // Count-weighted means of the finer steps give the same hour average.
    for (const r of [m1!, m5!]) {
      const stepMs = (toMs - fromMs) / r.series[0]!.points.length;
      let sum = 0;
      for (const [t, v] of r.series[0]!.points) if (v !== null) sum += v * sampledIn(t, t + stepMs).length;
      expect(sum / xs.length).toBeCloseTo(mean, 6);
    }
  });
});

describe("rollup-served steps count only data inside [from, to)", () => {
  it("the SRE report: 60 s p95 ending 06:24:05 excludes requests that ended later", async () => {
    const fromMs = at(6, 22, 0);
    const toMs = at(6, 24, 5);
    const q = { metric: "inference_request_duration_seconds", fromMs, toMs, stepMs: 60_000 };
    const p95 = await queryMetric({ ...q, agg: "p95" });
    const counts = await queryMetric({
      ...q,
      metric: "inference_request_duration_seconds_bucket",
      agg: "increase",
      match: { le: "+Inf" },
      by: ["le"],
    });
    const last = p95.series[0]!.points.at(-1)!;
    expect(last[0]).toBe(at(6, 24, 0));
    const inside = endedIn(at(6, 24, 0), toMs);
    const after = endedIn(toMs, at(6, 25, 0));
    expect(after.some((r) => r.latency_s > 15)).toBe(true); // the data that leaked
    // A percentile of what ended in [06:24:00, 06:24:05) cannot exceed its slowest request's bucket.
    const slowest = Math.max(...inside.map((r) => r.latency_s), 0);
    expect(last[1] ?? 0).toBeLessThanOrEqual(slowest * 1.1);
    for (const [t, v] of counts.series[0]!.points) {
      const [a, b] = clipped(t, 60_000, fromMs, toMs);
      expect({ t, v: v ?? 0 }).toEqual({ t, v: endedIn(a, b).length });
    }
  });

  it("token counter increase per minute step stops at `to` and starts at `from`", async () => {
    const fromMs = at(6, 22, 50);
    const toMs = at(6, 27, 10);
    const r = await queryMetric({
      metric: "inference_tokens_total",
      fromMs,
      toMs,
      stepMs: 60_000,
      agg: "increase",
      match: { type: "output" },
      by: ["type"],
    });
    expect(r.series[0]!.points[0]![0]).toBe(at(6, 22, 0));
    for (const [t, v] of r.series[0]!.points) {
      const [a, b] = clipped(t, 60_000, fromMs, toMs);
      const tokens = endedIn(a, b).reduce(
        (s, x) => s + (x.tokens ?? (x.batch ?? 1) * (x.new_tokens ?? 0)),
        0,
      );
      expect({ t, v: v ?? 0 }).toEqual({ t, v: tokens });
    }
  });

  it.each([
    ["1-minute steps", at(6, 23, 5), at(6, 24, 5), 60_000],
    ["1-minute steps, whole minutes between", at(6, 22, 10), at(6, 28, 50), 60_000],
    ["5-minute steps", at(6, 22, 40), at(6, 27, 20), 300_000],
    ["5-minute steps, a whole bucket between", at(6, 22, 40), at(6, 30, 20), 300_000],
    ["2-minute steps", at(6, 22, 31), at(6, 28, 59), 120_000],
    ["1-hour step", at(6, 23, 10), at(6, 26, 50), 3_600_000],
  ] as const)("gauge min/max/avg/last with %s and unaligned edges", async (_, fromMs, toMs, stepMs) => {
    const q = { metric: "gpu_temperature_celsius", fromMs, toMs, stepMs };
    const [min, max, avg, last, power] = await Promise.all([
      queryMetric({ ...q, agg: "min" }),
      queryMetric({ ...q, agg: "max" }),
      queryMetric({ ...q, agg: "avg" }),
      queryMetric({ ...q, agg: "last" }),
      queryMetric({ ...q, metric: "gpu_power_watts", agg: "avg" }),
    ]);
    for (let i = 0; i < max.series[0]!.points.length; i++) {
      const t = max.series[0]!.points[i]![0];
      const [a, b] = clipped(t, stepMs, fromMs, toMs);
      const xs = sampledIn(a, b);
      const temps = xs.map((s) => s.temp);
      const v = (r: typeof max) => r.series[0]!.points[i]![1];
      if (!xs.length) {
        expect([v(min), v(max), v(avg), v(last)]).toEqual([null, null, null, null]);
        continue;
      }
      expect({ t, min: v(min), max: v(max), last: v(last) }).toEqual({
        t,
        min: Math.min(...temps),
        max: Math.max(...temps),
        last: temps.at(-1),
      });
      expect(v(avg)).toBeCloseTo(temps.reduce((s, x) => s + x, 0) / temps.length, 9);
      expect(v(power)).toBeCloseTo(xs.reduce((s, x) => s + x.power, 0) / xs.length, 6);
    }
  });
});

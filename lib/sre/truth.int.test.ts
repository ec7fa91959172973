/**
 * Truth test: the H200 trace goes in through the real ingest path (the nvidia-smi CSV and the
 * requests.jsonl replay items, as the routes and the collector send them) and what the SRE page's
 * data layer returns is checked against numbers computed HERE, independently, from the raw files.
 * Nothing below reuses the product's parsers, quantile or integration code for the expectations.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateOverRange } from "@/lib/alerts/evaluate";
import { ensureDefaultRules, listEvents } from "@/lib/alerts/store";
import { ingestJson, ingestNvidiaSmi } from "@/lib/telemetry/ingest";
import { parseRequestsJsonl, requestsToItems } from "@/lib/telemetry/requests-jsonl";
import { createTestDb } from "@/test/db";
import { efficiencySummary, gpuPanel, latencySummary } from "./panels";

const DIR = "fixtures/h200-inference-trace";
const HOST = "h200-demo";
const csvText = fs.readFileSync(`${DIR}/nvsmi.csv`, "utf8");
const jsonlText = fs.readFileSync(`${DIR}/requests.jsonl`, "utf8");

// ---------------------------------------------------------------- independent reading of the raw files
type Row = { t: number; temp: number; power: number; mask: number };
const raw: Row[] = (() => {
  const lines = csvText.trim().split("\n");
  const header = lines[0]!.split(",").map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  const [iT, iTemp, iP, iM] = [
    col("timestamp"),
    col("temperature.gpu"),
    col("power.draw [W]"),
    col("clocks_event_reasons.active"),
  ];
  return lines.slice(1).map((line) => {
    const f = line.split(",").map((x) => x.trim());
    const m = /^(\d+)\/(\d+)\/(\d+) (\d+):(\d+):(\d+)\.(\d+)$/.exec(f[iT]!)!;
    const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!.padEnd(3, "0").slice(0, 3));
    return { t, temp: Number(f[iTemp]), power: Number.parseFloat(f[iP]!), mask: Number.parseInt(f[iM]!, 16) };
  });
})();
type Req = { phase: string; start: number; end: number; ttft_s: number; latency_s: number; tokens: number };
const requests: Req[] = jsonlText
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Req);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
};
/** Phase window in ms: requests are recorded at their end; the window holds exactly this phase's ends. */
const phaseWindow = (phase: string) => {
  const rs = requests.filter((r) => r.phase === phase);
  return {
    fromMs: Math.ceil(Math.min(...rs.map((r) => r.start)) * 1000),
    toMs: Math.round(Math.max(...rs.map((r) => r.end)) * 1000) + 1,
    rs,
  };
};
/** Trapezoidal integral of power.draw between a and b (ms), linear between samples. */
function energyJoules(a: number, b: number): number {
  const at = (t: number) => {
    const i = raw.findIndex((r) => r.t >= t);
    if (i <= 0) return raw[Math.max(0, i)]!.power;
    const p = raw[i - 1]!;
    const q = raw[i]!;
    return p.power + ((q.power - p.power) * (t - p.t)) / (q.t - p.t);
  };
  const xs = [a, ...raw.map((r) => r.t).filter((t) => t > a && t < b), b];
  let j = 0;
  for (let i = 1; i < xs.length; i++)
    j += ((at(xs[i - 1]!) + at(xs[i]!)) / 2) * ((xs[i]! - xs[i - 1]!) / 1000);
  return j;
}
/** The longest run of samples with the power-cap bit: from its first sample to the first sample without it. */
const powerCapRun = (() => {
  let best = { start: 0, end: 0 };
  let start: number | null = null;
  for (const r of raw) {
    const on = (r.mask & 0x4) !== 0;
    if (on && start === null) start = r.t;
    if (!on && start !== null) {
      if (r.t - start > best.end - best.start) best = { start, end: r.t };
      start = null;
    }
  }
  return best;
})();

const TRACE = { fromMs: Date.UTC(2026, 10, 26, 6, 22, 0), toMs: Date.UTC(2026, 10, 26, 6, 29, 0) };

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
  await ingestNvidiaSmi(csvText, { host: HOST, tz: "UTC" });
  const r = await ingestJson({ points: requestsToItems(parseRequestsJsonl(jsonlText), HOST) });
  expect(r.rejected).toEqual([]);
}, 120_000);
afterAll(async () => db?.close());

describe("the SRE data layer tells the H200's story truthfully", () => {
  it("sanity of the independent reading", () => {
    expect(raw).toHaveLength(1263);
    expect(requests).toHaveLength(84);
    expect(powerCapRun.end - powerCapRun.start).toBeGreaterThan(35_000); // the 40 s matmul burn
  });

  it("peak temperature and peak power, and 70 °C never crossed", async () => {
    const p = await gpuPanel({ ...TRACE, stepMs: 1000 });
    const peakTemp = Math.max(...raw.map((r) => r.temp));
    const peakPower = Math.max(...raw.map((r) => r.power));
    const max = (s: typeof p.temperature) =>
      Math.max(...s.series.flatMap((x) => x.points.map(([, v]) => v ?? -1)));
    expect(p.gpuCount).toBe(1);
    expect(p.shown[0]!.labels).toMatchObject({ host: HOST, gpu: "0" });
    expect(max(p.temperature)).toBe(peakTemp);
    expect(peakTemp).toBe(62);
    expect(max(p.power)).toBeCloseTo(peakPower, 2);
    expect(p.thresholdCelsius).toBe(70);
    expect(max(p.temperature)).toBeLessThan(p.thresholdCelsius);
  });

  it("the power-cap throttling window (clock event 0x4) matches the burn", async () => {
    const p = await gpuPanel({ ...TRACE, stepMs: 1000 });
    const cap = p.throttling.filter((w) => w.reason === "sw_power_cap");
    const longest = cap.reduce((a, w) => (w.endMs - w.startMs > a.endMs - a.startMs ? w : a));
    // 1 s steps: edges land on the step holding the first/last sample (≤ 1 s early).
    expect(Math.abs(longest.startMs - powerCapRun.start)).toBeLessThanOrEqual(1000);
    expect(Math.abs(longest.endMs - powerCapRun.end)).toBeLessThanOrEqual(1000);
    expect(longest.kind).toBe("power");
    // No thermal throttling anywhere in the trace.
    expect(p.throttling.filter((w) => w.kind === "thermal")).toEqual([]);
    expect(raw.some((r) => (r.mask & 0x60) !== 0)).toBe(false);
  });

  it.each([
    ["light", 0.78, 0.012],
    ["mixed", 5.0, null],
    ["heavy", 8.0, 0.296],
    ["after-burn", null, null],
  ] as const)("median latency and TTFT of the %s phase", async (phase, readmeLatency, readmeTtft) => {
    const w = phaseWindow(phase);
    const s = await latencySummary(w);
    const lat = median(w.rs.map((r) => r.latency_s));
    const ttft = median(w.rs.map((r) => r.ttft_s));
    expect(s.requests).toBe(w.rs.length);
    // Percentiles come from bucket counts (bounds ~6 % apart): within one bucket of the exact median.
    expect(Math.abs(s.p50! - lat) / lat).toBeLessThan(0.065);
    expect(Math.abs(s.ttftP50! - ttft) / ttft).toBeLessThan(0.065);
    if (readmeLatency !== null) expect(s.p50!).toBeCloseTo(readmeLatency, readmeLatency < 1 ? 1 : 0);
    if (readmeTtft !== null) expect(Math.abs(s.ttftP50! - readmeTtft) / readmeTtft).toBeLessThan(0.08);
  });

  it("tokens per joule of the heavy phase", async () => {
    const w = phaseWindow("heavy");
    const tokens = w.rs.reduce((a, r) => a + r.tokens, 0);
    const joules = energyJoules(w.fromMs, w.toMs);
    const e = await efficiencySummary(w);
    expect(e.source).toBe("power-integral");
    expect(e.tokens).toBe(tokens);
    expect(Math.abs(e.joules - joules) / joules).toBeLessThan(0.02);
    expect(Math.abs(e.tokensPerJoule! - tokens / joules) / (tokens / joules)).toBeLessThan(0.02);
    // Batching pays: heavy phase is far more efficient than light.
    const l = phaseWindow("light");
    const light = await efficiencySummary(l);
    expect(e.tokensPerJoule!).toBeGreaterThan(5 * light.tokensPerJoule!);
  });
});

describe("alerts on the H200 trace", () => {
  it("the power-cap rule fires for the burn and the 70 °C rule never does", async () => {
    await ensureDefaultRules();
    const s = await evaluateOverRange(TRACE.fromMs, TRACE.toMs, 5000);
    expect(s.errors).toEqual([]);
    const events = await listEvents({ state: "all" });
    const cap = events.filter((e) => e.kind === "gpu_throttling");
    expect(cap).toHaveLength(1); // short power-cap blips in the heavy phase stay under 30 s
    expect(Math.abs(Date.parse(cap[0]!.startedAt) - powerCapRun.start)).toBeLessThanOrEqual(1000);
    expect(Math.abs(Date.parse(cap[0]!.endedAt!) - powerCapRun.end)).toBeLessThanOrEqual(1000);
    expect(events.filter((e) => e.kind === "gpu_temperature_above")).toEqual([]);
  });
});

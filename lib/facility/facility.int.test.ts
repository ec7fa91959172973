/**
 * The facility on the real store: the H200 trace ingested through the real nvidia-smi path, the
 * facility seed deriving the simulated facility from it, and the facility queries reading it
 * back. Checked against values computed here from the raw CSV (independently of shared code),
 * and the MQTT bridge writing into the database through Mosquitto. Runs on PGlite and, with
 * TEST_DATABASE_URL, on PostgreSQL.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNvidiaSmiCsv } from "@/lib/telemetry/parsers/nvidia-smi";
import { queryMetric } from "@/lib/telemetry/query";
import { writeBatch } from "@/lib/telemetry/writer";
import { createTestDb } from "@/test/db";
import { available, tcpReachable } from "@/test/requirements";
import { databaseSink } from "./db-sink";
import { startMqttBridge } from "./mqtt-bridge";
import { computePue, facilitySummary, nPlusOneNow } from "./queries";
import { H200_WINDOW, seed } from "./seed";

const MQTT_URL = process.env.MQTT_TEST_URL ?? "mqtt://127.0.0.1:1883";
const brokerUp = available(await tcpReachable(MQTT_URL), `an MQTT broker at ${MQTT_URL} (MQTT_TEST_URL)`);

const CSV = fs.readFileSync(path.resolve("fixtures/h200-inference-trace/nvsmi.csv"), "utf8");
let db: Awaited<ReturnType<typeof createTestDb>>;
const logs: string[] = [];
const ctx = () => ({
  handle: db,
  users: {},
  fixturesDir: path.resolve("fixtures"),
  log: (m: string) => logs.push(m),
});

/** GPU energy (J) over [from, to) straight from the CSV: trapezoids of power.draw, no shared code. */
function csvGpuEnergy(fromMs: number, toMs: number): { joules: number; seconds: number } {
  const rows = CSV.trim().split("\n").slice(1);
  const samples = rows.map((r) => {
    const c = r.split(", ");
    const [d, t] = c[0]!.split(" ");
    return [Date.parse(`${d!.replaceAll("/", "-")}T${t}Z`), Number.parseFloat(c[7]!)] as const;
  });
  let joules = 0;
  let seconds = 0;
  for (let i = 1; i < samples.length; i++) {
    const [t0, p0] = samples[i - 1]!;
    const [t1, p1] = samples[i]!;
    if (t0 < fromMs || t1 > toMs) continue;
    joules += ((p0 + p1) / 2) * ((t1 - t0) / 1000);
    seconds += (t1 - t0) / 1000;
  }
  return { joules, seconds };
}

beforeAll(async () => {
  db = await createTestDb();
  await writeBatch(parseNvidiaSmiCsv(CSV, { host: "h200-demo", tz: "UTC", nowMs: Date.now() }), db);
  await seed(ctx());
}, 120_000);

afterAll(async () => {
  await db?.close();
});

describe("facility seed on the H200 trace", () => {
  it("derives IT load from the ingested GPU power (checked against the raw CSV)", async () => {
    // Full seconds inside the trace, so every 1 s bucket has GPU samples.
    const fromMs = Date.UTC(2026, 10, 26, 6, 22, 28);
    const toMs = Date.UTC(2026, 10, 26, 6, 27, 48);
    const pue = await computePue({ fromMs, toMs });
    const gpu = csvGpuEnergy(fromMs, toMs);
    // The model: IT = GPU + 150 W per GPU + 25 % of GPU power (rest of the server).
    const expectedIt = gpu.joules * 1.25 + (150 * (toMs - fromMs)) / 1000;
    expect(pue.itJoules / expectedIt).toBeGreaterThan(0.99);
    expect(pue.itJoules / expectedIt).toBeLessThan(1.01);
    expect(pue).toMatchObject({
      method: "power-integral",
      category: 3,
      meteringPoint: "it_input",
      simulated: true,
    });
    expect(pue.coverage).toBeGreaterThan(0.99);
    expect(pue.pue!).toBeGreaterThan(1.03);
    expect(pue.pue!).toBeLessThan(1.2);
  });

  it("PUE is the energy ratio of the stored series, not the mean of their ratio", async () => {
    const { fromMs, toMs } = H200_WINDOW;
    const step = 1000;
    const [fac, it] = await Promise.all([
      queryMetric({ metric: "facility_power_watts", fromMs, toMs, stepMs: step, agg: "avg" }),
      queryMetric({ metric: "it_power_watts", fromMs, toMs, stepMs: step, agg: "avg" }),
    ]);
    const itAt = new Map(it.series[0]!.points);
    let f = 0;
    let i = 0;
    let ratioSum = 0;
    let n = 0;
    for (const [t, v] of fac.series[0]!.points) {
      const iv = itAt.get(t);
      if (v === null || iv === null || iv === undefined) continue;
      f += v;
      i += iv;
      ratioSum += v / iv;
      n++;
    }
    const pue = await computePue({ fromMs, toMs });
    expect(pue.pue).toBeCloseTo(f / i, 4);
    expect(Math.abs(ratioSum / n - pue.pue!)).toBeGreaterThan(0.001);
  });

  it("shows N+1 lost while the burn needs two direct-to-chip units and one is down", async () => {
    const during = await nPlusOneNow({ atMs: Date.UTC(2026, 10, 26, 6, 26, 25), windowMs: 3000 });
    expect(during.find((l) => l.loop === "direct_to_chip")!.status.state).toBe("lost");
    expect(during.find((l) => l.loop === "immersion")!.status.state).toBe("ok");
    const after = await nPlusOneNow({ atMs: Date.UTC(2026, 10, 26, 6, 27, 40), windowMs: 3000 });
    expect(after.every((l) => l.status.state === "ok")).toBe(true);
  });

  it("summarises reuse and water for the window", async () => {
    const s = await facilitySummary(H200_WINDOW);
    expect(s.simulated).toBe(true);
    expect(s.reuse.metered).toBe(true);
    expect(s.reuse.erf!).toBeGreaterThan(0);
    expect(s.reuse.ere!).toBeLessThan(s.pue.pue!);
    // 6–14 °C outside: dry coolers only, no evaporative water.
    expect(s.water).toMatchObject({ metered: true, liters: 0, wue: 0 });
    expect(s.redundancy.loops.map((l) => l.loop)).toEqual(["direct_to_chip", "immersion"]);
  });

  it("is idempotent", async () => {
    const before = await queryMetric({
      ...H200_WINDOW,
      metric: "facility_power_watts",
      stepMs: 1000,
      agg: "avg",
    });
    await seed(ctx());
    const after = await queryMetric({
      ...H200_WINDOW,
      metric: "facility_power_watts",
      stepMs: 1000,
      agg: "avg",
    });
    expect(after.series).toEqual(before.series);
    expect(logs.at(-1)).toMatch(/already loaded/);
  });
});

describe.skipIf(!brokerUp)("MQTT bridge into the database", () => {
  it("stores what Mosquitto delivers, readable through the query layer", async () => {
    const root = `afc-int-${randomBytes(4).toString("hex")}`;
    const bridge = startMqttBridge({
      url: MQTT_URL,
      topics: [`${root}/#`],
      sink: databaseSink(db),
      flushMs: 50,
      persistentSession: false,
    });
    try {
      await bridge.ready;
      const pub = await mqtt.connectAsync(MQTT_URL);
      const t0 = Date.UTC(2026, 10, 25, 12, 0, 0);
      for (let k = 0; k < 10; k++) {
        await pub.publishAsync(
          `${root}/site-b/facility_power_watts`,
          JSON.stringify({ value: 1.5 + k / 10, unit: "MW", ts: t0 + k * 1000 }),
          { qos: 1 },
        );
      }
      await pub.endAsync();
      const t1 = Date.now();
      while (bridge.stats().written < 10 && Date.now() - t1 < 8000)
        await new Promise((r) => setTimeout(r, 50));
      const r = await queryMetric({
        metric: "facility_power_watts",
        fromMs: t0,
        toMs: t0 + 10_000,
        stepMs: 1000,
        agg: "avg",
        match: { site: "site-b" },
      });
      expect(r.series).toHaveLength(1);
      expect(r.series[0]!.points.map(([, v]) => v)).toEqual(
        Array.from({ length: 10 }, (_, k) => (1.5 + k / 10) * 1e6),
      );
    } finally {
      await bridge.stop();
    }
  });
});

/**
 * The bridge against the real Mosquitto broker (127.0.0.1:1883 here and in CI; MQTT_TEST_URL
 * overrides). Each test uses its own topic root so runs never see each other's messages.
 */
import { randomBytes } from "node:crypto";
import mqtt from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { available, tcpReachable } from "@/test/requirements";
import { type MqttBridge, PermanentSinkError, type PointSink, startMqttBridge } from "./mqtt-bridge";
import type { TelemetryPoint } from "./simulate-series";

const URL_ = process.env.MQTT_TEST_URL ?? "mqtt://127.0.0.1:1883";
const brokerUp = available(await tcpReachable(URL_), `an MQTT broker at ${URL_} (MQTT_TEST_URL)`);
const open: { end(): void }[] = [];
let bridge: MqttBridge | null = null;

afterEach(async () => {
  await bridge?.stop();
  bridge = null;
  for (const c of open.splice(0)) c.end();
});

async function publisher() {
  const c = await mqtt.connectAsync(URL_, { clientId: `afc-test-pub-${randomBytes(4).toString("hex")}` });
  open.push({ end: () => c.end(true) });
  return c;
}

async function waitFor(cond: () => boolean, ms = 8000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

function collector() {
  const got: TelemetryPoint[] = [];
  const sink: PointSink = async (points) => {
    got.push(...points);
    return { accepted: points.length };
  };
  return { got, sink };
}

describe.skipIf(!brokerUp)("MQTT bridge ↔ Mosquitto", () => {
  it("maps numbers, JSON and batches to points; counts invalid messages", async () => {
    const root = `afc-test-${randomBytes(4).toString("hex")}`;
    const { got, sink } = collector();
    bridge = startMqttBridge({
      url: URL_,
      topics: [`${root}/#`],
      sink,
      flushMs: 50,
      persistentSession: false,
    });
    await bridge.ready;
    const pub = await publisher();
    const before = Date.now();
    await pub.publishAsync(`${root}/dc-1/facility_power_watts`, "1500.5", { qos: 1 });
    await pub.publishAsync(
      `${root}/dc-1/coolant_supply_temperature_celsius/loop=immersion`,
      JSON.stringify({ value: 38.2, ts: 1764138147309, labels: { source: "simulator" } }),
      { qos: 1 },
    );
    await pub.publishAsync(
      `${root}/dc-1/it_power_watts/metering_point=pdu_output`,
      JSON.stringify([
        { value: 1.2, unit: "kW", ts: "2026-11-26T06:22:27Z" },
        { value: 1.3, unit: "kW", ts: "2026-11-26T06:22:28Z" },
      ]),
      { qos: 1 },
    );
    await pub.publishAsync(`${root}/dc-1/not a metric`, "1", { qos: 1 });
    await pub.publishAsync(`${root}/dc-1/facility_power_watts`, "{broken", { qos: 1 });
    await waitFor(() => got.length === 4 && bridge!.stats().invalid === 2);
    await bridge.flush();

    const power = got.find((p) => p.metric === "facility_power_watts")!;
    expect(power.labels).toEqual({ site: "dc-1" });
    expect(power.value).toBe(1500.5);
    expect(power.ts).toBeGreaterThanOrEqual(before - 1000);
    expect(got.find((p) => p.metric === "coolant_supply_temperature_celsius")).toEqual({
      metric: "coolant_supply_temperature_celsius",
      labels: { site: "dc-1", loop: "immersion", source: "simulator" },
      ts: 1764138147309,
      value: 38.2,
    });
    expect(got.filter((p) => p.metric === "it_power_watts").map((p) => [p.ts, p.value])).toEqual([
      [Date.UTC(2026, 10, 26, 6, 22, 27), 1200],
      [Date.UTC(2026, 10, 26, 6, 22, 28), 1300],
    ]);
    expect(bridge.stats()).toMatchObject({ messages: 5, points: 4, written: 4, invalid: 2 });
  });

  it("skips a retained value without timestamp but keeps a retained one with it", async () => {
    const root = `afc-test-${randomBytes(4).toString("hex")}`;
    const pub = await publisher();
    await pub.publishAsync(`${root}/dc-1/outdoor_temperature_celsius`, "11", { qos: 1, retain: true });
    await pub.publishAsync(`${root}/dc-1/water_usage_liters_total`, '{"value":5,"ts":1764138147309}', {
      qos: 1,
      retain: true,
    });
    const { got, sink } = collector();
    try {
      bridge = startMqttBridge({
        url: URL_,
        topics: [`${root}/#`],
        sink,
        flushMs: 50,
        persistentSession: false,
      });
      await bridge.ready;
      await waitFor(() => got.length === 1 && bridge!.stats().skipped === 1);
      expect(got[0]).toMatchObject({ metric: "water_usage_liters_total", value: 5, ts: 1764138147309 });
    } finally {
      // Clear the retained messages from the broker.
      await pub.publishAsync(`${root}/dc-1/outdoor_temperature_celsius`, "", { qos: 1, retain: true });
      await pub.publishAsync(`${root}/dc-1/water_usage_liters_total`, "", { qos: 1, retain: true });
    }
  });

  it("keeps buffering while the sink fails and delivers everything once it recovers", async () => {
    const root = `afc-test-${randomBytes(4).toString("hex")}`;
    const got: TelemetryPoint[] = [];
    let failures = 2;
    const sink: PointSink = async (points) => {
      if (failures > 0) {
        failures--;
        throw new Error("ingest 503");
      }
      got.push(...points);
      return { accepted: points.length };
    };
    bridge = startMqttBridge({
      url: URL_,
      topics: [`${root}/#`],
      sink,
      flushMs: 50,
      persistentSession: false,
    });
    await bridge.ready;
    const pub = await publisher();
    for (let i = 0; i < 20; i++) {
      await pub.publishAsync(
        `${root}/dc-1/facility_power_watts`,
        JSON.stringify({ value: i, ts: 1764138147000 + i * 1000 }),
        {
          qos: 1,
        },
      );
    }
    await waitFor(() => got.length === 20, 10_000);
    expect(got.map((p) => p.value)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(bridge.stats()).toMatchObject({ sinkFailures: 2, written: 20, buffered: 0, dropped: 0 });
  });

  it("drops a batch the sink refuses for good and carries on", async () => {
    const root = `afc-test-${randomBytes(4).toString("hex")}`;
    const got: TelemetryPoint[] = [];
    const sink: PointSink = async (points) => {
      if (points.some((p) => p.value < 0)) throw new PermanentSinkError("ingest 400: negative");
      got.push(...points);
      return { accepted: points.length };
    };
    bridge = startMqttBridge({
      url: URL_,
      topics: [`${root}/#`],
      sink,
      flushMs: 30,
      persistentSession: false,
    });
    await bridge.ready;
    const pub = await publisher();
    await pub.publishAsync(`${root}/dc-1/facility_power_watts`, "-1", { qos: 1 });
    await waitFor(() => bridge!.stats().rejected === 1);
    await pub.publishAsync(`${root}/dc-1/facility_power_watts`, "2", { qos: 1 });
    await waitFor(() => got.length === 1);
    expect(got[0]!.value).toBe(2);
  });
});

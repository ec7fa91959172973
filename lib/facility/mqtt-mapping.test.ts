import { describe, expect, it } from "vitest";
import { parseMqttMessage, parseTopic, topicFor } from "./mqtt-mapping";

const now = Date.UTC(2026, 10, 26, 6, 22, 27);
const opts = { receivedAtMs: now };

describe("parseTopic", () => {
  it("reads site, metric and label levels", () => {
    expect(parseTopic("factory/dc-1/coolant_supply_temperature_celsius/loop=immersion")).toEqual({
      ok: true,
      metric: "coolant_supply_temperature_celsius",
      labels: { site: "dc-1", loop: "immersion" },
    });
  });
  it("refuses bad metric names and label levels, saying which", () => {
    expect(parseTopic("factory/dc-1")).toMatchObject({ ok: false });
    expect(parseTopic("factory/dc-1/9bad")).toMatchObject({
      ok: false,
      error: expect.stringContaining('"9bad"'),
    });
    expect(parseTopic("factory/dc-1/x/loop")).toMatchObject({
      ok: false,
      error: expect.stringContaining('"loop"'),
    });
    expect(parseTopic("factory/dc-1/x/__name__=y")).toMatchObject({ ok: false });
    expect(parseTopic("factory//x")).toMatchObject({ ok: false });
  });
});

describe("parseMqttMessage", () => {
  it("takes a plain number at the receive time", () => {
    const r = parseMqttMessage("factory/dc-1/facility_power_watts", Buffer.from("1234.5"), opts);
    expect(r).toEqual({
      ok: true,
      points: [{ metric: "facility_power_watts", labels: { site: "dc-1" }, ts: now, value: 1234.5 }],
    });
  });
  it("takes JSON with ts (ms, seconds, ISO), labels and unit conversion", () => {
    const r = parseMqttMessage(
      "factory/dc-1/facility_power_watts",
      JSON.stringify({
        value: 1.2,
        unit: "kW",
        ts: 1764138147,
        labels: { source: "simulator", site: "spoof" },
      }),
      opts,
    );
    expect(r).toEqual({
      ok: true,
      points: [
        {
          metric: "facility_power_watts",
          labels: { source: "simulator", site: "dc-1" },
          ts: 1764138147000,
          value: 1200,
        },
      ],
    });
    const iso = parseMqttMessage(
      "f/s/outdoor_temperature_celsius",
      '{"value": 50, "unit": "°F", "ts": "2026-11-26T06:22:27Z"}',
      opts,
    );
    expect(iso).toMatchObject({ ok: true, points: [{ ts: now, value: 10 }] });
    const ms = parseMqttMessage(
      "f/s/water_usage_liters_total",
      `{"value": 2, "unit": "m3", "ts": ${now}}`,
      opts,
    );
    expect(ms).toMatchObject({ ok: true, points: [{ ts: now, value: 2000 }] });
  });
  it("takes a JSON array as a batch", () => {
    const r = parseMqttMessage(
      "f/s/it_power_watts/metering_point=pdu_output",
      '[{"value":1,"ts":1000000000000},{"value":2,"ts":1000000001000}]',
      opts,
    );
    expect(r.ok && r.points.map((p) => [p.ts, p.value, p.labels.metering_point])).toEqual([
      [1000000000000, 1, "pdu_output"],
      [1000000001000, 2, "pdu_output"],
    ]);
  });
  it("refuses bad payloads with the reason", () => {
    const bad = (payload: string) => parseMqttMessage("f/s/m", payload, opts);
    expect(bad("")).toMatchObject({ ok: false, error: expect.stringContaining("empty") });
    expect(bad("hello")).toMatchObject({ ok: false, error: expect.stringContaining("neither") });
    expect(bad('{"value":"3"}')).toMatchObject({
      ok: false,
      error: expect.stringContaining("finite number"),
    });
    expect(bad("NaN")).toMatchObject({ ok: false });
    expect(bad('{"value":1,"unit":"furlongs"}')).toMatchObject({
      ok: false,
      error: expect.stringContaining("unit"),
    });
    expect(bad('{"value":1,"ts":"2026-11-26 06:22:27"}')).toMatchObject({
      ok: false,
      error: expect.stringContaining("zone"),
    });
    expect(bad('{"value":1,"labels":{"bad-name":"x"}}')).toMatchObject({ ok: false });
    expect(bad('[{"value":1},{"value":null}]')).toMatchObject({
      ok: false,
      error: expect.stringContaining("[1]"),
    });
  });
  it("skips retained messages without a timestamp, keeps those with one", () => {
    expect(parseMqttMessage("f/s/m", "5", { ...opts, retained: true })).toMatchObject({
      ok: false,
      skipped: true,
    });
    expect(
      parseMqttMessage("f/s/m", '{"value":5,"ts":1000000000000}', { ...opts, retained: true }),
    ).toMatchObject({ ok: true });
  });
});

describe("topicFor", () => {
  it("is the inverse of parseTopic (source travels in the payload)", () => {
    const point = {
      metric: "cooling_unit_state",
      labels: { site: "dc-1", loop: "immersion", unit: "cdu-imm-1", source: "simulator" },
      ts: 1,
      value: 2,
    };
    const topic = topicFor("factory", point);
    expect(topic).toBe("factory/dc-1/cooling_unit_state/loop=immersion/unit=cdu-imm-1");
    expect(parseTopic(topic)).toMatchObject({
      ok: true,
      labels: { site: "dc-1", loop: "immersion", unit: "cdu-imm-1" },
    });
  });
});

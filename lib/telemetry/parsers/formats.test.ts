import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ParseError } from "../batch";
import { decodeClockEventReasons, isThrottling } from "../clock-events";
import { LATENCY_BOUNDS_SECONDS, parseRequestsJsonl, requestsToItems } from "../requests-jsonl";
import { parseJsonBatch } from "./json";
import { parseNvidiaSmiCsv, zoneResolver } from "./nvidia-smi";
import { parseOtlpJson } from "./otlp";

const NOW = 1_795_674_000_000;
const TRACE = "fixtures/h200-inference-trace";

describe("nvidia-smi CSV", () => {
  const csv = fs.readFileSync(`${TRACE}/nvsmi.csv`, "utf8");
  const batch = parseNvidiaSmiCsv(csv, { host: "h200-demo", tz: "UTC", nowMs: NOW });
  const rows = batch.rows();
  const of = (m: string) => rows.filter((r) => r.metric === m);

  it("reads the real H200 trace into canonical series with GPU labels", () => {
    expect(of("gpu_power_watts")).toHaveLength(1263);
    expect(of("gpu_power_watts")[0]).toEqual({
      metric: "gpu_power_watts",
      labels: {
        host: "h200-demo",
        gpu: "0",
        uuid: "GPU-25c134ee-cb06-f00f-1e0c-f2332097f743",
        model: "NVIDIA H200",
      },
      ts: Date.UTC(2026, 10, 26, 6, 22, 27, 309),
      value: 77.91,
    });
    expect(Math.max(...of("gpu_temperature_celsius").map((r) => r.value))).toBe(62);
    expect(Math.max(...of("gpu_power_watts").map((r) => r.value))).toBeCloseTo(698.7, 1);
    expect(of("gpu_power_limit_watts")[0]!.value).toBe(700);
    expect(of("gpu_memory_total_bytes")[0]!.value).toBe(143771 * 1024 * 1024);
    expect(of("gpu_sm_clock_hertz")[0]!.value).toBe(345e6);
    expect(of("gpu_utilization_ratio")[0]!.value).toBe(0);
    expect(of("gpu_fan_speed_ratio")).toHaveLength(0); // [N/A] is no reading, not zero
    const reasons = new Set(of("gpu_clock_event_reasons").map((r) => r.value));
    expect(reasons.has(1) && reasons.has(4)).toBe(true);
    expect(of("gpu_memory_temperature_celsius").length).toBe(1263);
  });

  it("honours tz and noheader with a field list; nounits values", () => {
    const at = (tz: string) =>
      parseNvidiaSmiCsv("timestamp, temperature.gpu\n2026/07/01 12:00:00.000, 40\n", {
        host: "h",
        tz,
        nowMs: NOW,
      }).ts[0];
    expect(at("UTC")).toBe(Date.UTC(2026, 6, 1, 12));
    expect(at("+02:00")).toBe(Date.UTC(2026, 6, 1, 10));
    expect(at("Europe/Berlin")).toBe(Date.UTC(2026, 6, 1, 10)); // CEST
    const b = parseNvidiaSmiCsv("0, GPU-x, 300.5, 55\n1, GPU-y, 100, 41\n", {
      host: "h",
      fields: ["index", "uuid", "power.draw [W]", "temperature.gpu"],
      nowMs: NOW,
    });
    expect(b.rows().map((r) => [r.metric, r.labels.gpu, r.value])).toEqual([
      ["gpu_power_watts", "0", 300.5],
      ["gpu_temperature_celsius", "0", 55],
      ["gpu_power_watts", "1", 100],
      ["gpu_temperature_celsius", "1", 41],
    ]);
  });

  it("rejects malformed rows with line and field", () => {
    const bad = (text: string) => {
      try {
        parseNvidiaSmiCsv(text, { host: "h", nowMs: NOW });
      } catch (e) {
        return e as ParseError;
      }
      throw new Error("expected error");
    };
    expect(bad("timestamp, power.draw [W]\n2026/11/26 06:22:27.309, abc W\n")).toMatchObject({
      line: 2,
      field: "power.draw",
    });
    expect(bad("timestamp, power.draw [W]\n2026/11/26 06:22:27.309, 1 W, 3\n").line).toBe(2);
    expect(bad("timestamp, power.draw [W]\n26-11-2026, 1 W\n").line).toBe(2);
    expect(() => zoneResolver("Mars/Olympus")).toThrow(/time zone/);
  });
});

describe("OTLP JSON", () => {
  const body = JSON.parse(fs.readFileSync("test/fixtures/telemetry/otlp.json", "utf8"));
  const res = parseOtlpJson(body, NOW);
  const rows = res.batch.rows();
  const of = (m: string) => rows.filter((r) => r.metric === m);

  it("maps semantic conventions and keeps resource/scope attributes as labels", () => {
    expect(of("gpu_temperature_celsius")[0]).toMatchObject({ value: 64, ts: 1795674200000 });
    expect(of("gpu_temperature_celsius")[0]!.labels).toMatchObject({
      host: "n1",
      service_name: "vllm",
      otel_scope_name: "vllm.metrics",
      uuid: "GPU-25c1",
    });
    expect(of("gpu_power_watts")[0]!.value).toBe(650);
    expect(of("gpu_energy_joules_total")[0]!.value).toBe(123456.5);
    expect(of("http_server_active_requests")[0]!.value).toBe(3);
    const buckets = of("inference_request_duration_seconds_bucket");
    expect(buckets.map((r) => [r.labels.le, r.value])).toEqual([
      ["0.1", 120],
      ["0.5", 410],
      ["1", 470],
      ["2", 490],
      ["5", 498],
      ["+Inf", 500],
    ]);
    expect(buckets[0]!.labels.model).toBe("llama");
    // ms → s on bounds and sum
    expect(of("inference_time_to_first_token_seconds_bucket").map((r) => r.labels.le)).toEqual([
      "0.1",
      "0.5",
      "+Inf",
    ]);
    expect(of("inference_time_to_first_token_seconds_sum")[0]!.value).toBeCloseTo(0.45);
    expect(of("inference_tokens_total")[0]).toMatchObject({ value: 300, labels: { type: "output" } });
    expect(of("request_size_bucket").at(-1)).toMatchObject({ value: 4 });
    expect(of("rpc_latency").map((r) => r.labels.quantile)).toEqual(["0.5", "0.99"]);
  });

  it("rejects broken points alone (partial success)", () => {
    expect(res.rejected).toBe(2);
    expect(res.errors.join(" ")).toMatch(/strictly increasing/);
    expect(res.errors.join(" ")).toMatch(/expected bounds \+ 1/);
    expect(of("broken_histogram_bucket")).toHaveLength(0);
    expect(() => parseOtlpJson([], NOW)).toThrow(ParseError);
  });
});

describe("JSON batch", () => {
  it("stores good items and reports bad ones by index", () => {
    const { batch, rejected } = parseJsonBatch(
      {
        points: [
          { metric: "facility_power_watts", labels: { site: "a" }, ts: NOW, value: 1.2e6 },
          { metric: "bad name", ts: NOW, value: 1 },
          { metric: "x", ts: "2026-11-26T06:00:00Z", value: 2 },
          { metric: "lat", ts: NOW, histogram: { bounds: [1, 2], counts: [1, 0, 1], sum: 3.5 } },
          { metric: "lat", ts: NOW, histogram: { bounds: [2, 1], counts: [1, 0, 1] } },
          { metric: "x", ts: "2026-11-26T06:00:00Z", value: 3 },
          { metric: "y", ts: "yesterday", value: 3 },
        ],
      },
      NOW,
    );
    expect(rejected.map((r) => r.index)).toEqual([1, 4, 5, 6]);
    expect(batch.rows().map((r) => [r.metric, r.labels.le, r.value])).toEqual([
      ["facility_power_watts", undefined, 1.2e6],
      ["x", undefined, 2],
      ["lat_bucket", "1", 1],
      ["lat_bucket", "2", 1],
      ["lat_bucket", "+Inf", 2],
      ["lat_sum", undefined, 3.5],
      ["lat_count", undefined, 2],
    ]);
  });
});

describe("requests.jsonl", () => {
  const records = parseRequestsJsonl(fs.readFileSync(`${TRACE}/requests.jsonl`, "utf8"));
  const items = requestsToItems(records, "h200-demo");
  it("turns every request into histogram observations and cumulative counters", () => {
    expect(records).toHaveLength(84);
    const lat = items.filter((i) => i.metric === "inference_request_duration_seconds");
    expect(lat.reduce((a, i) => a + i.histogram!.count!, 0)).toBe(84);
    const out = items.filter((i) => i.metric === "inference_tokens_total" && i.labels!.type === "output");
    expect(out[0]!.value).toBe(0);
    expect(out.at(-1)!.value).toBe(records.reduce((a, r) => a + (r.tokens ?? 0), 0));
    expect(items.every((i) => i.labels!.host === "h200-demo")).toBe(true);
    const { rejected } = parseJsonBatch({ points: items }, NOW);
    expect(rejected).toEqual([]);
  });
  it("has fine latency bounds including the architecture's", () => {
    for (const b of [0.1, 0.5, 1, 2, 5]) expect(LATENCY_BOUNDS_SECONDS).toContain(b);
    expect(LATENCY_BOUNDS_SECONDS[0]).toBe(0.005);
    expect(LATENCY_BOUNDS_SECONDS.at(-1)).toBe(60);
  });
});

describe("clock-event reasons", () => {
  it("decodes the bitmask", () => {
    expect(decodeClockEventReasons(0x4)).toEqual(["sw_power_cap"]);
    expect(decodeClockEventReasons(0x1)).toEqual(["idle"]);
    expect(decodeClockEventReasons(0x64)).toEqual(["sw_power_cap", "sw_thermal", "hw_thermal"]);
    expect(isThrottling(0x4)).toBe(true);
    expect(isThrottling(0x1)).toBe(false);
    expect(decodeClockEventReasons(null)).toEqual([]);
  });
});

import fs from "node:fs";
import { Writer } from "protobufjs";
import { describe, expect, it } from "vitest";
import { ParseError } from "../batch";
import { parseJsonBuffer } from "./json-scan";
import { OTLP_RAW_KEYS, parseOtlpJson } from "./otlp";
import { decodeOtlpMetrics, encodeExportResponse, encodeStatus, grpcCode, otlpCodec } from "./otlp-protobuf";

const NOW = 1_795_674_000_000;
/** 2026-11-26T06:23:20Z in ns: far beyond 2^53, so it must travel as a 64-bit integer. */
const T = "1795674200000000000";
const T0 = "1795670000000000000";

/** An OTLP/JSON-shaped body as protobuf bytes (protobufjs, from our schema). */
function encode(body: object): Uint8Array {
  const { request } = otlpCodec();
  return request.encode(request.fromObject(body)).finish();
}
/** The same body through both doors: protobuf, and JSON text as the route reads it. */
function both(body: object) {
  const proto = parseOtlpJson(decodeOtlpMetrics(encode(body)), NOW);
  const json = parseOtlpJson(parseJsonBuffer(Buffer.from(JSON.stringify(body)), OTLP_RAW_KEYS), NOW);
  return { proto, json, rows: proto.batch.rows() };
}
const kv = (key: string, value: object) => ({ key, value });
const request = (metrics: object[], resource: object[] = [], scope: object = {}) => ({
  resourceMetrics: [{ resource: { attributes: resource }, scopeMetrics: [{ scope, metrics }] }],
});

describe("OTLP protobuf", () => {
  it("reads the OTLP fixture exactly as the JSON path does", () => {
    const body = JSON.parse(fs.readFileSync("test/fixtures/telemetry/otlp.json", "utf8"));
    const { proto, json, rows } = both(body);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows).toEqual(json.batch.rows());
    expect(proto.batch.series.map((s) => [s.kind, s.temporality])).toEqual(
      json.batch.series.map((s) => [s.kind, s.temporality]),
    );
    expect(proto.rejected).toBe(2);
    expect(proto.errors).toEqual(json.errors);
  });

  it("gauges and sums: zero values, asInt, 64-bit times, resource and scope labels", () => {
    const body = request(
      [
        {
          name: "hw.power",
          unit: "W",
          gauge: {
            dataPoints: [
              { timeUnixNano: T, asDouble: 0, attributes: [kv("hw.type", { stringValue: "gpu" })] },
              { timeUnixNano: T, asInt: "0", attributes: [kv("hw.id", { stringValue: "GPU-1" })] },
              { timeUnixNano: T, asInt: "9007199254740993" },
            ],
          },
        },
        {
          name: "requests",
          sum: {
            aggregationTemporality: 1,
            isMonotonic: true,
            dataPoints: [{ startTimeUnixNano: T0, timeUnixNano: T, asInt: "7" }],
          },
        },
        {
          name: "bytes.sent",
          sum: {
            aggregationTemporality: 2,
            isMonotonic: true,
            dataPoints: [{ timeUnixNano: T, asDouble: 1.5 }],
          },
        },
        {
          name: "queue.depth",
          sum: { aggregationTemporality: 2, dataPoints: [{ timeUnixNano: T, asInt: "-3" }] },
        },
        {
          name: "flags",
          gauge: {
            dataPoints: [
              {
                timeUnixNano: T,
                asDouble: 1,
                attributes: [
                  kv("up", { boolValue: false }),
                  kv("empty", { stringValue: "" }),
                  kv("n", { intValue: "0" }),
                  kv("d", { doubleValue: 0 }),
                  kv("list", { arrayValue: { values: [{ stringValue: "a" }, { intValue: "2" }] } }),
                  kv("raw", { bytesValue: "AAE=" }),
                ],
              },
            ],
          },
        },
      ],
      [kv("host.name", { stringValue: "n1" }), kv("service.name", { stringValue: "vllm" })],
      { name: "my.scope", version: "1.2", attributes: [kv("team", { stringValue: "sre" })] },
    );
    const { proto, json, rows } = both(body);
    expect(proto.rejected).toBe(0);
    expect(rows).toEqual(json.batch.rows());
    const base = { host: "n1", service_name: "vllm", otel_scope_name: "my.scope", otel_scope_version: "1.2" };
    expect(rows.map((r) => [r.metric, r.value, r.ts])).toEqual([
      ["gpu_power_watts", 0, 1_795_674_200_000],
      ["hw_power", 0, 1_795_674_200_000],
      ["hw_power", 9007199254740992, 1_795_674_200_000],
      ["requests_total", 7, 1_795_674_200_000],
      ["bytes_sent_total", 1.5, 1_795_674_200_000],
      ["queue_depth", -3, 1_795_674_200_000],
      ["flags", 1, 1_795_674_200_000],
    ]);
    expect(rows[0]!.labels).toEqual({ ...base, team: "sre", hw_type: "gpu" });
    expect(rows[1]!.labels).toEqual({ ...base, team: "sre", uuid: "GPU-1" });
    expect(rows[6]!.labels).toMatchObject({
      up: "false",
      empty: "",
      n: "0",
      d: "0",
      list: '["a","2"]',
      raw: "AAE=",
    });
    expect(proto.batch.series.map((s) => [s.metric, s.kind, s.temporality])).toEqual([
      ["gpu_power_watts", "gauge", null],
      ["hw_power", "gauge", null],
      ["hw_power", "gauge", null],
      ["requests_total", "counter", "delta"],
      ["bytes_sent_total", "counter", "cumulative"],
      ["queue_depth", "gauge", null],
      ["flags", "gauge", null],
    ]);
  });

  it("histograms, exponential histograms and summaries; a broken point is rejected alone", () => {
    const body = request([
      {
        name: "latency",
        unit: "ms",
        histogram: {
          aggregationTemporality: 2,
          dataPoints: [
            {
              timeUnixNano: T,
              count: "6",
              sum: 0,
              min: 0,
              max: 4,
              explicitBounds: [1, 2.5],
              bucketCounts: ["1", "0", "5"],
            },
            { timeUnixNano: T, count: "2", explicitBounds: [1, 2], bucketCounts: ["1", "1"] },
          ],
        },
      },
      {
        name: "size",
        exponentialHistogram: {
          aggregationTemporality: 1,
          dataPoints: [
            {
              timeUnixNano: T,
              count: "7",
              sum: 3.25,
              scale: -1,
              zeroCount: "1",
              zeroThreshold: 0.001,
              positive: { offset: -1, bucketCounts: ["2", "0", "3"] },
              negative: { offset: 0, bucketCounts: ["1"] },
            },
          ],
        },
      },
      {
        name: "rpc.time",
        summary: {
          dataPoints: [
            {
              timeUnixNano: T,
              count: "10",
              sum: 2.5,
              quantileValues: [
                { quantile: 0, value: 0 },
                { quantile: 0.99, value: 0.9 },
              ],
            },
          ],
        },
      },
    ]);
    const { proto, json, rows } = both(body);
    expect(rows).toEqual(json.batch.rows());
    expect(proto.rejected).toBe(1);
    expect(proto.errors.join()).toMatch(/latency.*expected bounds \+ 1/);
    const of = (m: string) => rows.filter((r) => r.metric === m);
    expect(of("latency_bucket").map((r) => [r.labels.le, r.value])).toEqual([
      ["1", 1],
      ["2.5", 1],
      ["+Inf", 6],
    ]);
    expect(of("latency_sum")).toHaveLength(1);
    expect(of("latency_sum")[0]!.value).toBe(0);
    expect(of("latency_count")[0]!.value).toBe(6);
    expect(of("size_bucket").map((r) => [r.labels.le, r.value])).toEqual([
      ["-1", 1],
      ["0.001", 2],
      ["1", 4],
      ["4", 4],
      ["16", 7],
      ["+Inf", 7],
    ]);
    expect(of("size_sum")[0]!.value).toBe(3.25);
    expect(of("rpc_time").map((r) => [r.labels.quantile, r.value])).toEqual([
      ["0", 0],
      ["0.99", 0.9],
    ]);
    expect(of("rpc_time_count")[0]!.value).toBe(10);
  });
});

describe("OTLP protobuf errors and responses", () => {
  it("refuses truncated, garbage and absurdly nested bytes with a ParseError", () => {
    const good = encode(request([{ name: "g", gauge: { dataPoints: [{ timeUnixNano: T, asDouble: 1 }] } }]));
    expect(() => decodeOtlpMetrics(good)).not.toThrow();
    for (const bad of [
      good.subarray(0, good.length - 3),
      Uint8Array.from([0x0a, 0x05, 0x0a]),
      Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      Uint8Array.from([0x0f, 0x00]), // wire type 7 does not exist
    ])
      expect(() => decodeOtlpMetrics(bad), String(bad)).toThrow(ParseError);
    // AnyValue.array_value nested 5,000 deep: refused by the decoder's depth limit, not the stack.
    const w = Writer.create();
    const depth = 5000;
    for (let i = 0; i < depth; i++)
      w.uint32((5 << 3) | 2)
        .fork()
        .uint32((1 << 3) | 2)
        .fork();
    for (let i = 0; i < depth * 2; i++) w.ldelim();
    const nested = w.finish();
    const wrap = (field: number, inner: Uint8Array) => {
      const o = Writer.create();
      o.uint32((field << 3) | 2).bytes(inner);
      return o.finish();
    };
    // KeyValue{key, value: nested} in Resource.attributes in ResourceMetrics.resource in the request.
    const keyValue = Writer.create().uint32(10).string("k").uint32(18).bytes(nested).finish();
    const deep = wrap(1, wrap(1, wrap(1, keyValue)));
    expect(() => decodeOtlpMetrics(deep)).toThrow(/malformed OTLP protobuf/);
  });

  it("encodes responses and errors as the spec asks", () => {
    expect(encodeExportResponse(0, "")).toHaveLength(0);
    // partial_success = 1 { rejected_data_points = 1: 2, error_message = 2: "x" }
    expect([...encodeExportResponse(2, "x")]).toEqual([0x0a, 5, 0x08, 2, 0x12, 1, 0x78]);
    const { response } = otlpCodec();
    expect(response.toObject(response.decode(encodeExportResponse(3, "bad")), { longs: String })).toEqual({
      partialSuccess: { rejectedDataPoints: "3", errorMessage: "bad" },
    });
    // google.rpc.Status { code = 1: 3, message = 2: "no" }
    expect([...encodeStatus(3, "no")]).toEqual([0x08, 3, 0x12, 2, 0x6e, 0x6f]);
    expect([400, 401, 403, 413, 429, 500, 503].map(grpcCode)).toEqual([3, 16, 7, 8, 8, 13, 14]);
  });
});

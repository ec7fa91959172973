import fs from "node:fs";
import { Writer } from "protobufjs";
import { describe, expect, it } from "vitest";
import { materialize } from "@/test/raw-json";
import { ParseError } from "../batch";
import { RawJson } from "./json-scan";
import { decodeOtlpMetrics, decodeOtlpMetricsReference, otlpCodec } from "./otlp-protobuf";
import { signed64, unsigned64 } from "./otlp-protobuf-cache";
import { scanOtlpMetrics } from "./otlp-protobuf-scan";

/**
 * The fast decoder against protobufjs decode + toObject (the reference): same object for every
 * body, RawJson lists aside; same error for every malformed one.
 */
const T = "1795674200000000000";
const T0 = "1795670000000000000";
const MAX_U64 = "18446744073709551615";

const fast = (bytes: Uint8Array) => scanOtlpMetrics(bytes, otlpCodec().scan);
/** The fast path reads `bytes` itself (no fallback) and gives the reference's object. */
function expectSame(bytes: Uint8Array) {
  const got = fast(bytes);
  expect(materialize(got)).toStrictEqual(decodeOtlpMetricsReference(bytes));
  return got;
}
/** Whatever the bytes: decodeOtlpMetrics gives the reference's object or its ParseError. */
function expectSameOutcome(bytes: Uint8Array) {
  let want: unknown;
  let wantError: unknown;
  try {
    want = decodeOtlpMetricsReference(bytes);
  } catch (err) {
    wantError = err;
  }
  if (wantError) {
    expect(wantError).toBeInstanceOf(ParseError);
    expect(() => decodeOtlpMetrics(bytes)).toThrow(wantError as Error);
    try {
      decodeOtlpMetrics(bytes);
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
    }
  } else expect(materialize(decodeOtlpMetrics(bytes))).toStrictEqual(want);
}
const encode = (body: object) => {
  const { request } = otlpCodec();
  return request.encode(request.fromObject(body)).finish();
};
const kv = (key: string, value: object) => ({ key, value });
const request = (metrics: object[]) => ({
  resourceMetrics: [
    {
      resource: {
        attributes: [kv("host.name", { stringValue: "n1" })],
        droppedAttributesCount: 2,
        entityRefs: [{ schemaUrl: "s", type: "host", idKeys: ["host.name", "x"], descriptionKeys: ["d"] }],
      },
      schemaUrl: "https://rm",
      scopeMetrics: [
        {
          scope: {
            name: "sc",
            version: "1",
            attributes: [kv("team", { stringValue: "sre" })],
            droppedAttributesCount: 1,
          },
          schemaUrl: "https://sm",
          metrics,
        },
      ],
    },
  ],
});
/** Attributes of every AnyValue kind, zero-valued ones included. */
const EVERY_KIND = [
  kv("s", { stringValue: "täst ✓" }),
  kv("empty", { stringValue: "" }),
  kv("t", { boolValue: true }),
  kv("f", { boolValue: false }),
  kv("i", { intValue: "-9223372036854775808" }),
  kv("zero", { intValue: "0" }),
  kv("d", { doubleValue: 2.5 }),
  kv("d0", { doubleValue: 0 }),
  kv("arr", { arrayValue: { values: [{ stringValue: "a" }, { intValue: "2" }, { arrayValue: {} }] } }),
  kv("kvl", {
    kvlistValue: { values: [kv("in", { boolValue: true }), kv("__proto__", { stringValue: "p" })] },
  }),
  kv("b", { bytesValue: "AAEC/w==" }),
  kv("nothing", {}),
];
const EXEMPLAR = {
  filteredAttributes: [kv("trace", { stringValue: "x" })],
  timeUnixNano: T,
  asInt: "-1",
  spanId: "AQIDBAUGBwg=",
  traceId: "AQIDBAUGBwgJCgsMDQ4PEA==",
};
const EVERY_TYPE = request([
  {
    name: "g",
    description: "gauge",
    unit: "W",
    metadata: [kv("m", { stringValue: "v" })],
    gauge: {
      dataPoints: [
        { timeUnixNano: T, startTimeUnixNano: T0, asDouble: 0, attributes: EVERY_KIND, flags: 1 },
        { timeUnixNano: T, asInt: "-9007199254740993", attributes: EVERY_KIND, exemplars: [EXEMPLAR] },
        { timeUnixNano: MAX_U64, asInt: "0" },
        { asDouble: -0 },
        { asDouble: Number.NaN, attributes: [kv("inf", { doubleValue: Number.POSITIVE_INFINITY })] },
        {},
      ],
    },
  },
  {
    name: "s",
    sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ timeUnixNano: T, asInt: "7" }] },
  },
  { name: "s0", sum: { aggregationTemporality: 0, isMonotonic: false, dataPoints: [] } },
  {
    name: "h",
    histogram: {
      aggregationTemporality: 2,
      dataPoints: [
        {
          timeUnixNano: T,
          count: MAX_U64,
          sum: 0,
          min: 0,
          max: -1.5,
          bucketCounts: ["0", MAX_U64, "9007199254740993"],
          explicitBounds: [-1, 0],
          exemplars: [{ asDouble: 0 }],
          attributes: [kv("a", { stringValue: "b" })],
          flags: 1,
        },
        { count: "0", bucketCounts: [], explicitBounds: [] },
      ],
    },
  },
  {
    name: "e",
    exponentialHistogram: {
      aggregationTemporality: 1,
      dataPoints: [
        {
          attributes: [kv("a", { stringValue: "b" })],
          timeUnixNano: T,
          count: "5",
          sum: 0,
          scale: -3,
          zeroCount: MAX_U64,
          zeroThreshold: -0,
          positive: { offset: -7, bucketCounts: ["1", MAX_U64] },
          negative: { offset: 0, bucketCounts: [] },
          min: 0,
          max: 0,
          exemplars: [EXEMPLAR],
        },
        { scale: 0, zeroThreshold: 0, positive: {} },
      ],
    },
  },
  {
    name: "q",
    summary: {
      dataPoints: [
        {
          attributes: [kv("a", { stringValue: "b" })],
          timeUnixNano: T,
          count: "3",
          sum: 0,
          quantileValues: [{ quantile: 0, value: 0 }, { quantile: 0.5, value: -0 }, {}],
        },
        { sum: 1.5, quantileValues: [] },
      ],
    },
  },
  { name: "none" },
  { name: "", unit: "" },
]);

describe("fast OTLP protobuf decoder: same object as protobufjs", () => {
  it("the OTLP fixture", () => {
    expectSame(encode(JSON.parse(fs.readFileSync("test/fixtures/telemetry/otlp.json", "utf8"))));
  });

  it("every metric type, zero and extreme values, every attribute kind", () => {
    const got = expectSame(encode(EVERY_TYPE)) as Json;
    const points = got.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints;
    // Identical attribute bytes: the same RawJson object (the label memo then applies).
    expect(points[0].attributes).toBeInstanceOf(RawJson);
    expect(points[1].attributes).toBe(points[0].attributes);
    // A list with a non-finite double cannot be JSON text: a plain array, same content.
    expect(Array.isArray(points[4].attributes)).toBe(true);
    // Also across bodies: the cache knows the list.
    const again = fast(encode(EVERY_TYPE)) as Json;
    expect(again.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].attributes).toBe(
      points[0].attributes,
    );
  });

  it("repeated fields split on the wire, unknown fields of every wire type, last value wins", () => {
    const w = Writer.create();
    const got = expectSame(interleaved(w)) as Json;
    const [a, b] = got.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints;
    // The same list split by other fields: the same RawJson as the contiguous one.
    expect(a.attributes).toBeInstanceOf(RawJson);
    expect(b.attributes).toBe(a.attributes);
  });

  it("a known field with another wire type is an unknown field, as in protobufjs", () => {
    const f = (n: number, wire: number) => (n << 3) | wire;
    // Metric.gauge as a varint; in a point: time as a varint, attributes as fixed32, asDouble
    // as a length-delimited value.
    expectSame(nest([1, 2, 2], (w) => w.uint32(10).string("m").uint32(f(5, 0)).uint32(1)));
    const point = (w: Writer) =>
      w
        .uint32(f(3, 0))
        .uint32(5)
        .uint32(f(7, 5))
        .fixed32(1)
        .uint32(f(4, 2))
        .bytes(Uint8Array.from([1]))
        .uint32(f(6, 1))
        .sfixed64(3);
    expectSame(nest([1, 2, 2, 5, 1], point));
    // Sum's temporality (2) and monotonicity (3) are unknown fields of the other aggregations.
    for (const data of [5, 9, 10, 11])
      expectSame(nest([1, 2, 2, data], (w) => w.uint32(f(2, 0)).uint32(2).uint32(f(3, 0)).uint32(1)));
  });

  it("leaves merges and groups to protobufjs (same result through decodeOtlpMetrics)", () => {
    const f = (n: number, wire: number) => (n << 3) | wire;
    const resource = (w: Writer, dropped: number) => w.uint32(10).fork().uint32(16).uint32(dropped).ldelim();
    const cases = [
      // ResourceMetrics.resource given twice: protobufjs merges the two
      nest([1], (w) => resource(resource(w, 1), 0)),
      // ExponentialHistogramDataPoint.positive given twice
      nest([1, 2, 2, 10, 1], (w) =>
        w.uint32(f(8, 2)).fork().uint32(8).sint32(1).ldelim().uint32(f(8, 2)).fork().ldelim(),
      ),
      // Metric with two members of its oneof `data` (the last wins), and one member twice
      nest([1, 2, 2], (w) => w.uint32(f(5, 2)).fork().ldelim().uint32(f(7, 2)).fork().ldelim()),
      nest([1, 2, 2], (w) =>
        w.uint32(f(7, 2)).fork().ldelim().uint32(f(7, 2)).fork().uint32(16).uint32(1).ldelim(),
      ),
      // a group inside a data point (skipped by protobufjs)
      nest([1, 2, 2, 5, 1], (w) => w.uint32(f(15, 3)).uint32(f(1, 0)).uint32(5).uint32(f(15, 4))),
    ];
    for (const bytes of cases) {
      expect(() => fast(bytes)).toThrow();
      expectSameOutcome(bytes);
    }
  });
});

describe("64-bit decimal strings", () => {
  it("match BigInt for values around every boundary, unsigned and signed", () => {
    const edges = [0, 1, 0x1fffff, 0x200000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
    for (const hi of edges)
      for (const lo of edges) {
        const bits = (BigInt(hi) << 32n) | BigInt(lo);
        expect(unsigned64(lo, hi)).toBe(bits.toString());
        expect(signed64(lo, hi)).toBe(BigInt.asIntN(64, bits).toString());
      }
  });
});

describe("fast OTLP protobuf decoder: malformed bodies", () => {
  it("every truncation of a small body: the reference's result or its ParseError", () => {
    const body = encode(EVERY_TYPE);
    for (let n = 0; n < body.length; n++) expectSameOutcome(body.subarray(0, n));
  });

  it("random bytes and random corruptions: never another exception", () => {
    let seed = 42;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const body = encode(EVERY_TYPE);
    for (let i = 0; i < 300; i++) {
      expectSameOutcome(
        Uint8Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)),
      );
      const bad = Uint8Array.from(body);
      for (let k = 0; k < 3; k++) bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
      expectSameOutcome(bad);
    }
  });

  it("attributes nested around the recursion limit: same outcome at every depth", () => {
    for (const depth of [85, 90, 92, 93, 94, 95, 96, 97, 98, 100]) {
      let value = Writer.create().uint32(10).string("leaf").finish(); // AnyValue{string_value}
      for (let i = 0; i < depth; i++) {
        const array = Writer.create().uint32(10).bytes(value).finish(); // ArrayValue{values}
        value = Writer.create().uint32(42).bytes(array).finish(); // AnyValue{array_value}
      }
      const keyValue = Writer.create().uint32(10).string("k").uint32(18).bytes(value).finish();
      // as point attributes (depth 6) and as metric metadata (depth 4)
      expectSameOutcome(nest([1, 2, 2, 5, 1], (w) => w.uint32(58).bytes(keyValue)));
      expectSameOutcome(nest([1, 2, 2], (w) => w.uint32(98).bytes(keyValue)));
    }
  });
});

// biome-ignore lint/suspicious/noExplicitAny: decoded bodies are walked by known paths
type Json = any;

/** `inner` wrapped in length-delimited fields, outermost first (field numbers in `path`). */
function nest(path: number[], inner: (w: Writer) => void): Uint8Array {
  const w = Writer.create();
  for (const f of path) w.uint32((f << 3) | 2).fork();
  inner(w);
  for (const _ of path) w.ldelim();
  return w.finish();
}

/**
 * A body laid by hand: repeated fields interleaved with others (attributes, data points,
 * metrics, scope metrics, packed and unpacked bucket counts), unknown fields of every wire type
 * in every message, and scalars given twice (the last wins; a zero clears).
 */
function interleaved(w: Writer): Uint8Array {
  const f = (n: number, wire: number) => (n << 3) | wire;
  const unknown = (w: Writer) =>
    w
      .uint32(f(99, 0))
      .uint64("18446744073709551615")
      .uint32(f(98, 1))
      .fixed64(1)
      .uint32(f(97, 2))
      .bytes(Uint8Array.from([1, 2, 3]))
      .uint32(f(96, 5))
      .fixed32(7);
  const attr = (key: string, s: string) => (w: Writer) => {
    w.uint32(f(7, 2)).fork().uint32(10).string(key).uint32(18).fork().uint32(10).string(s).ldelim().ldelim();
  };
  const point = (w: Writer, split: boolean) => {
    w.uint32(f(1, 2)).fork();
    attr("a", "1")(w);
    if (split) {
      w.uint32(f(3, 1)).fixed64(T);
      unknown(w);
    }
    attr("b", "2")(w);
    if (!split) w.uint32(f(3, 1)).fixed64(T);
    w.uint32(f(4, 1)).double(1.5);
    w.uint32(f(6, 1)).sfixed64("-2"); // oneof: asInt replaces asDouble
    w.uint32(f(8, 0)).uint32(1).uint32(f(8, 0)).uint32(0); // flags 1, then 0: cleared
    w.uint32(f(2, 1)).fixed64(T0).uint32(f(2, 1)).fixed64(T); // the last wins
    w.ldelim();
  };
  w.uint32(f(1, 2)).fork(); // ResourceMetrics
  unknown(w);
  w.uint32(f(2, 2)).fork(); // ScopeMetrics
  w.uint32(f(2, 2)).fork(); // Metric
  w.uint32(f(1, 2)).string("g");
  w.uint32(f(5, 2)).fork(); // Gauge
  point(w, false);
  unknown(w);
  point(w, true);
  w.ldelim();
  unknown(w);
  w.uint32(f(3, 2)).string("u").uint32(f(3, 2)).string(""); // unit, then cleared
  w.ldelim();
  unknown(w);
  w.uint32(f(2, 2)).fork(); // Metric: histogram with bucket counts packed and not
  w.uint32(f(1, 2)).string("h");
  w.uint32(f(9, 2)).fork().uint32(f(1, 2)).fork();
  w.uint32(f(6, 2)).fork().fixed64(1).fixed64(2).ldelim();
  w.uint32(f(7, 1)).double(0.5);
  unknown(w);
  w.uint32(f(6, 1)).fixed64(MAX_U64);
  w.uint32(f(7, 2)).fork().double(1).ldelim();
  w.uint32(f(5, 1)).double(0); // optional sum 0: kept
  w.uint32(f(4, 1)).fixed64(5).uint32(f(4, 1)).fixed64(0); // count 5, then 0: cleared
  w.ldelim();
  w.uint32(f(1, 2)).fork(); // a point with empty packed lists: absent
  w.uint32(f(6, 2)).fork().ldelim().uint32(f(7, 2)).fork().ldelim();
  w.ldelim();
  w.uint32(f(2, 0)).uint32(2).uint32(f(2, 0)).uint32(1); // temporality: the last wins
  w.ldelim().ldelim();
  w.uint32(f(2, 2)).fork(); // Metric: exponential histogram, bucket counts packed and not
  w.uint32(f(1, 2)).string("e");
  w.uint32(f(10, 2)).fork().uint32(f(1, 2)).fork();
  w.uint32(f(8, 2)).fork().uint32(f(2, 2)).fork().uint64(3).uint64(MAX_U64).ldelim();
  w.uint32(f(2, 0)).uint64(4).uint32(f(1, 0)).sint32(-2).ldelim();
  w.uint32(f(6, 0)).sint32(3).uint32(f(6, 0)).sint32(0); // scale cleared
  w.uint32(f(9, 2)).fork().uint32(f(2, 2)).fork().ldelim().ldelim(); // empty packed counts
  w.ldelim().ldelim().ldelim();
  w.uint32(f(2, 2)).fork(); // Metric: sum, monotonic then not, temporality then 0
  w.uint32(f(1, 2)).string("s");
  w.uint32(f(7, 2)).fork();
  w.uint32(f(3, 0)).bool(true).uint32(f(3, 0)).bool(false);
  w.uint32(f(2, 0)).uint32(1).uint32(f(2, 0)).uint32(0);
  w.ldelim().ldelim();
  w.ldelim(); // ScopeMetrics
  w.uint32(f(2, 2)).fork().uint32(f(2, 2)).fork().uint32(10).string("second scope").ldelim().ldelim();
  w.ldelim(); // ResourceMetrics
  unknown(w);
  w.uint32(f(1, 2)).fork().uint32(f(3, 2)).string("second resource").ldelim();
  return w.finish();
}

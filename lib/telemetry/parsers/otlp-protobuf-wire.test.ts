import { Writer } from "protobufjs";
import { describe, expect, it } from "vitest";
import { materialize } from "@/test/raw-json";
import { RawJson } from "./json-scan";
import { decodeOtlpMetrics, decodeOtlpMetricsReference, otlpCodec } from "./otlp-protobuf";
import { scanOtlpMetrics } from "./otlp-protobuf-scan";

const T = "1795674200000000000";
const T0 = "1795670000000000000";

/**
 * Bytes laid by hand from the field numbers of opentelemetry-proto v1.x, not from our schema: a
 * wrong number in the vendored .proto text would decode as an unknown (skipped) field here.
 */
describe("OTLP protobuf wire format", () => {
  type Build = (w: Writer) => void;
  const msg = (w: Writer, field: number, build: Build) => {
    w.uint32((field << 3) | 2).fork();
    build(w);
    w.ldelim();
  };
  const str = (w: Writer, field: number, s: string) => w.uint32((field << 3) | 2).string(s);
  const fixed64 = (w: Writer, field: number, v: string) => w.uint32((field << 3) | 1).fixed64(v);
  const double = (w: Writer, field: number, v: number) => w.uint32((field << 3) | 1).double(v);
  const varint = (w: Writer, field: number, v: number) => w.uint32(field << 3).uint32(v);
  const attr = (field: number, key: string, value: Build) => (w: Writer) =>
    msg(w, field, (w) => {
      str(w, 1, key);
      msg(w, 2, value);
    });

  it("decodes every field the parser reads to its OTLP/JSON name and form", () => {
    const w = Writer.create();
    msg(w, 1, (w) => {
      // ResourceMetrics.resource = 1 → Resource.attributes = 1
      msg(
        w,
        1,
        attr(1, "host.name", (w) => str(w, 1, "n1")),
      );
      // ResourceMetrics.scope_metrics = 2
      msg(w, 2, (w) => {
        msg(w, 1, (w) => {
          str(w, 1, "scope"); // InstrumentationScope.name = 1
          str(w, 2, "9"); // version = 2
          attr(3, "ok", (w) => varint(w, 2, 0))(w); // attributes = 3; AnyValue.bool_value = 2 (false)
        });
        msg(w, 2, (w) => {
          str(w, 1, "g"); // Metric.name = 1
          str(w, 2, "about g"); // description = 2
          str(w, 3, "W"); // unit = 3
          msg(w, 5, (w) =>
            // Gauge.data_points = 1
            msg(w, 1, (w) => {
              fixed64(w, 2, T0); // NumberDataPoint.start_time_unix_nano = 2
              fixed64(w, 3, T); // time_unix_nano = 3
              double(w, 4, 0); // as_double = 4
              attr(7, "n", (w) => w.uint32(3 << 3).int64("-5"))(w); // attributes = 7; int_value = 3
              varint(w, 8, 1); // flags = 8
            }),
          );
          attr(12, "meta", (w) => str(w, 1, "x"))(w); // Metric.metadata = 12
        });
        msg(w, 2, (w) => {
          str(w, 1, "s");
          msg(w, 7, (w) => {
            // Sum
            msg(w, 1, (w) => {
              fixed64(w, 3, T);
              w.uint32((6 << 3) | 1).sfixed64("-9007199254740993"); // as_int = 6 (sfixed64)
              msg(w, 5, (w) => double(w, 3, 1)); // exemplars = 5 (ignored)
            });
            varint(w, 2, 1); // aggregation_temporality = 2
            varint(w, 3, 1); // is_monotonic = 3
          });
        });
        msg(w, 2, (w) => {
          str(w, 1, "h");
          msg(w, 9, (w) => {
            // Histogram
            msg(w, 1, (w) => {
              fixed64(w, 3, T);
              fixed64(w, 4, "3"); // count = 4
              double(w, 5, 0); // sum = 5 (optional: kept at 0)
              w.uint32((6 << 3) | 2)
                .fork()
                .fixed64(1)
                .fixed64(2)
                .ldelim(); // bucket_counts = 6, packed
              w.uint32((7 << 3) | 2)
                .fork()
                .double(0.5)
                .ldelim(); // explicit_bounds = 7, packed
              attr(9, "k", (w) => double(w, 4, 0.25))(w); // attributes = 9; double_value = 4
              double(w, 11, 0.1); // min = 11
              double(w, 12, 0.9); // max = 12
            });
            varint(w, 2, 2);
          });
        });
        msg(w, 2, (w) => {
          str(w, 1, "e");
          msg(w, 10, (w) => {
            // ExponentialHistogram
            msg(w, 1, (w) => {
              attr(1, "k", (w) => str(w, 1, ""))(w); // attributes = 1; string_value "" kept
              fixed64(w, 3, T);
              fixed64(w, 4, "4");
              double(w, 5, 8);
              w.uint32(6 << 3).sint32(-2); // scale = 6 (sint32)
              fixed64(w, 7, "1"); // zero_count = 7
              msg(w, 8, (w) => {
                w.uint32(1 << 3).sint32(-3); // Buckets.offset = 1 (sint32)
                w.uint32((2 << 3) | 2)
                  .fork()
                  .uint64(2)
                  .uint64(1)
                  .ldelim(); // bucket_counts = 2, packed uint64
              });
              msg(w, 9, (w) => w.uint32(1 << 3).sint32(0)); // negative = 9
              double(w, 14, 0.5); // zero_threshold = 14
            });
            varint(w, 2, 2);
          });
        });
        msg(w, 2, (w) => {
          str(w, 1, "q");
          msg(w, 11, (w) =>
            // Summary
            msg(w, 1, (w) => {
              attr(7, "k", (w) => str(w, 1, "v"))(w); // attributes = 7
              fixed64(w, 3, T);
              fixed64(w, 4, "2"); // count = 4
              double(w, 5, 1.5); // sum = 5
              msg(w, 6, (w) => {
                double(w, 1, 0.5); // quantile = 1
                double(w, 2, 0.75); // value = 2
              });
            }),
          );
        });
      });
    });
    const bytes = w.finish();
    // biome-ignore lint/suspicious/noExplicitAny: walked by the test's own path
    const decoded = decodeOtlpMetrics(bytes) as any;
    // The fast decoder read it (attribute lists shared as RawJson), not the protobufjs fallback.
    expect(scanOtlpMetrics(bytes, otlpCodec().scan)).toEqual(decoded);
    expect(
      decoded.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].attributes,
    ).toBeInstanceOf(RawJson);
    expect(materialize(decoded)).toEqual(decodeOtlpMetricsReference(bytes));
    expect(materialize(decoded)).toEqual({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: "host.name", value: { stringValue: "n1" } }] },
          scopeMetrics: [
            {
              scope: {
                name: "scope",
                version: "9",
                attributes: [{ key: "ok", value: { boolValue: false } }],
              },
              metrics: [
                {
                  name: "g",
                  description: "about g",
                  unit: "W",
                  gauge: {
                    dataPoints: [
                      {
                        startTimeUnixNano: T0,
                        timeUnixNano: T,
                        asDouble: 0,
                        attributes: [{ key: "n", value: { intValue: "-5" } }],
                        flags: 1,
                      },
                    ],
                  },
                  metadata: [{ key: "meta", value: { stringValue: "x" } }],
                },
                {
                  name: "s",
                  sum: {
                    dataPoints: [
                      {
                        timeUnixNano: T,
                        asInt: "-9007199254740993",
                        exemplars: [{ asDouble: 1 }],
                      },
                    ],
                    aggregationTemporality: 1,
                    isMonotonic: true,
                  },
                },
                {
                  name: "h",
                  histogram: {
                    dataPoints: [
                      {
                        timeUnixNano: T,
                        count: "3",
                        sum: 0,
                        bucketCounts: ["1", "2"],
                        explicitBounds: [0.5],
                        attributes: [{ key: "k", value: { doubleValue: 0.25 } }],
                        min: 0.1,
                        max: 0.9,
                      },
                    ],
                    aggregationTemporality: 2,
                  },
                },
                {
                  name: "e",
                  exponentialHistogram: {
                    dataPoints: [
                      {
                        attributes: [{ key: "k", value: { stringValue: "" } }],
                        timeUnixNano: T,
                        count: "4",
                        sum: 8,
                        scale: -2,
                        zeroCount: "1",
                        positive: { offset: -3, bucketCounts: ["2", "1"] },
                        negative: {}, // a proto3 zero without presence reads as absent, as in JSON
                        zeroThreshold: 0.5,
                      },
                    ],
                    aggregationTemporality: 2,
                  },
                },
                {
                  name: "q",
                  summary: {
                    dataPoints: [
                      {
                        attributes: [{ key: "k", value: { stringValue: "v" } }],
                        timeUnixNano: T,
                        count: "2",
                        sum: 1.5,
                        quantileValues: [{ quantile: 0.5, value: 0.75 }],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
  });
});

import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getQuery } from "@/app/api/v1/query/route";
import { GET as getStats } from "@/app/api/v1/stats/route";
import { POST as postOtlp } from "@/app/v1/metrics/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { createTestDb } from "@/test/db";
import { otlpCodec } from "./parsers/otlp-protobuf";

let db: Awaited<ReturnType<typeof createTestDb>>;
let ingestKey = "";
let readKey = "";
const BASE = "http://localhost:3101";
const PROTOBUF = "application/x-protobuf";
/** A minute ago, whole seconds; as OTLP nanoseconds (a 64-bit fixed64 on the wire). */
const TS = Math.floor((Date.now() - 60_000) / 1000) * 1000;
const NS = `${TS}000000`;

beforeAll(async () => {
  db = await createTestDb();
  ingestKey = (await createApiKey({ name: "ingest", scopes: ["ingest"] })).token;
  readKey = (await createApiKey({ name: "read", scopes: ["read"] })).token;
});
afterAll(async () => db?.close());

const encode = (body: object) => {
  const { request } = otlpCodec();
  return new Uint8Array(request.encode(request.fromObject(body)).finish());
};
function post(body: BodyInit, type = PROTOBUF, extra: Record<string, string> = {}, key = ingestKey) {
  const headers = { "content-type": type, authorization: `Bearer ${key}`, ...extra };
  return postOtlp(new Request(`${BASE}/v1/metrics`, { method: "POST", body, headers }));
}
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
async function exportResponse(res: Response) {
  const { response } = otlpCodec();
  return response.toObject(response.decode(await bytesOf(res)), { longs: String });
}
async function status(res: Response) {
  const { status } = otlpCodec();
  return status.toObject(status.decode(await bytesOf(res)));
}
async function query(metric: string, by: string, agg = "max", match = "") {
  const from = new Date(TS - 60_000).toISOString();
  const to = new Date(TS + 60_000).toISOString();
  const res = await getQuery(
    new Request(
      `${BASE}/api/v1/query?metric=${metric}&from=${from}&to=${to}&step=2m&agg=${agg}&by=${by}${match}`,
      {
        headers: { authorization: `Bearer ${readKey}` },
      },
    ),
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    series: { labels: Record<string, string>; points: [number, number][] }[];
  };
  return Object.fromEntries(
    body.series.map((s) => [s.labels[by], s.points.map((p) => p[1]).find((v) => v !== null)]),
  );
}
const stats = async () =>
  (await (
    await getStats(new Request(`${BASE}/api/v1/stats`, { headers: { authorization: `Bearer ${readKey}` } }))
  ).json()) as { points: number };

const kv = (key: string, stringValue: string) => ({ key, value: { stringValue } });
const body = (prefix: string) => ({
  resourceMetrics: ["n1", "n2"].map((host, i) => ({
    resource: { attributes: [kv("host.name", host)] },
    scopeMetrics: [
      {
        scope: { name: "test" },
        metrics: [
          { name: `${prefix}.temp`, gauge: { dataPoints: [{ timeUnixNano: NS, asDouble: i * 42.5 }] } },
          { name: `${prefix}.jobs`, gauge: { dataPoints: [{ timeUnixNano: NS, asInt: String(i * 7) }] } },
          {
            name: `${prefix}.latency`,
            histogram: {
              aggregationTemporality: 2,
              dataPoints: [
                {
                  timeUnixNano: NS,
                  count: "5",
                  sum: 3,
                  explicitBounds: [0.5, 1],
                  bucketCounts: ["1", "3", "1"],
                },
                // Broken: bucketCounts must have bounds + 1 entries.
                { timeUnixNano: NS, count: "2", explicitBounds: [1], bucketCounts: ["2"] },
              ],
            },
          },
        ],
      },
    ],
  })),
});

describe("POST /v1/metrics with OTLP protobuf", () => {
  it("stores the points and answers an ExportMetricsServiceResponse with partial success", async () => {
    const res = await post(encode(body("pb")));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(PROTOBUF);
    expect(await exportResponse(res)).toEqual({
      partialSuccess: {
        rejectedDataPoints: "2",
        errorMessage: expect.stringMatching(/pb\.latency.*expected bounds \+ 1/),
      },
    });
    expect(await query("pb_temp", "host")).toEqual({ n1: 0, n2: 42.5 });
    expect(await query("pb_jobs", "host")).toEqual({ n1: 0, n2: 7 });
    expect(await query("pb_latency_bucket", "le", "last", "&match[host]=n2")).toEqual({
      "0.5": 1,
      "1": 4,
      "+Inf": 5,
    });
  });

  it("reads gzip bodies; full success is an empty response message", async () => {
    const good = body("gz");
    for (const rm of good.resourceMetrics) rm.scopeMetrics[0]!.metrics.pop(); // no histograms
    const res = await post(gzipSync(encode(good)), PROTOBUF, { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(PROTOBUF);
    expect(await bytesOf(res)).toHaveLength(0);
    expect(await query("gz_temp", "host")).toEqual({ n1: 0, n2: 42.5 });
  });

  it("refuses bad bodies with a google.rpc.Status and stores nothing", async () => {
    const before = await stats();
    const good = encode(body("bad"));
    const cases: [BodyInit, Record<string, string>, number, number, RegExp][] = [
      [Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), {}, 400, 3, /malformed OTLP protobuf/],
      [good.subarray(0, good.length - 5), {}, 400, 3, /malformed OTLP protobuf/],
      [gzipSync(good).subarray(0, 20), { "content-encoding": "gzip" }, 400, 3, /gzip/],
      [gzipSync(new Uint8Array(11 * 1024 * 1024)), { "content-encoding": "gzip" }, 413, 8, /exceeds/],
      [good, { "content-encoding": "br" }, 415, 3, /Content-Encoding/],
    ];
    for (const [bytes, extra, code, grpc, message] of cases) {
      const res = await post(bytes, PROTOBUF, extra);
      expect(res.status).toBe(code);
      expect(res.headers.get("content-type")).toBe(PROTOBUF);
      expect(await status(res)).toEqual({ code: grpc, message: expect.stringMatching(message) });
    }
    let res = await post(good, PROTOBUF, {}, readKey);
    expect(res.status).toBe(403);
    expect(await status(res)).toMatchObject({ code: 7 });
    res = await post(good, PROTOBUF, {}, "afc_unknown");
    expect(res.status).toBe(401);
    expect(await status(res)).toMatchObject({ code: 16 });
    // Other media types keep JSON errors; only JSON and protobuf are accepted.
    res = await post(good, "application/octet-stream");
    expect(res.status).toBe(415);
    expect((await res.json()).error).toMatch(/application\/json or application\/x-protobuf/);
    expect(await stats()).toEqual(before);
  });
});

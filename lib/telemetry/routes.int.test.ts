import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postNvidiaSmi } from "@/app/api/v1/ingest/nvidia-smi/route";
import { POST as postPrometheus } from "@/app/api/v1/ingest/prometheus/route";
import { POST as postJson } from "@/app/api/v1/ingest/route";
import { GET as getMetricsList } from "@/app/api/v1/metrics/route";
import { GET as getQuery } from "@/app/api/v1/query/route";
import { GET as getStats } from "@/app/api/v1/stats/route";
import { GET as getExposition } from "@/app/metrics/route";
import { POST as postOtlp } from "@/app/v1/metrics/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { createTestDb } from "@/test/db";

let db: Awaited<ReturnType<typeof createTestDb>>;
let ingestKey = "";
let readKey = "";
const BASE = "http://localhost:3101";

beforeAll(async () => {
  db = await createTestDb();
  ingestKey = (await createApiKey({ name: "ingest", scopes: ["ingest"] })).token;
  readKey = (await createApiKey({ name: "read", scopes: ["read"] })).token;
});
afterAll(async () => db?.close());

function post(
  path: string,
  body: BodyInit,
  type: string,
  extra: Record<string, string> = {},
  key = ingestKey,
) {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${key}`, "content-type": type, ...extra },
  });
}
const get = (path: string, key = readKey) =>
  new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${key}` } });
const stats = async () =>
  (await (await getStats(get("/api/v1/stats"))).json()) as { series: number; points: number };
const fixture = (name: string) => fs.readFileSync(`test/fixtures/telemetry/${name}`, "utf8");

describe("ingest routes", () => {
  it("accepts Prometheus text and OpenMetrics, gzip too", async () => {
    let res = await postPrometheus(
      post("/api/v1/ingest/prometheus", fixture("node-exporter.prom"), "text/plain; version=0.0.4"),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 22 });
    res = await postPrometheus(
      post(
        "/api/v1/ingest/prometheus",
        gzipSync(fixture("openmetrics.txt")),
        "application/openmetrics-text; version=1.0.0",
        {
          "content-encoding": "gzip",
        },
      ),
    );
    expect(res.status).toBe(200);
    expect((await res.json()).accepted).toBe(8);
  });

  it("refuses bad bodies precisely and stores nothing", async () => {
    const before = await stats();
    let res = await postPrometheus(
      post("/api/v1/ingest/prometheus", "ok_metric 1\nbroken{ 2\n", "text/plain"),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ line: 2 });
    res = await postPrometheus(post("/api/v1/ingest/prometheus", "a 1\n", "application/json"));
    expect(res.status).toBe(415);
    res = await postPrometheus(post("/api/v1/ingest/prometheus", "a 1\n".repeat(3_000_000), "text/plain"));
    expect(res.status).toBe(413);
    res = await postPrometheus(
      post("/api/v1/ingest/prometheus", gzipSync("a 1\n").subarray(0, 10), "text/plain", {
        "content-encoding": "gzip",
      }),
    );
    expect(res.status).toBe(400);
    res = await postPrometheus(post("/api/v1/ingest/prometheus", "a 1\n", "text/plain", {}, readKey));
    expect(res.status).toBe(403);
    res = await postPrometheus(
      new Request(`${BASE}/api/v1/ingest/prometheus`, {
        method: "POST",
        body: "a 1\n",
        headers: { "content-type": "text/plain", authorization: "Bearer afc_unknown" },
      }),
    );
    expect(res.status).toBe(401);
    expect(await stats()).toEqual(before);
  });

  it("never answers 5xx to fuzzed bodies", async () => {
    const before = await stats();
    const bodies: [string, BodyInit, string, Record<string, string>?][] = [
      [
        "/api/v1/ingest/prometheus",
        `a{${Array.from({ length: 1_000_000 }, (_, i) => `l${i}="v"`).join(",")}} 1\n`,
        "text/plain",
      ],
      ["/api/v1/ingest/prometheus", `a{l="${"x".repeat(5_000_000)}"} 1\n`, "text/plain"],
      [
        "/api/v1/ingest/prometheus",
        `a{${Array.from({ length: 200_000 }, (_, i) => `l${i}="v"`).join(",")}} 1\n`,
        "text/plain",
      ],
      [
        "/v1/metrics",
        gzipSync(JSON.stringify({ resourceMetrics: [] })).subarray(0, 8),
        "application/json",
        { "content-encoding": "gzip" },
      ],
      [
        "/v1/metrics",
        JSON.stringify({
          resourceMetrics: [
            {
              scopeMetrics: [
                {
                  metrics: [
                    {
                      name: "x",
                      gauge: {
                        dataPoints: [
                          {
                            asDouble: 1,
                            attributes: Array.from({ length: 5000 }, (_, i) => ({
                              key: `k${i}`,
                              value: { stringValue: "v" },
                            })),
                          },
                        ],
                      },
                    },
                  ],
                },
              ],
            },
          ],
        }),
        "application/json",
      ],
      [
        "/api/v1/ingest",
        JSON.stringify({ points: [{ metric: "m", labels: { big: "x".repeat(100_000) }, ts: 1, value: 1 }] }),
        "application/json",
      ],
      ["/api/v1/ingest/nvidia-smi?host=h", "timestamp, power.draw [W]\n\u0000\u0001, 1\n", "text/csv"],
    ];
    for (let i = 0; i < 60; i++) {
      const bytes = randomBytes(1 + Math.floor(Math.random() * 4000));
      bodies.push([
        "/api/v1/ingest/prometheus",
        bytes,
        i % 2 ? "text/plain" : "application/openmetrics-text",
      ]);
      bodies.push(["/v1/metrics", bytes, "application/json"]);
      bodies.push(["/v1/metrics", bytes, "application/x-protobuf"]);
      bodies.push(["/api/v1/ingest", bytes, "application/json"]);
      bodies.push(["/api/v1/ingest/nvidia-smi?host=h", bytes, "text/csv"]);
      bodies.push(["/api/v1/ingest/prometheus", bytes, "text/plain", { "content-encoding": "gzip" }]);
    }
    const handlers: Record<string, (r: Request) => Promise<Response>> = {
      "/api/v1/ingest/prometheus": postPrometheus,
      "/v1/metrics": postOtlp,
      "/api/v1/ingest": postJson,
      "/api/v1/ingest/nvidia-smi": postNvidiaSmi,
    };
    for (const [path, body, type, extra] of bodies) {
      const res = await handlers[path.split("?")[0]!]!(post(path, body, type, extra));
      expect(res.status, `${path} ${type}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${path} ${type}`).toBeLessThan(500);
    }
    const after = await stats();
    expect(after.points - before.points).toBeLessThanOrEqual(1); // at most the OTLP many-attributes point, if any
  });

  it("OTLP: partial success for broken points, 415 for other media types", async () => {
    let res = await postOtlp(post("/v1/metrics", fixture("otlp.json"), "application/json"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.partialSuccess.rejectedDataPoints).toBe("2");
    expect(body.partialSuccess.errorMessage).toMatch(/explicitBounds/);
    res = await postOtlp(post("/v1/metrics", new Uint8Array([10, 0]), "application/octet-stream"));
    expect(res.status).toBe(415);
    res = await postOtlp(post("/v1/metrics", "{not json", "application/json"));
    expect(res.status).toBe(400);
  });

  it("nvidia-smi CSV and JSON batches", async () => {
    const csv = fs.readFileSync("fixtures/h200-inference-trace/nvsmi.csv", "utf8");
    let res = await postNvidiaSmi(post("/api/v1/ingest/nvidia-smi?host=gpu-node-1&tz=UTC", csv, "text/csv"));
    expect(res.status).toBe(200);
    expect((await res.json()).accepted).toBeGreaterThan(1263 * 10);
    res = await postNvidiaSmi(post("/api/v1/ingest/nvidia-smi", csv, "text/csv"));
    expect(res.status).toBe(400);
    res = await postNvidiaSmi(post("/api/v1/ingest/nvidia-smi?host=h&tz=Nowhere/Land", csv, "text/csv"));
    expect(res.status).toBe(400);
    res = await postJson(
      post(
        "/api/v1/ingest",
        JSON.stringify({ points: [{ metric: "it_power_watts", ts: Date.now(), value: 5 }, { metric: "" }] }),
        "application/json",
      ),
    );
    expect(await res.json()).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] });
    res = await postJson(post("/api/v1/ingest", JSON.stringify({ nope: 1 }), "application/json"));
    expect(res.status).toBe(400);
  });
});

describe("read routes", () => {
  it("queries with units, steps and label matching", async () => {
    const res = await getQuery(
      get(
        "/api/v1/query?metric=gpu_power_watts&from=2026-11-26T06:22:00Z&to=2026-11-26T06:29:00Z&step=1m&agg=max&by=host&match[host]=gpu-node-1",
      ),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      metric: "gpu_power_watts",
      unit: "W",
      series: [{ labels: { host: "gpu-node-1" } }],
    });
    expect(body.series[0].points).toHaveLength(7);
    expect(Math.max(...body.series[0].points.map((p: [number, number]) => p[1] ?? 0))).toBeCloseTo(698.7, 0);
    expect((await getQuery(get("/api/v1/query?metric=x&from=1&to=0&step=1s"))).status).toBe(400);
    expect((await getQuery(get("/api/v1/query?metric=x&from=0&to=100000000&step=1ms"))).status).toBe(400);
    expect((await getQuery(get("/api/v1/query?metric=x&from=0&to=1000&step=1s&agg=median"))).status).toBe(
      400,
    );
    expect(
      (await getQuery(get("/api/v1/query?metric=gpu_power_watts&from=0&to=1000&step=1s", ingestKey))).status,
    ).toBe(403);
  });

  it("lists metrics and stats; exposes /metrics to read keys only", async () => {
    const list = await (await getMetricsList(get("/api/v1/metrics"))).json();
    expect(list.metrics.find((m: { name: string }) => m.name === "gpu_power_watts")).toMatchObject({
      unit: "W",
      catalogued: true,
    });
    expect((await stats()).points).toBeGreaterThan(0);
    expect((await getExposition(get("/metrics", ingestKey))).status).toBe(401);
    const res = await getExposition(get("/metrics"));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^ai_autonomy_boundary_violations 0$/m);
    expect(text).toMatch(/^afc_ingest_samples_total\{format="prometheus"\} \d+/m);
    expect(text).toMatch(/# TYPE ai_inference_latency histogram/);
  });
});

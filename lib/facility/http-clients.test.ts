import { describe, expect, it } from "vitest";
import { httpIngestSink, httpQuery, sendInBatches } from "./http-clients";
import { PermanentSinkError } from "./mqtt-bridge";

const point = { metric: "facility_power_watts", labels: { site: "a" }, ts: 1000, value: 5 };

function fakeFetch(status: number, body: unknown, seen: { url?: string; init?: RequestInit }[] = []) {
  return (async (url: string | URL, init?: RequestInit) => {
    seen.push({ url: String(url), init });
    return new Response(JSON.stringify(body), { status });
  }) as typeof fetch;
}

describe("httpIngestSink", () => {
  it("posts the JSON batch with the key and returns accepted/rejected", async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    const sink = httpIngestSink({
      baseUrl: "http://x:3000",
      apiKey: "afc_k",
      fetchImpl: fakeFetch(200, { accepted: 1, rejected: [] }, seen),
    });
    expect(await sink([point])).toEqual({ accepted: 1, rejected: [] });
    expect(seen[0]!.url).toBe("http://x:3000/api/v1/ingest");
    expect((seen[0]!.init!.headers as Record<string, string>).authorization).toBe("Bearer afc_k");
    expect(JSON.parse(String(seen[0]!.init!.body))).toEqual({ points: [point] });
  });
  it("retries server errors, gives up on client errors", async () => {
    await expect(
      httpIngestSink({ baseUrl: "http://x", apiKey: "k", fetchImpl: fakeFetch(503, {}) })([point]),
    ).rejects.not.toBeInstanceOf(PermanentSinkError);
    await expect(
      httpIngestSink({ baseUrl: "http://x", apiKey: "k", fetchImpl: fakeFetch(401, {}) })([point]),
    ).rejects.toBeInstanceOf(PermanentSinkError);
  });
  it("sendInBatches re-indexes rejections across chunks", async () => {
    let call = 0;
    const sink = async (pts: unknown[]) => ({
      accepted: pts.length - 1,
      rejected: [{ index: 0, error: `bad ${call++}` }],
    });
    const r = await sendInBatches(
      sink,
      Array.from({ length: 5 }, () => point),
      2,
    );
    expect(r).toEqual({
      accepted: 2,
      rejected: [
        { index: 0, error: "bad 0" },
        { index: 2, error: "bad 1" },
        { index: 4, error: "bad 2" },
      ],
    });
  });
});

describe("httpQuery", () => {
  it("encodes the query contract in the URL", async () => {
    const seen: { url?: string }[] = [];
    const q = httpQuery({
      baseUrl: "http://x",
      apiKey: "k",
      fetchImpl: fakeFetch(200, { metric: "m", unit: "W", series: [] }, seen),
    });
    await q({
      metric: "gpu_power_watts",
      fromMs: 1000,
      toMs: 5000,
      stepMs: 15_000,
      agg: "avg",
      match: { host: "h1" },
    });
    const u = new URL(seen[0]!.url!);
    expect(Object.fromEntries(u.searchParams)).toEqual({
      metric: "gpu_power_watts",
      from: "1000",
      to: "5000",
      step: "15000",
      agg: "avg",
      "match[host]": "h1",
    });
  });
});

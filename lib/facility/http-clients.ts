/**
 * HTTP clients for the console's own API, for the bridge and simulator running as separate
 * processes (the embedded database belongs to the server process).
 */

import type { QueryResult } from "@/lib/telemetry/query-types";
import { PermanentSinkError, type PointSink } from "./mqtt-bridge";
import type { QueryFn } from "./query-types";

export { httpIngestSink } from "./mqtt-bridge";

/** `GET /api/v1/query` with an API key of scope `read`. */
export function httpQuery(input: { baseUrl: string; apiKey: string; fetchImpl?: typeof fetch }): QueryFn {
  const doFetch = input.fetchImpl ?? fetch;
  return async (q) => {
    const url = new URL("/api/v1/query", input.baseUrl);
    url.searchParams.set("metric", q.metric);
    url.searchParams.set("from", String(q.fromMs));
    url.searchParams.set("to", String(q.toMs));
    url.searchParams.set("step", String(Math.max(1, Math.round(q.stepMs)))); // milliseconds
    url.searchParams.set("agg", q.agg);
    if (q.by?.length) url.searchParams.set("by", q.by.join(","));
    for (const [k, v] of Object.entries(q.match ?? {})) url.searchParams.set(`match[${k}]`, v);
    const res = await doFetch(url, { headers: { authorization: `Bearer ${input.apiKey}` } });
    const text = await res.text();
    if (!res.ok) throw new Error(`query ${q.metric}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as QueryResult;
  };
}

/** Splits large publishes into ingest-sized requests. */
export async function sendInBatches(sink: PointSink, points: Parameters<PointSink>[0], size = 5000) {
  let accepted = 0;
  const rejected: { index: number; error: string }[] = [];
  for (let i = 0; i < points.length; i += size) {
    const r = await sink(points.slice(i, i + size));
    accepted += r.accepted;
    for (const x of r.rejected ?? []) rejected.push({ index: x.index + i, error: x.error });
  }
  return { accepted, rejected };
}

export { PermanentSinkError };

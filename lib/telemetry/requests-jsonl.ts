/**
 * Inference request records (`requests.jsonl` of the H200 trace: model, phase, start, end in unix
 * seconds, batch, prompt_tokens, new_tokens, ttft_s, latency_s, tokens) → JSON ingest items.
 * Used by the collector's replay (it POSTs the items to /api/v1/ingest) and by the demo seed (it
 * feeds them to the same JSON parser), so both store identical points. Pure module.
 *
 * Per request, at ts = end:
 * - `inference_request_duration_seconds` and `inference_time_to_first_token_seconds`: histograms
 *   {host, model} holding ONE observation (delta temporality: each point carries only the
 *   observations made at that instant; a query sums them per step), bounds LATENCY_BOUNDS_SECONDS.
 * - `inference_tokens_total` {host, model, type="output"|"input"}: real cumulative counters
 *   (output += batch × new_tokens, input += batch × prompt_tokens), starting with a 0 point at
 *   the first request's start so the first request's tokens count as an increase.
 * - `inference_requests_total` {host, model}: cumulative, +1 per record.
 */
import type { JsonItem } from "./parsers/json";

export type RequestRecord = {
  model: string;
  phase?: string;
  start: number;
  end: number;
  batch?: number;
  prompt_tokens?: number;
  new_tokens?: number;
  ttft_s: number;
  latency_s: number;
  tokens?: number;
};

/** Architecture buckets (0.1, 0.5, 1, 2, 5 s) plus 40 log-spaced bounds per decade, 5 ms – 60 s. */
export const LATENCY_BOUNDS_SECONDS: readonly number[] = (() => {
  const set = new Set<number>([0.1, 0.5, 1, 2, 5]);
  const lo = Math.log10(0.005);
  const hi = Math.log10(60);
  for (let k = 0; lo + k / 40 <= hi + 1e-9; k++) set.add(Number((10 ** (lo + k / 40)).toPrecision(4)));
  set.add(60);
  return [...set].sort((a, b) => a - b);
})();

export class RequestsJsonlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function parseRequestsJsonl(text: string): RequestRecord[] {
  const out: RequestRecord[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let r: RequestRecord;
    try {
      r = JSON.parse(line);
    } catch (err) {
      throw new RequestsJsonlError(`malformed JSON: ${(err as Error).message}`, i + 1);
    }
    for (const f of ["start", "end", "ttft_s", "latency_s"] as const)
      if (typeof r?.[f] !== "number" || !Number.isFinite(r[f]))
        throw new RequestsJsonlError(`${f}: required number`, i + 1);
    if (typeof r.model !== "string" || !r.model)
      throw new RequestsJsonlError("model: required string", i + 1);
    out.push(r);
  });
  return out;
}

/** Per-bucket counts (OTLP style, bounds + 1 entries) of a set of observations. */
export function bucketCounts(bounds: readonly number[], observations: number[]): number[] {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const v of observations) {
    let i = 0;
    while (i < bounds.length && v > bounds[i]!) i++;
    counts[i]!++;
  }
  return counts;
}

export function requestsToItems(records: RequestRecord[], host: string): JsonItem[] {
  const items: JsonItem[] = [];
  const byModel = new Map<string, RequestRecord[]>();
  for (const r of records) {
    const list = byModel.get(r.model) ?? [];
    list.push(r);
    byModel.set(r.model, list);
  }
  for (const [model, list] of byModel) {
    const base = { host, model };
    list.sort((a, b) => a.end - b.end);
    const t0 = Math.round(Math.min(...list.map((r) => r.start)) * 1000);
    const zero = (metric: string, labels: Record<string, string>) =>
      items.push({ metric, labels, ts: t0, value: 0, kind: "counter" });
    zero("inference_tokens_total", { ...base, type: "output" });
    zero("inference_tokens_total", { ...base, type: "input" });
    zero("inference_requests_total", base);
    let output = 0;
    let input = 0;
    let requests = 0;
    // Requests ending in the same millisecond share one point per series.
    for (let i = 0; i < list.length; ) {
      const ts = Math.round(list[i]!.end * 1000);
      const group: RequestRecord[] = [];
      while (i < list.length && Math.round(list[i]!.end * 1000) === ts) group.push(list[i++]!);
      const ts1 = ts === t0 ? ts + 1 : ts;
      const hist = (metric: string, obs: number[]) =>
        items.push({
          metric,
          labels: base,
          ts: ts1,
          temporality: "delta",
          histogram: {
            bounds: [...LATENCY_BOUNDS_SECONDS],
            counts: bucketCounts(LATENCY_BOUNDS_SECONDS, obs),
            sum: obs.reduce((a, b) => a + b, 0),
            count: obs.length,
          },
        });
      hist(
        "inference_request_duration_seconds",
        group.map((r) => r.latency_s),
      );
      hist(
        "inference_time_to_first_token_seconds",
        group.map((r) => r.ttft_s),
      );
      for (const r of group) {
        const batch = r.batch ?? 1;
        output += r.tokens ?? batch * (r.new_tokens ?? 0);
        input += batch * (r.prompt_tokens ?? 0);
        requests += 1;
      }
      items.push({
        metric: "inference_tokens_total",
        labels: { ...base, type: "output" },
        ts: ts1,
        value: output,
        kind: "counter",
      });
      items.push({
        metric: "inference_tokens_total",
        labels: { ...base, type: "input" },
        ts: ts1,
        value: input,
        kind: "counter",
      });
      items.push({
        metric: "inference_requests_total",
        labels: base,
        ts: ts1,
        value: requests,
        kind: "counter",
      });
    }
  }
  return items;
}

/**
 * In-process ingest counters and request latency for the console's own /metrics (per process,
 * like any Prometheus client library). Pure module.
 */
export const INGEST_LATENCY_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const samples = new Map<string, number>();
const requests = new Map<string, number>();
const latency = { counts: new Array<number>(INGEST_LATENCY_BOUNDS.length + 1).fill(0), sum: 0, count: 0 };

export function recordIngest(format: string, accepted: number): void {
  samples.set(format, (samples.get(format) ?? 0) + accepted);
}

export function recordIngestRequest(route: string, status: number, seconds: number): void {
  const key = `${route}\u0000${status}`;
  requests.set(key, (requests.get(key) ?? 0) + 1);
  let i = 0;
  while (i < INGEST_LATENCY_BOUNDS.length && seconds > INGEST_LATENCY_BOUNDS[i]!) i++;
  latency.counts[i]!++;
  latency.sum += seconds;
  latency.count++;
}

export function ingestStatsSnapshot() {
  return {
    samples: [...samples].map(([format, n]) => ({ format, n })),
    requests: [...requests].map(([k, n]) => {
      const [route, status] = k.split("\u0000");
      return { route: route!, status: status!, n };
    }),
    latency: {
      bounds: INGEST_LATENCY_BOUNDS,
      counts: [...latency.counts],
      sum: latency.sum,
      count: latency.count,
    },
  };
}

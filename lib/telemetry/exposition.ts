import "server-only";
import { violationCountsForMetrics } from "@/lib/governance/metrics";
import { escapeLabelValue, formatLe } from "./batch";
import { ingestStatsSnapshot } from "./ingest-stats";
import { queryMetric } from "./query";

/**
 * The console's own Prometheus exposition (text 0.0.4): ingest counters and latency (this
 * process), and the architecture's named metrics computed from stored data:
 * - ai_tokens_per_watt{model,hardware_type}: output tokens ÷ GPU energy (J) over the last
 *   WINDOW, per inference model and the GPU model of its hosts (tokens per joule = tokens/s per W).
 * - ai_inference_latency: histogram with the architecture's buckets 0.1, 0.5, 1, 2, 5 s from the
 *   stored request-duration buckets over the last WINDOW (a bound not stored counts up to the
 *   largest stored bound below it).
 * - ai_autonomy_boundary_violations{agent,category,cause}: from governance.
 */
const HOUR = 3_600_000;
export const WINDOW_MS = 30 * 24 * HOUR;
const ARCH_BOUNDS = [0.1, 0.5, 1, 2, 5];

type Line = string;
const fmt = (v: number) =>
  Number.isFinite(v) ? String(v) : Number.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
const labelText = (l: Record<string, string>) => {
  const e = Object.entries(l);
  return e.length ? `{${e.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}` : "";
};

export async function renderExposition(nowMs = Date.now()): Promise<string> {
  const out: Line[] = [];
  const stats = ingestStatsSnapshot();
  out.push("# HELP afc_ingest_samples_total Samples accepted by the ingest routes (this process).");
  out.push("# TYPE afc_ingest_samples_total counter");
  for (const s of stats.samples)
    out.push(`afc_ingest_samples_total${labelText({ format: s.format })} ${s.n}`);
  out.push("# HELP afc_ingest_requests_total Telemetry API requests by route and status (this process).");
  out.push("# TYPE afc_ingest_requests_total counter");
  for (const r of stats.requests)
    out.push(`afc_ingest_requests_total${labelText({ route: r.route, status: r.status })} ${r.n}`);
  out.push("# HELP afc_ingest_request_duration_seconds Telemetry API request latency (this process).");
  out.push("# TYPE afc_ingest_request_duration_seconds histogram");
  let cum = 0;
  stats.latency.bounds.forEach((b, i) => {
    cum += stats.latency.counts[i]!;
    out.push(`afc_ingest_request_duration_seconds_bucket{le="${formatLe(b)}"} ${cum}`);
  });
  out.push(`afc_ingest_request_duration_seconds_bucket{le="+Inf"} ${stats.latency.count}`);
  out.push(`afc_ingest_request_duration_seconds_sum ${fmt(stats.latency.sum)}`);
  out.push(`afc_ingest_request_duration_seconds_count ${stats.latency.count}`);

  const to = nowMs - (nowMs % HOUR) + HOUR;
  const day = { fromMs: nowMs - (nowMs % 60_000) - 24 * HOUR, toMs: nowMs, stepMs: 60_000 };
  const [tokens, power, latency] = await Promise.all([
    queryMetric({
      ...day,
      metric: "inference_tokens_total",
      agg: "increase",
      by: ["host", "model"],
      match: { type: "output" },
    }),
    // Energy: each minute's average power × 60 s, summed (minutes without samples add nothing).
    queryMetric({ ...day, metric: "gpu_power_watts", agg: "sum", by: ["host", "model"] }),
    queryMetric({
      fromMs: to - WINDOW_MS,
      toMs: to,
      stepMs: WINDOW_MS,
      metric: "inference_request_duration_seconds_bucket",
      agg: "increase",
    }),
  ]);
  out.push(
    "# HELP ai_tokens_per_watt Output tokens per joule of GPU energy (tokens/s per W) over the last 24 h.",
  );
  out.push("# TYPE ai_tokens_per_watt gauge");
  const energyByHost = new Map<string, { joules: number; hardware: string }[]>();
  for (const s of power.series) {
    const joules = s.points.reduce((a, [, v]) => a + (v ?? 0) * 60, 0);
    const list = energyByHost.get(s.labels.host!) ?? [];
    list.push({ joules, hardware: s.labels.model ?? "" });
    energyByHost.set(s.labels.host!, list);
  }
  const perModel = new Map<string, { tokens: number; joules: number }>();
  for (const s of tokens.series) {
    const n = s.points.reduce((a, [, v]) => a + (v ?? 0), 0);
    for (const e of energyByHost.get(s.labels.host!) ?? []) {
      const key = JSON.stringify({ model: s.labels.model ?? "", hardware_type: e.hardware });
      const acc = perModel.get(key) ?? { tokens: 0, joules: 0 };
      acc.tokens += n;
      acc.joules += e.joules;
      perModel.set(key, acc);
    }
  }
  for (const [key, v] of perModel)
    if (v.joules > 0) out.push(`ai_tokens_per_watt${labelText(JSON.parse(key))} ${fmt(v.tokens / v.joules)}`);

  out.push("# HELP ai_inference_latency Inference request latency (s), architecture buckets, last 30 days.");
  out.push("# TYPE ai_inference_latency histogram");
  const byModel = new Map<string, Map<number, number>>();
  for (const s of latency.series) {
    const le = s.labels.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(s.labels.le);
    const m = byModel.get(s.labels.model ?? "") ?? new Map<number, number>();
    m.set(le, (m.get(le) ?? 0) + s.points.reduce((a, [, v]) => a + (v ?? 0), 0));
    byModel.set(s.labels.model ?? "", m);
  }
  for (const [model, buckets] of byModel) {
    const stored = [...buckets.keys()].sort((a, b) => a - b);
    const countAt = (x: number) => {
      const below = stored.filter((b) => b <= x);
      return below.length ? buckets.get(below[below.length - 1]!)! : 0;
    };
    for (const b of ARCH_BOUNDS)
      out.push(`ai_inference_latency_bucket${labelText({ model, le: formatLe(b) })} ${countAt(b)}`);
    const total = countAt(Number.POSITIVE_INFINITY);
    out.push(`ai_inference_latency_bucket${labelText({ model, le: "+Inf" })} ${total}`);
    out.push(`ai_inference_latency_count${labelText({ model })} ${total}`);
  }

  out.push(
    "# HELP ai_autonomy_boundary_violations Agent actions refused for crossing the autonomy boundary.",
  );
  out.push("# TYPE ai_autonomy_boundary_violations counter");
  const violations = await violationCountsForMetrics();
  if (!violations.length) out.push("ai_autonomy_boundary_violations 0");
  for (const v of violations)
    out.push(
      `ai_autonomy_boundary_violations${labelText({ agent: v.agent, category: v.category, cause: v.cause })} ${v.count}`,
    );
  return `${out.join("\n")}\n`;
}

import { describe, expect, it } from "vitest";
import type { QueryResult } from "@/components/charts/prepare/types";
import { inferencePanel, type MetricQuery } from "./panels";

/**
 * The model picker: the inference panel lists every model with requests in the range, and with
 * `model` set draws only that model's requests (here: model "a" is fast, model "b" slow).
 */
const T = Date.UTC(2026, 10, 26, 6, 0, 0);
const range = { fromMs: T, toMs: T + 60_000, stepMs: 60_000 };

function fakeQuery(q: MetricQuery): Promise<QueryResult> {
  const buckets = (model: string, counts: Record<string, number>) =>
    Object.entries(counts).map(([le, n]) => ({
      labels: { model, le },
      points: [[T, n]] as [number, number][],
    }));
  if (q.metric.endsWith("_bucket"))
    return Promise.resolve({
      metric: q.metric,
      unit: "s",
      series: [
        ...buckets("a", { "0.1": 10, "1": 10, "+Inf": 10 }),
        ...buckets("b", { "0.1": 0, "1": 0, "+Inf": 30 }),
      ].filter((s) => !q.match?.model || s.labels.model === q.match.model),
    });
  return Promise.resolve({
    metric: q.metric,
    unit: "tokens",
    series: [
      { labels: { model: "a" }, points: [[T, 5]] },
      { labels: { model: "b" }, points: [[T, 7]] },
    ],
  });
}

describe("inferencePanel per model", () => {
  it("adds every model together by default and lists them all", async () => {
    const p = await inferencePanel(range, {}, fakeQuery);
    expect(p.models).toEqual(["a", "b"]);
    expect(p.summary.requests).toBe(40);
    expect(p.tokensPerSecond.series).toHaveLength(2);
  });

  it("keeps only the model asked for, and still lists every model", async () => {
    const a = await inferencePanel(range, { model: "a" }, fakeQuery);
    expect(a.models).toEqual(["a", "b"]);
    expect(a.summary.requests).toBe(10);
    expect(a.summary.p99).toBeLessThanOrEqual(0.1);
    expect(a.tokensPerSecond.series.map((s) => s.labels.model)).toEqual(["a"]);
    const b = await inferencePanel(range, { model: "b" }, fakeQuery);
    expect(b.summary.requests).toBe(30);
    expect(b.summary.p50).toBeGreaterThanOrEqual(1); // all above the top bound: reported as that bound
  });
});

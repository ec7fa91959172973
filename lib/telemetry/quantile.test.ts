import { describe, expect, it } from "vitest";
import { histogramQuantile } from "./quantile";

const INF = Number.POSITIVE_INFINITY;
describe("histogramQuantile", () => {
  it("interpolates inside the bucket like Prometheus", () => {
    // 120 ≤ 0.1, 410 ≤ 0.5, 500 total (the OTLP example in the notes)
    expect(histogramQuantile(0.5, [0.1, 0.5, 1, INF], [120, 410, 470, 500])).toBeCloseTo(
      0.1 + 0.4 * (130 / 290),
      10,
    );
    expect(histogramQuantile(0.1, [0.1, 0.5, INF], [120, 410, 500])).toBeCloseTo(0.1 * (50 / 120), 10);
  });
  it("returns the highest finite bound for the +Inf bucket and null without data", () => {
    expect(histogramQuantile(0.99, [1, 2, INF], [0, 0, 10])).toBe(2);
    expect(histogramQuantile(0.5, [1, INF], [0, 0])).toBeNull();
  });
});

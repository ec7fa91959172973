import { describe, expect, it } from "vitest";
import { redundancyFrom } from "./redundancy";

const L = (unit: string) => ({ site: "dc-1", loop: "direct_to_chip", unit, source: "simulator" });

describe("redundancyFrom", () => {
  it("derives needed/healthy per bucket and the spans where N+1 was lost", () => {
    const r = redundancyFrom({
      unitState: [
        {
          labels: L("a"),
          points: [
            [0, 2],
            [1000, 2],
            [2000, 2],
            [3000, 2],
          ],
        },
        {
          labels: L("b"),
          points: [
            [0, 1],
            [1000, 2],
            [2000, 2],
            [3000, 1],
          ],
        },
        {
          labels: L("c"),
          points: [
            [0, 1],
            [1000, 0],
            [2000, 0],
            [3000, 1],
          ],
        },
      ],
      unitCapacity: ["a", "b", "c"].map((u) => ({ labels: L(u), points: [[0, 100] as [number, number]] })),
      heatLoad: [
        {
          labels: { site: "dc-1", loop: "direct_to_chip", source: "simulator" },
          points: [
            [0, 90],
            [1000, 150],
            [2000, 150],
            [3000, 90],
          ],
        },
      ],
    });
    expect(r.loops).toHaveLength(1);
    const loop = r.loops[0]!;
    expect(loop.label).toMatch(/direct-to-chip/);
    expect(loop.timeline.map((p) => [p.needed, p.healthy, p.state])).toEqual([
      [1, 3, "ok"],
      [2, 2, "lost"],
      [2, 2, "lost"],
      [1, 3, "ok"],
    ]);
    expect(loop.lostSpans).toEqual([{ startMs: 1000, endMs: 3000, state: "lost" }]);
    expect(loop.status.state).toBe("ok");
    expect(loop.units).toEqual([
      { unit: "a", state: 2, capacityWatts: 100 },
      { unit: "b", state: 1, capacityWatts: 100 },
      { unit: "c", state: 1, capacityWatts: 100 },
    ]);
    expect(r.worst).toBe("ok");
  });
  it("reports no loops (worst null) without unit data", () => {
    expect(redundancyFrom({ unitState: [], unitCapacity: [], heatLoad: [] })).toEqual({
      loops: [],
      worst: null,
    });
  });
});

import { describe, expect, it } from "vitest";
import { longestWindow, throttledMs, throttleReasons, throttleWindows } from "./throttling";
import type { Point } from "./types";

describe("throttleReasons", () => {
  it("names only the reasons that hold clocks back", () => {
    expect(throttleReasons(0x1)).toEqual([]); // idle is not throttling
    expect(throttleReasons(0x4)).toEqual(["sw_power_cap"]);
    expect(throttleReasons(0x4 | 0x20 | 0x1)).toEqual(["sw_power_cap", "sw_thermal"]);
  });
});

describe("throttleWindows", () => {
  // 250 ms samples like the H200 trace: idle, then power cap for 1 s, then clear.
  const pts: Point[] = [
    [0, 1],
    [250, 0],
    [500, 4],
    [750, 4],
    [1000, 4],
    [1250, 4],
    [1500, 0],
    [1750, 0x24],
    [2000, 0],
  ];

  it("opens at the first set sample and closes at the first clear one", () => {
    const w = throttleWindows(pts);
    expect(w.map((x) => [x.reason, x.startMs, x.endMs, x.kind])).toEqual([
      ["sw_power_cap", 500, 1500, "power"],
      ["sw_power_cap", 1750, 2000, "power"],
      ["sw_thermal", 1750, 2000, "thermal"],
    ]);
    expect(throttledMs(w)).toEqual({ sw_power_cap: 1250, sw_thermal: 250 });
    expect(longestWindow(w, "sw_power_cap")).toMatchObject({ startMs: 500, endMs: 1500, samples: 4 });
  });

  it("ends a run still set at the last sample one interval later, and cuts at gaps", () => {
    const w = throttleWindows([
      [0, 4],
      [250, 4],
      [500, 4],
      [10_000, 4],
      [10_250, 4],
    ]);
    expect(w.map((x) => [x.startMs, x.endMs])).toEqual([
      [0, 750],
      [10_000, 10_500],
    ]);
  });

  it("ignores nulls and returns nothing for an unthrottled GPU", () => {
    expect(
      throttleWindows([
        [0, null],
        [1, 0],
        [2, 1],
      ]),
    ).toEqual([]);
    expect(longestWindow([], "sw_power_cap")).toBeNull();
  });
});

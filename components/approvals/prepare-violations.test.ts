import { describe, expect, it } from "vitest";
import { prepareViolationBars } from "./prepare-violations";

describe("prepareViolationBars", () => {
  it("fills every bucket and stacks causes", () => {
    const day = 86400_000;
    const bars = prepareViolationBars(
      [
        { atMs: 1 * day + 5, cause: "params_mismatch", count: 2 },
        { atMs: 1 * day + 9, cause: "unknown_action", count: 1 },
        { atMs: 3 * day, cause: "params_mismatch", count: 1 },
        { atMs: 99 * day, cause: "params_mismatch", count: 7 },
      ],
      0,
      3 * day,
      day,
    );
    expect(bars.rows).toHaveLength(4);
    expect(bars.causes).toEqual(["params_mismatch", "unknown_action"]);
    expect(bars.rows[1]).toEqual({ t: day, params_mismatch: 2, unknown_action: 1 });
    expect(bars.rows[2]).toEqual({ t: 2 * day, params_mismatch: 0, unknown_action: 0 });
    expect(bars.total).toBe(4);
  });
});

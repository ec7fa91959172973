import { describe, expect, it } from "vitest";
import { bulletGeometry, sparkPath } from "./charts";
import { changeBadge, formatFigure } from "./format";

describe("sparkPath", () => {
  it("scales values into the box and breaks at nulls", () => {
    const { d, dots } = sparkPath([0, 10, null, 5, null], 102, 22, 1);
    expect(d).toBe("M1.0,21.0L26.0,1.0M76.0,11.0");
    expect(dots).toEqual([[76, 11]]); // 5 stands alone between nulls
  });
  it("draws nothing without values and a flat line for constants", () => {
    expect(sparkPath([null, null], 100, 20).d).toBe("");
    expect(sparkPath([3, 3], 100, 20, 0).d).toBe("M0.0,10.0L100.0,10.0");
  });
});

describe("bulletGeometry", () => {
  it("places the H1 band and an actual inside it", () => {
    const g = bulletGeometry(20, { minPct: 15, maxPct: 25 });
    expect(g.max).toBe(32.5);
    expect(g.bandLeft).toBeCloseTo((15 / 32.5) * 100, 9);
    expect(g.actual).toBeCloseTo((20 / 32.5) * 100, 9);
    expect(g.barLeft).toBe(0);
  });
  it("extends the track for negative and large actuals", () => {
    const neg = bulletGeometry(-50, { minPct: 50, maxPct: 70 });
    expect(neg.min).toBe(-50);
    expect(neg.zero).toBeCloseTo((50 / 141) * 100, 9);
    expect(neg.barLeft).toBe(0);
    expect(bulletGeometry(200, { minPct: 50, maxPct: 70 }).actual).toBe(100);
    expect(bulletGeometry(null, { minPct: 15, maxPct: 25 }).actual).toBeNull();
  });
});

describe("format", () => {
  it("prints figures or 'not enough data', never NaN", () => {
    expect(formatFigure({ ok: true, value: 12.345 }, "%")).toBe("12.3 %");
    expect(formatFigure({ ok: true, value: 1234.5 }, "$")).toBe("$1,235");
    expect(formatFigure({ ok: false, reason: "x" }, "%")).toBe("not enough data");
    expect(formatFigure({ ok: true, value: 1_500_000 }, "tokens")).toBe("1.50M");
  });
  it("colours a change by whether up is good", () => {
    expect(changeBadge({ ok: true, value: -10 }, "down")).toEqual({ text: "▼ 10.0 %", tone: "good" });
    expect(changeBadge({ ok: true, value: 10 }, "down").tone).toBe("bad");
    expect(changeBadge({ ok: false, reason: "x" }, "up")).toEqual({ text: "—", tone: "none" });
    expect(changeBadge({ ok: false, reason: "previous period was zero" }, "down").text).toBe("up from 0");
  });
});

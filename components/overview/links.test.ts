import { describe, expect, it } from "vitest";
import { hrefWithQuery, pageOfHref, reachableHref } from "./links";

describe("overview links", () => {
  it("finds the page a link opens", () => {
    expect(pageOfHref("/approvals?view=violations")).toBe("approvals");
    expect(pageOfHref("/roi#initiative-3")).toBe("roi");
    expect(pageOfHref("/audit/actions/abc")).toBe("audit");
    expect(pageOfHref("/")).toBe("overview");
  });
  it("keeps the link's own query and anchor beside the period", () => {
    const period = "?from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z";
    expect(hrefWithQuery("/approvals?view=violations", period)).toBe(
      "/approvals?from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z&view=violations",
    );
    expect(hrefWithQuery("/roi#initiative-3", "?range=7d")).toBe("/roi?range=7d#initiative-3");
    expect(hrefWithQuery("/sre", "")).toBe("/sre");
    expect(hrefWithQuery("/approvals?view=violations", "?view=inbox&range=1d")).toBe(
      "/approvals?view=violations&range=1d",
    );
  });
  it("falls back when the role may not open the page", () => {
    const executive = (page: string) => ["overview", "roi", "sre", "facility", "approvals"].includes(page);
    expect(reachableHref("/approvals?view=violations", executive, "/roi")).toBe("/approvals?view=violations");
    expect(reachableHref("/audit", executive, "/roi")).toBe("/roi");
    const auditor = (page: string) => ["overview", "audit", "approvals"].includes(page);
    expect(reachableHref("/audit", auditor, "/")).toBe("/audit");
  });
});

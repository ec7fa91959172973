import { describe, expect, it } from "vitest";
import { inboxAccess } from "./inbox-access";

describe("inboxAccess", () => {
  it("lets approvers and admins decide and read the feed", () => {
    expect(inboxAccess(["approver"])).toEqual({ canDecide: true, canSeeNotifications: true });
    expect(inboxAccess(["admin"])).toEqual({ canDecide: true, canSeeNotifications: true });
  });
  it("keeps executives and auditors read-only, without the approvers' feed", () => {
    expect(inboxAccess(["executive"])).toEqual({ canDecide: false, canSeeNotifications: false });
    expect(inboxAccess(["auditor"])).toEqual({ canDecide: false, canSeeNotifications: false });
    expect(inboxAccess([])).toEqual({ canDecide: false, canSeeNotifications: false });
  });
  it("takes the union of several roles", () => {
    expect(inboxAccess(["executive", "approver"]).canDecide).toBe(true);
  });
});

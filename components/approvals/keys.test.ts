import { describe, expect, it } from "vitest";
import { inboxCommand } from "./keys";

describe("inboxCommand", () => {
  it("maps the approver's shortcuts", () => {
    expect(
      ["j", "ArrowDown", "k", "ArrowUp", "a", "r", "x", "/", "?", "Escape"].map((k) => inboxCommand(k, true)),
    ).toEqual([
      "next",
      "next",
      "previous",
      "previous",
      "approve",
      "reject",
      "select",
      "search",
      "help",
      "clear",
    ]);
  });
  it("gives a read-only user navigation, search and help but no decision keys", () => {
    expect(inboxCommand("a", false)).toBeNull();
    expect(inboxCommand("r", false)).toBeNull();
    expect(inboxCommand("x", false)).toBeNull();
    expect(inboxCommand("j", false)).toBe("next");
    expect(inboxCommand("k", false)).toBe("previous");
    expect(inboxCommand("/", false)).toBe("search");
    expect(inboxCommand("?", false)).toBe("help");
  });
  it("ignores other keys and inherited property names", () => {
    expect(inboxCommand("q", true)).toBeNull();
    expect(inboxCommand("toString", true)).toBeNull();
    expect(inboxCommand("A", true)).toBeNull(); // Shift+A is not a shortcut
  });
});

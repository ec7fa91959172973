import { describe, expect, it } from "vitest";
import { prepareAuditEvent, prepareAuditTemplate } from "./append";
import { splitDocument } from "./chain";

const event = {
  type: "action.vote",
  actor: { kind: "user" as const, id: "u1", name: 'Ann "approvals":1' },
  actionId: "a1",
  payload: { vote: "approve", reason: "ok, approvals 2", secret_token: "x" },
};

/** What audit_pending_fill() does in SQL (drizzle/0014): parts joined with the integer values. */
const fill = (parts: string[], holes: string[], values: Record<string, number>) =>
  parts.reduce((doc, part, i) => (i === 0 ? part : doc + String(values[holes[i - 1]!]) + part), "");

describe("audit templates (payload integers the database fills in)", () => {
  it("completes to the same canonical document and payload as the event prepared with the values", () => {
    const t = prepareAuditTemplate(event, ["quorum", "approvals"]);
    expect(t.holes).toEqual(["approvals", "quorum"]); // document order
    expect(t.head).toHaveLength(3);
    const values = { approvals: 12, quorum: 2 };
    const expected = prepareAuditEvent(
      { ...event, payload: { ...event.payload, ...values } },
      new Date(t.time),
    );
    expect(fill(t.head, t.holes, values)).toBe(splitDocument(expected).head);
    expect(t.tail).toBe(splitDocument(expected).tail);
    expect({ ...(t.payload as object), ...values }).toEqual(expected.payload);
    expect(t.masked_paths).toEqual(["/secret_token"]);
  });

  it("refuses a hole it cannot place (a masked member)", () => {
    expect(() => prepareAuditTemplate(event, ["api_token"])).toThrow(/cannot place hole api_token/);
  });
});

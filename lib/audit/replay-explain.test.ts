import { describe, expect, it } from "vitest";
import { classify, DEFAULT_POLICY_YAML, parsePolicy } from "@/lib/governance/policy";
import { type Json, toPlainJson } from "./canonical";
import { type ChainEvent, GENESIS_HASH, hashEvent } from "./chain";
import { explainAction } from "./explain";
import { replayStoredDecision } from "./replay-core";

const policy = (() => {
  const p = parsePolicy(DEFAULT_POLICY_YAML);
  if (!p.ok) throw new Error("default policy must parse");
  return p.policy;
})();
const inputs = {
  agentId: "fin-bot",
  action: "pay_invoice",
  category: "financial_transactions",
  params: { amount: 25_000, currency: "EUR" },
  nowMs: Date.UTC(2026, 10, 26, 9),
};
const result = toPlainJson(classify(policy, inputs, { nowMs: inputs.nowMs }));
const decisionPayload: Json = {
  policyVersion: 1,
  rule: "rules.large_financial_transaction",
  inputs,
  result,
  status: "pending",
};
// Version 2 raises the two-approver threshold, so a 25,000 payment is only notify_human now.
const v2 = DEFAULT_POLICY_YAML.replace(/param: amount\n(\s+)gt: 10000/, "param: amount\n$1gt: 50000");

describe("replay", () => {
  it("reproduces the stored decision and shows what the current policy would decide", () => {
    const r = replayStoredDecision({
      decisionPayload,
      maskedPaths: [],
      policyYaml: DEFAULT_POLICY_YAML,
      current: { version: 2, yaml: v2 },
    });
    expect(r.verdict).toBe("same");
    expect(r.replayed).toEqual(result);
    expect(r.current.policyVersion).toBe(2);
    expect(r.current.differences.map((d) => d.field)).toEqual(
      expect.arrayContaining(["authority", "rule", "tier"]),
    );
    expect(r.current.decision).toMatchObject({ authority: "notify_human" });
  });

  it("flags a stored decision the stored policy does not reproduce", () => {
    const forged = {
      ...(decisionPayload as object),
      result: { ...(result as object), authority: "autonomous" },
    } as Json;
    const r = replayStoredDecision({
      decisionPayload: forged,
      maskedPaths: [],
      policyYaml: DEFAULT_POLICY_YAML,
      current: null,
    });
    expect(r.verdict).toBe("different");
    expect(r.differences).toEqual([
      { field: "authority", stored: "autonomous", replayed: "require_approval" },
    ]);
    expect(r.problem).toContain("does not reproduce");
  });

  it("says when it cannot replay", () => {
    expect(
      replayStoredDecision({ decisionPayload, maskedPaths: [], policyYaml: null, current: null }).verdict,
    ).toBe("not_replayable");
    expect(
      replayStoredDecision({
        decisionPayload: {},
        maskedPaths: [],
        policyYaml: DEFAULT_POLICY_YAML,
        current: null,
      }).verdict,
    ).toBe("not_replayable");
  });
});

function chain(parts: Omit<ChainEvent, "seq" | "prev_hash" | "hash" | "masked_paths">[]): ChainEvent[] {
  let prev = GENESIS_HASH;
  return parts.map((p, i) => {
    const base = { ...p, seq: i + 1, masked_paths: [], prev_hash: prev };
    prev = hashEvent(base);
    return { ...base, hash: prev };
  });
}

describe("explainAction", () => {
  const t = (s: number) => new Date(Date.UTC(2026, 10, 26, 9, 0, s)).toISOString();
  const events = chain([
    {
      time: t(1),
      type: "action.submitted",
      actor: { kind: "agent", id: "fin-bot" },
      action_id: "A",
      payload: {
        request: {
          agent_id: "fin-bot",
          call_id: "c1",
          action: "pay_invoice",
          category: "financial_transactions",
          params: inputs.params,
          data_refs: ["erp://invoice/991", "forecast:q4"],
          requested_by: "cfo@demo.local",
        },
      },
    },
    {
      time: t(2),
      type: "action.policy_decided",
      actor: { kind: "policy", id: "policy:v1" },
      action_id: "A",
      payload: decisionPayload,
    },
    {
      time: t(3),
      type: "action.vote",
      actor: { kind: "user", id: "u1", name: "Ann Approver" },
      action_id: "A",
      payload: { vote: "approve", reason: null, approvals: 1, quorum: 2 },
    },
    {
      time: t(4),
      type: "action.vote",
      actor: { kind: "user", id: "u2", name: "Bo Admin" },
      action_id: "A",
      payload: { vote: "approve", reason: "invoice checked", approvals: 2, quorum: 2 },
    },
    {
      time: t(5),
      type: "action.approved",
      actor: { kind: "user", id: "u2", name: "Bo Admin" },
      action_id: "A",
      payload: { reason: "invoice checked", approvals: 2, quorum: 2 },
    },
    {
      time: t(6),
      type: "action.outcome",
      actor: { kind: "agent", id: "fin-bot" },
      action_id: "A",
      payload: {
        status: "succeeded",
        result: { paid: true },
        executedParams: inputs.params,
        paramsMatch: true,
      },
    },
  ]);

  it("answers the five questions in plain language", () => {
    const x = explainAction("A", events, {
      seq: 6,
      hash: events[5]!.hash,
      time: t(9),
      prev_signature: "",
      key_id: "k1",
      signature: "s",
    });
    expect(x.status).toBe("succeeded");
    expect(x.answers.what.answer).toContain(
      "Agent fin-bot asked to pay_invoice in category financial_transactions",
    );
    expect(x.answers.what.answer).toContain("amount = 25000");
    expect(x.answers.why.answer).toContain("Policy version 1");
    expect(x.answers.why.answer).toContain("Ann Approver and Bo Admin approved");
    expect(x.answers.data.answer).toContain("erp://invoice/991");
    expect(x.answers.outcome.answer).toMatch(/^Yes: fin-bot reported “succeeded”/);
    expect(x.answers.audit.answer).toContain("covered by the checkpoint at seq 6");
    expect(x.events.every((e) => e.intact)).toBe(true);
  });

  it("reports rejection, and events that no longer match their hash", () => {
    const rejected = [
      ...events.slice(0, 2),
      { ...events[4]!, type: "action.rejected", payload: { reason: "not budgeted" } },
    ];
    const x = explainAction("A", rejected, null);
    expect(x.answers.why.answer).toContain("rejected it: “not budgeted”");
    expect(x.answers.outcome.answer).toContain("never executed");
    expect(x.answers.audit.answer).toContain("WARNING: event(s) 5 no longer match");
    expect(x.answers.audit.answer).toContain("No signed checkpoint covers them yet");
  });
});

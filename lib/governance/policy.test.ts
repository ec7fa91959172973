import { describe, expect, it } from "vitest";
import { type ActionInput, classify, parseDuration, parsePolicy, parsePolicyOrThrow } from "./policy";
import { DEFAULT_POLICY_YAML } from "./policy-default";
import { diffLines } from "./policy-diff";

const policy = parsePolicyOrThrow(DEFAULT_POLICY_YAML);
const NOON = Date.UTC(2026, 10, 26, 12, 0);
const NIGHT = Date.UTC(2026, 10, 26, 23, 30);
const input = (category: string, params: Record<string, unknown> = {}): ActionInput => ({
  agentId: "invoice-bot",
  action: "do",
  category,
  params,
});

describe("default policy", () => {
  it("puts every example category of the architecture note in its tier", () => {
    const expected: Record<string, string> = {
      data_processing: "autonomous",
      basic_customer_queries: "autonomous",
      financial_transactions: "notify_human",
      content_moderation: "notify_human",
      legal_compliance: "require_approval",
      strategic_changes: "require_approval",
    };
    for (const [category, authority] of Object.entries(expected)) {
      const c = classify(policy, input(category), { nowMs: NOON });
      expect(c.authority, category).toBe(authority);
      expect(c.rule).toMatch(/^tier\./);
    }
  });

  it("routes every listed example to its own tier", () => {
    for (const tier of Object.values(policy.tiers))
      for (const category of tier.examples)
        expect(classify(policy, input(category), { nowMs: NOON }).tier).toBe(tier.name);
  });

  it("fails safe on unknown categories", () => {
    const c = classify(policy, input("launch_rockets"), { nowMs: NOON });
    expect(c).toMatchObject({ authority: "require_approval", rule: "defaults.unknown_category", quorum: 1 });
    expect(c.expiresInSeconds).toBe(4 * 3600);
  });

  it("escalates a large financial transaction to two approvers", () => {
    const small = classify(policy, input("financial_transactions", { amount: 9000 }), { nowMs: NOON });
    expect(small.authority).toBe("notify_human");
    const big = classify(policy, input("financial_transactions", { amount: 25000 }), { nowMs: NOON });
    expect(big).toMatchObject({
      authority: "require_approval",
      rule: "rules.large_financial_transaction",
      quorum: 2,
    });
    // A numeric string cannot slip under the threshold.
    expect(
      classify(policy, input("financial_transactions", { amount: "25000" }), { nowMs: NOON }).quorum,
    ).toBe(2);
  });

  it("uses the time passed in (deterministic replay)", () => {
    expect(classify(policy, input("workload_scaling"), { nowMs: NOON }).authority).toBe("notify_human");
    const night = classify(policy, input("workload_scaling"), { nowMs: NIGHT });
    expect(night).toMatchObject({ authority: "require_approval", expiresInSeconds: 3600 });
    expect(classify(policy, input("workload_scaling"), { nowMs: NIGHT })).toEqual(night);
  });
});

describe("condition language", () => {
  const withRule = (when: string) =>
    parsePolicy(`ai_governance:
  bounded_autonomy:
    auto: { authority: autonomous, examples: [a] }
    gate: { authority: require_approval, examples: [] }
  rules:
    - name: r
      when: ${when}
      tier: gate
`);
  const decide = (when: string, i: Partial<ActionInput>) => {
    const r = withRule(when);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return classify(r.policy, { ...input("a"), ...i }, { nowMs: NOON }).tier;
  };

  it("supports all/any/not, in, contains, exists, nested params, agent and action", () => {
    expect(
      decide("{ all: [{ agent: invoice-bot }, { param: x.y, gte: 3 }] }", { params: { x: { y: 3 } } }),
    ).toBe("gate");
    expect(
      decide("{ all: [{ agent: invoice-bot }, { param: x.y, gte: 3 }] }", { params: { x: { y: 2 } } }),
    ).toBe("auto");
    expect(
      decide("{ any: [{ action: wire }, { param: region, in: [eu, us] }] }", { params: { region: "eu" } }),
    ).toBe("gate");
    expect(decide("{ not: { param: region, in: [eu] } }", { params: { region: "eu" } })).toBe("auto");
    expect(decide("{ param: tags, contains: pii }", { params: { tags: ["pii", "x"] } })).toBe("gate");
    expect(decide("{ param: approver, exists: false }", { params: {} })).toBe("gate");
    expect(decide("{ param: amount, gt: 5 }", { params: { amount: "lots" } })).toBe("auto");
  });

  it("rejects unknown operators, bad values and code-like text with the line", () => {
    const r = withRule("{ param: amount, matches: '.*' }");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.line).toBe(7);
    const bad = withRule("{ param: amount, gt: 'a' }");
    expect(bad.ok).toBe(false);
    const code = withRule('"process.exit(1)"');
    expect(code.ok).toBe(false);
  });
});

describe("validation", () => {
  it("reports YAML syntax errors with their line", () => {
    const r = parsePolicy("ai_governance:\n  bounded_autonomy:\n    t: [unclosed\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it("reports a bad authority at its line", () => {
    const text = DEFAULT_POLICY_YAML.replace("authority: notify_human", "authority: maybe");
    const r = parsePolicy(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const line = text.split("\n").findIndex((l) => l.includes("authority: maybe")) + 1;
      expect(r.errors[0]).toMatchObject({
        line,
        path: "ai_governance.bounded_autonomy.medium_risk_actions.authority",
      });
    }
  });

  it("refuses an unknown-category default that does not require approval", () => {
    const r = parsePolicy(
      `${DEFAULT_POLICY_YAML}\n`.replace(
        "unknown_category: high_stakes_decisions",
        "unknown_category: routine_decisions",
      ),
    );
    expect(r.ok).toBe(false);
  });

  it("refuses a category listed in two tiers, unknown keys, rules pointing at missing tiers", () => {
    expect(parsePolicy(DEFAULT_POLICY_YAML.replace("content_moderation", "data_processing")).ok).toBe(false);
    expect(
      parsePolicy(DEFAULT_POLICY_YAML.replace("verification_requirements:", "verification_requirementz:")).ok,
    ).toBe(false);
    expect(
      parsePolicy(
        DEFAULT_POLICY_YAML.replace("tier: high_stakes_decisions\n      quorum", "tier: nope\n      quorum"),
      ).ok,
    ).toBe(false);
    expect(parsePolicy("just text").ok).toBe(false);
    expect(parsePolicy("").ok).toBe(false);
  });

  it("parses durations", () => {
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("4h")).toBe(14400);
    expect(parseDuration("none")).toBeNull();
    expect(parseDuration("4 weeks")).toBeUndefined();
  });

  it("records the line of each rule", () => {
    const line =
      DEFAULT_POLICY_YAML.split("\n").findIndex((l) => l.includes("name: large_financial_transaction")) + 1;
    expect(policy.rules[0]!.line).toBe(line);
  });
});

describe("diffLines", () => {
  it("marks added and removed lines", () => {
    const d = diffLines("a\nb\nc", "a\nc\nd");
    expect(d.map((x) => `${x.kind[0]}${x.text}`)).toEqual(["sa", "rb", "sc", "ad"]);
  });
});

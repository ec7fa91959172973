/**
 * Replay of a stored policy decision. PURE: the governance engineer's parsePolicy/classify run on
 * the stored policy text and the stored inputs (including the stored `now`), nothing else. No
 * agent, tool or database is touched, so replaying is always side-effect free (like Temporal's
 * history replay).
 */
import { type ActionInput, classify, parsePolicy } from "@/lib/governance/policy";
import { canonicalJson, type Json, toPlainJson } from "./canonical";

export type Difference = { field: string; stored: Json; replayed: Json };

export type ReplayOutcome = {
  /** "same": reproduced exactly; "different": a mismatch (flagged); "not_replayable": inputs or policy missing. */
  verdict: "same" | "different" | "not_replayable";
  problem: string | null;
  policyVersion: number | null;
  stored: Json;
  replayed: Json;
  differences: Difference[];
  current: {
    policyVersion: number | null;
    decision: Json;
    /** How the current policy's answer differs from the stored decision. */
    differences: Difference[];
    error: string | null;
  };
  inputs: Json;
  /** Masked values in the inputs: replay saw "[masked]" there, as the trail stores it. */
  maskedInputs: string[];
};

type Obj = { [k: string]: Json };
const asObj = (v: Json | undefined): Obj => (v && typeof v === "object" && !Array.isArray(v) ? v : {});

export function diffDecisions(stored: Json, other: Json): Difference[] {
  const a = asObj(stored);
  const b = asObj(other);
  const out: Difference[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (canonicalJson(a[k] ?? null) !== canonicalJson(b[k] ?? null))
      out.push({ field: k, stored: a[k] ?? null, replayed: b[k] ?? null });
  }
  return out;
}

function evaluate(yaml: string, inputs: Obj): { decision: Json; error: string | null } {
  const parsed = parsePolicy(yaml);
  if (!parsed.ok)
    return {
      decision: null,
      error: `policy text does not parse: line ${parsed.errors[0]?.line}: ${parsed.errors[0]?.message}`,
    };
  const input: ActionInput = {
    agentId: String(inputs.agentId ?? ""),
    action: String(inputs.action ?? ""),
    category: String(inputs.category ?? ""),
    params: asObj(inputs.params) as Record<string, unknown>,
  };
  try {
    return {
      decision: toPlainJson(classify(parsed.policy, input, { nowMs: Number(inputs.nowMs) })),
      error: null,
    };
  } catch (err) {
    return { decision: null, error: `classify failed: ${(err as Error).message}` };
  }
}

/**
 * @param decisionPayload the payload of the stored `action.policy_decided` event
 *   ({policyVersion, rule, inputs: {agentId, action, category, params, nowMs}, result})
 */
export function replayStoredDecision(args: {
  decisionPayload: Json;
  maskedPaths: string[];
  policyYaml: string | null;
  current: { version: number; yaml: string } | null;
}): ReplayOutcome {
  const p = asObj(args.decisionPayload);
  const inputs = asObj(p.inputs);
  const stored = p.result ?? null;
  const policyVersion = typeof p.policyVersion === "number" ? p.policyVersion : null;
  const maskedInputs = args.maskedPaths.filter((m) => m.startsWith("/inputs/"));
  const base = { policyVersion, stored, inputs, maskedInputs };
  const currentOf = () => {
    if (!args.current)
      return { policyVersion: null, decision: null, differences: [], error: "no current policy" };
    const r = evaluate(args.current.yaml, inputs);
    return {
      policyVersion: args.current.version,
      decision: r.decision,
      differences: r.error ? [] : diffDecisions(stored, r.decision),
      error: r.error,
    };
  };
  if (!stored || typeof inputs.nowMs !== "number" || typeof inputs.category !== "string")
    return {
      ...base,
      verdict: "not_replayable",
      problem: "the stored decision lacks its inputs or result",
      replayed: null,
      differences: [],
      current: currentOf(),
    };
  if (args.policyYaml === null)
    return {
      ...base,
      verdict: "not_replayable",
      problem: `the text of policy version ${policyVersion} is not stored`,
      replayed: null,
      differences: [],
      current: currentOf(),
    };
  const r = evaluate(args.policyYaml, inputs);
  if (r.error)
    return {
      ...base,
      verdict: "different",
      problem: r.error,
      replayed: null,
      differences: [],
      current: currentOf(),
    };
  const differences = diffDecisions(stored, r.decision);
  return {
    ...base,
    verdict: differences.length ? "different" : "same",
    problem: differences.length
      ? `replay of policy version ${policyVersion} does not reproduce the stored decision (${differences.map((d) => d.field).join(", ")})` +
        (maskedInputs.length ? `; note: inputs at ${maskedInputs.join(", ")} were masked` : "")
      : null,
    replayed: r.decision,
    differences,
    current: currentOf(),
  };
}

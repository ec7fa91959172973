/**
 * Bounded-autonomy policy as code: parse + validate YAML (errors carry line numbers) and classify
 * an action into a tier. PURE: no server-only, no clock, no I/O — the audit replay re-runs
 * `classify` with a stored policy text, stored inputs and the stored `nowMs`, and must get the
 * same answer.
 */
import { isMap, isNode, LineCounter, parseDocument } from "yaml";
import {
  type Condition,
  compileCondition,
  evaluateCondition,
  type PathSegment,
  type ValidationIssue,
} from "./policy-conditions";

export type { Condition } from "./policy-conditions";
export { DEFAULT_POLICY_YAML } from "./policy-default";

export const AUTHORITIES = ["autonomous", "notify_human", "require_approval"] as const;
export type Authority = (typeof AUTHORITIES)[number];
/** Roles that may be named as approvers (mirrors lib/db/schema/auth.ts; kept here to stay pure). */
const APPROVER_ROLES = ["executive", "approver", "sre", "admin", "auditor"];
const MAX_POLICY_BYTES = 64 * 1024;
const DEFAULT_EXPIRY_SECONDS = 24 * 3600;

export type ApprovalSettings = { expiresInSeconds: number | null; quorum: number; approverRoles: string[] };
export type Tier = { name: string; authority: Authority; examples: string[]; approval: ApprovalSettings };
export type Rule = {
  name: string;
  when: Condition;
  tier: string;
  reason: string | null;
  overrides: Partial<ApprovalSettings>;
  line: number | null;
};
export type Policy = {
  tiers: Record<string, Tier>;
  tierOrder: string[];
  rules: Rule[];
  unknownCategoryTier: string;
  verification: Record<string, unknown>;
};
export type PolicyError = { line: number | null; column: number | null; path: string; message: string };
export type ParseResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

/** What classification needs from an action. */
export type ActionInput = {
  agentId: string;
  action: string;
  category: string;
  params: Record<string, unknown>;
};

export type Classification = {
  tier: string;
  authority: Authority;
  /** `rules.<name>`, `tier.<name>` (category listed in the tier's examples) or `defaults.unknown_category`. */
  rule: string;
  reason: string;
  /** Seconds until a pending request expires; null = no expiry (or no approval needed). */
  expiresInSeconds: number | null;
  /** Distinct approvers needed (0 when no approval is needed). */
  quorum: number;
  approverRoles: string[];
  /** The `now` used (time conditions); stored so replay is exact. */
  nowMs: number;
};

/** "90s", "30m", "4h", "2d", a number of seconds, or "none" (never expires). */
export function parseDuration(v: unknown): number | null | undefined {
  if (v === "none" || v === "never") return null;
  if (typeof v === "number" && Number.isInteger(v) && v > 0) return v;
  if (typeof v !== "string") return undefined;
  const m = /^(\d+)\s*([smhd])$/.exec(v.trim());
  if (!m || Number(m[1]) <= 0) return undefined;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "s" | "m" | "h" | "d"];
}

export function parsePolicy(yamlText: string): ParseResult {
  if (yamlText.length > MAX_POLICY_BYTES) {
    return { ok: false, errors: [{ line: null, column: null, path: "", message: "policy exceeds 64 KB" }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? null,
        column: e.linePos?.[0]?.col ?? null,
        path: "",
        message: e.message.split("\n")[0]!,
      })),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return { ok: false, errors: [{ line: null, column: null, path: "", message: (err as Error).message }] };
  }
  const issues: ValidationIssue[] = [];
  const policy = validate(raw, issues);
  if (issues.length > 0 || !policy) {
    const errors = issues.map((i) => ({
      ...locate(doc, lineCounter, i.path),
      path: i.path.join("."),
      message: i.message,
    }));
    return { ok: false, errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  }
  policy.rules = policy.rules.map((r, i) => ({
    ...r,
    line: locate(doc, lineCounter, ["ai_governance", "rules", i]).line,
  }));
  return { ok: true, policy };
}

/** Line/column of the deepest existing node on `path` (a missing key points at its parent). */
function locate(doc: ReturnType<typeof parseDocument>, lc: LineCounter, path: PathSegment[]) {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
    // A key whose value is null has no value node: find the key itself.
    const parent = n > 0 ? (n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true)) : null;
    if (isMap(parent)) {
      const pair = parent.items.find(
        (p) => isNode(p.key) && (p.key as { value?: unknown }).value === path[n - 1],
      );
      if (pair && isNode(pair.key) && pair.key.range) {
        const pos = lc.linePos(pair.key.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
  }
  return { line: null, column: null };
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function validate(raw: unknown, issues: ValidationIssue[]): Policy | null {
  const root = isObj(raw) ? raw.ai_governance : undefined;
  if (!isObj(root)) {
    issues.push({ path: [], message: "the policy must start with ai_governance:" });
    return null;
  }
  const known = ["bounded_autonomy", "rules", "defaults", "verification_requirements"];
  for (const k of Object.keys(root))
    if (!known.includes(k)) issues.push({ path: ["ai_governance", k], message: `unknown section "${k}"` });

  const tiers: Record<string, Tier> = {};
  const ba = root.bounded_autonomy;
  const baPath = ["ai_governance", "bounded_autonomy"];
  if (!isObj(ba) || Object.keys(ba).length === 0) {
    issues.push({ path: baPath, message: "bounded_autonomy needs at least one tier" });
  } else {
    const seen = new Map<string, string>();
    for (const [name, t] of Object.entries(ba)) {
      const tier = validateTier(name, t, [...baPath, name], issues);
      if (!tier) continue;
      tier.examples.forEach((c, i) => {
        const other = seen.get(c);
        if (other)
          issues.push({
            path: [...baPath, name, "examples", i],
            message: `"${c}" is already listed under ${other}`,
          });
        seen.set(c, name);
      });
      tiers[name] = tier;
    }
  }

  const rules: Rule[] = [];
  if (root.rules !== undefined && root.rules !== null) {
    if (!Array.isArray(root.rules))
      issues.push({ path: ["ai_governance", "rules"], message: "rules must be a list" });
    else
      root.rules.forEach((r, i) => {
        const rule = validateRule(r, ["ai_governance", "rules", i], tiers, issues);
        if (rule && rules.some((x) => x.name === rule.name))
          issues.push({
            path: ["ai_governance", "rules", i, "name"],
            message: `duplicate rule name "${rule.name}"`,
          });
        else if (rule) rules.push(rule);
      });
  }

  const defaults = isObj(root.defaults) ? root.defaults : {};
  let unknownCategoryTier = defaults.unknown_category as string | undefined;
  const dPath = ["ai_governance", "defaults", "unknown_category"];
  if (unknownCategoryTier === undefined) {
    unknownCategoryTier = Object.values(tiers).find((t) => t.authority === "require_approval")?.name;
    if (!unknownCategoryTier && Object.keys(tiers).length > 0)
      issues.push({
        path: baPath,
        message: "a require_approval tier is needed so unknown categories fail safe",
      });
  } else if (!tiers[unknownCategoryTier]) {
    issues.push({ path: dPath, message: `unknown tier "${unknownCategoryTier}"` });
  } else if (tiers[unknownCategoryTier]!.authority !== "require_approval") {
    issues.push({ path: dPath, message: "unknown categories must fail safe: pick a require_approval tier" });
  }
  if (issues.length > 0) return null;
  return {
    tiers,
    tierOrder: Object.keys(tiers),
    rules,
    unknownCategoryTier: unknownCategoryTier!,
    verification: isObj(root.verification_requirements) ? root.verification_requirements : {},
  };
}

function validateApproval(
  raw: unknown,
  path: PathSegment[],
  issues: ValidationIssue[],
): Partial<ApprovalSettings> {
  const out: Partial<ApprovalSettings> = {};
  if (!isObj(raw)) return out;
  if ("expires_in" in raw) {
    const d = parseDuration(raw.expires_in);
    if (d === undefined)
      issues.push({ path: [...path, "expires_in"], message: 'expires_in: use 90s, 30m, 4h, 2d or "none"' });
    else out.expiresInSeconds = d;
  }
  if ("quorum" in raw) {
    const q = raw.quorum;
    if (typeof q !== "number" || !Number.isInteger(q) || q < 1 || q > 10)
      issues.push({ path: [...path, "quorum"], message: "quorum must be a whole number from 1 to 10" });
    else out.quorum = q;
  }
  if ("approver_roles" in raw) {
    const r = raw.approver_roles;
    if (!Array.isArray(r) || r.length === 0 || !r.every((x) => APPROVER_ROLES.includes(x as string)))
      issues.push({
        path: [...path, "approver_roles"],
        message: `approver_roles: a list of ${APPROVER_ROLES.join(", ")}`,
      });
    else out.approverRoles = r as string[];
  }
  return out;
}

function validateTier(name: string, t: unknown, path: PathSegment[], issues: ValidationIssue[]): Tier | null {
  if (!isObj(t)) {
    issues.push({ path, message: `tier "${name}" must be a map with authority and examples` });
    return null;
  }
  for (const k of Object.keys(t))
    if (!["authority", "examples", "approval", "description"].includes(k))
      issues.push({ path: [...path, k], message: `unknown tier setting "${k}"` });
  const authority = t.authority as Authority;
  if (!AUTHORITIES.includes(authority)) {
    issues.push({
      path: [...path, "authority"],
      message: `authority must be one of ${AUTHORITIES.join(", ")}`,
    });
    return null;
  }
  const examples = t.examples ?? [];
  if (!Array.isArray(examples) || !examples.every((e) => typeof e === "string" && /^[a-z0-9_.-]+$/.test(e))) {
    issues.push({
      path: [...path, "examples"],
      message: "examples must be a list of category names (a-z, 0-9, _ . -)",
    });
    return null;
  }
  if (t.approval !== undefined && authority !== "require_approval")
    issues.push({
      path: [...path, "approval"],
      message: "approval settings only apply to require_approval tiers",
    });
  const approval = validateApproval(t.approval, [...path, "approval"], issues);
  return {
    name,
    authority,
    examples: examples as string[],
    approval: {
      expiresInSeconds:
        approval.expiresInSeconds === undefined ? DEFAULT_EXPIRY_SECONDS : approval.expiresInSeconds,
      quorum: approval.quorum ?? 1,
      approverRoles: approval.approverRoles ?? ["approver", "admin"],
    },
  };
}

function validateRule(
  r: unknown,
  path: PathSegment[],
  tiers: Record<string, Tier>,
  issues: ValidationIssue[],
): Rule | null {
  if (!isObj(r)) {
    issues.push({ path, message: "a rule must be a map with name, when and tier" });
    return null;
  }
  for (const k of Object.keys(r))
    if (!["name", "when", "tier", "reason", "quorum", "expires_in", "approver_roles"].includes(k))
      issues.push({ path: [...path, k], message: `unknown rule setting "${k}"` });
  const name = r.name;
  if (typeof name !== "string" || !/^[A-Za-z0-9_.-]+$/.test(name)) {
    issues.push({ path: [...path, "name"], message: "every rule needs a name (letters, digits, _ . -)" });
  }
  const when = r.when === undefined ? null : compileCondition(r.when, [...path, "when"], issues);
  if (r.when === undefined) issues.push({ path, message: "a rule needs when:" });
  const tier = r.tier as string;
  if (typeof tier !== "string" || !tiers[tier]) {
    issues.push({ path: [...path, "tier"], message: `tier must be one of ${Object.keys(tiers).join(", ")}` });
    return null;
  }
  const overrides = validateApproval(r, path, issues);
  if (Object.keys(overrides).length > 0 && tiers[tier]!.authority !== "require_approval")
    issues.push({
      path: [...path, "tier"],
      message: "quorum/expires_in/approver_roles need a require_approval tier",
    });
  if (r.reason !== undefined && typeof r.reason !== "string")
    issues.push({ path: [...path, "reason"], message: "reason must be text" });
  if (!when || typeof name !== "string") return null;
  return { name, when, tier, reason: (r.reason as string) ?? null, overrides, line: null };
}

/** Decides the tier of an action. Deterministic in (policy, input, nowMs). */
export function classify(policy: Policy, input: ActionInput, opts: { nowMs: number }): Classification {
  const ctx = { ...input, nowMs: opts.nowMs };
  const rule = policy.rules.find((r) => evaluateCondition(r.when, ctx));
  let tierName: string;
  let ruleId: string;
  let reason: string;
  if (rule) {
    tierName = rule.tier;
    ruleId = `rules.${rule.name}`;
    reason = rule.reason ?? `rule ${rule.name} matched`;
  } else {
    const listed = policy.tierOrder.find((t) => policy.tiers[t]!.examples.includes(input.category));
    tierName = listed ?? policy.unknownCategoryTier;
    ruleId = listed ? `tier.${listed}` : "defaults.unknown_category";
    reason = listed
      ? `category ${input.category} is listed under ${listed}`
      : `category ${input.category} is not in the policy: fail safe, approval required`;
  }
  const tier = policy.tiers[tierName]!;
  const needsApproval = tier.authority === "require_approval";
  const settings = { ...tier.approval, ...(rule?.overrides ?? {}) };
  return {
    tier: tierName,
    authority: tier.authority,
    rule: ruleId,
    reason,
    expiresInSeconds: needsApproval ? settings.expiresInSeconds : null,
    quorum: needsApproval ? settings.quorum : 0,
    approverRoles: needsApproval ? settings.approverRoles : [],
    nowMs: opts.nowMs,
  };
}

/** Parses text that is known to be valid (stored versions); throws with the first error otherwise. */
export function parsePolicyOrThrow(yamlText: string): Policy {
  const r = parsePolicy(yamlText);
  if (!r.ok) throw new Error(`invalid policy (line ${r.errors[0]?.line}): ${r.errors[0]?.message}`);
  return r.policy;
}

/** All categories the policy names (tier examples and rule conditions' category lists). */
export function policyCategories(policy: Policy): string[] {
  const out = new Set<string>();
  for (const t of Object.values(policy.tiers)) for (const c of t.examples) out.add(c);
  return [...out];
}

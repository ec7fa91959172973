/**
 * The policy's condition language: a small, declared set of tests on an action, combined with
 * all / any / not. Policy text is data, never code: nothing here evaluates expressions, regular
 * expressions or templates, so a policy cannot run anything or hang the server.
 * Pure module (no server-only).
 */

export type PathSegment = string | number;
export type ValidationIssue = { path: PathSegment[]; message: string };

export const COMPARISON_OPS = [
  "eq",
  "ne",
  "gt",
  "gte",
  "lt",
  "lte",
  "in",
  "not_in",
  "exists",
  "contains",
] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];
const FIELD_KEYS = ["category", "agent", "action"] as const;
type FieldKey = (typeof FIELD_KEYS)[number];

export type Condition =
  | { kind: "all"; of: Condition[] }
  | { kind: "any"; of: Condition[] }
  | { kind: "not"; of: Condition }
  | { kind: "field"; field: FieldKey; values: string[] }
  | { kind: "param"; path: string[]; op: ComparisonOp; value: unknown }
  | { kind: "time"; fromMinute: number; toMinute: number };

/** What a condition is evaluated against. `nowMs` is passed in so evaluation is deterministic. */
export type ConditionInput = {
  agentId: string;
  action: string;
  category: string;
  params: Record<string, unknown>;
  nowMs: number;
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v);

/** Validates a `when:` value; returns the compiled condition or null with issues pushed. */
export function compileCondition(
  raw: unknown,
  path: PathSegment[],
  issues: ValidationIssue[],
): Condition | null {
  if (!isPlainObject(raw)) {
    issues.push({
      path,
      message: "a condition must be a map, e.g. { category: x } or { param: amount, gt: 100 }",
    });
    return null;
  }
  const parts: Condition[] = [];
  const keys = Object.keys(raw);
  if (keys.length === 0) issues.push({ path, message: "empty condition" });
  const opKeys = keys.filter((k) => (COMPARISON_OPS as readonly string[]).includes(k));
  for (const key of keys) {
    const p = [...path, key];
    const value = raw[key];
    if ((FIELD_KEYS as readonly string[]).includes(key)) {
      const values = stringList(value, p, issues);
      if (values) parts.push({ kind: "field", field: key as FieldKey, values });
    } else if (key === "all" || key === "any") {
      if (!Array.isArray(value) || value.length === 0) {
        issues.push({ path: p, message: `${key} needs a non-empty list of conditions` });
        continue;
      }
      const of = value.map((c, i) => compileCondition(c, [...p, i], issues));
      if (of.every((c): c is Condition => c !== null)) parts.push({ kind: key, of });
    } else if (key === "not") {
      const of = compileCondition(value, p, issues);
      if (of) parts.push({ kind: "not", of });
    } else if (key === "time_utc") {
      const t = compileTime(value, p, issues);
      if (t) parts.push(t);
    } else if (key === "param") {
      const c = compileParam(raw, path, opKeys, issues);
      if (c) parts.push(c);
    } else if (!opKeys.includes(key)) {
      issues.push({
        path: p,
        message: `unknown condition "${key}" (use category, agent, action, param with ${COMPARISON_OPS.join("|")}, time_utc, all, any, not)`,
      });
    }
  }
  if (opKeys.length > 0 && !("param" in raw)) {
    issues.push({ path: [...path, opKeys[0]!], message: `"${opKeys[0]}" needs a "param:" beside it` });
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : { kind: "all", of: parts };
}

function stringList(value: unknown, path: PathSegment[], issues: ValidationIssue[]): string[] | null {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((v) => typeof v === "string" && v.length > 0)) {
    issues.push({ path, message: "expected a name or a list of names" });
    return null;
  }
  return list as string[];
}

function compileParam(
  raw: Record<string, unknown>,
  path: PathSegment[],
  opKeys: string[],
  issues: ValidationIssue[],
): Condition | null {
  const paramPath = raw.param;
  if (typeof paramPath !== "string" || !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(paramPath)) {
    issues.push({
      path: [...path, "param"],
      message: "param must be a dotted path like amount or invoice.total",
    });
    return null;
  }
  if (opKeys.length !== 1) {
    issues.push({
      path: [...path, "param"],
      message: `param needs exactly one comparison (${COMPARISON_OPS.join(", ")}); combine several with all:`,
    });
    return null;
  }
  const op = opKeys[0] as ComparisonOp;
  const value = raw[op];
  const p = [...path, op];
  if (["gt", "gte", "lt", "lte"].includes(op) && typeof value !== "number") {
    issues.push({ path: p, message: `${op} needs a number` });
    return null;
  }
  if ((op === "in" || op === "not_in") && (!Array.isArray(value) || !value.every(isScalar))) {
    issues.push({ path: p, message: `${op} needs a list of values` });
    return null;
  }
  if ((op === "eq" || op === "ne" || op === "contains") && !isScalar(value)) {
    issues.push({ path: p, message: `${op} needs a single value` });
    return null;
  }
  if (op === "exists" && typeof value !== "boolean") {
    issues.push({ path: p, message: "exists needs true or false" });
    return null;
  }
  return { kind: "param", path: paramPath.split("."), op, value };
}

function parseClock(v: unknown): number | null {
  if (typeof v !== "string") return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(v);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function compileTime(value: unknown, path: PathSegment[], issues: ValidationIssue[]): Condition | null {
  const between = isPlainObject(value) ? value.between : undefined;
  const from = Array.isArray(between) ? parseClock(between[0]) : null;
  const to = Array.isArray(between) ? parseClock(between[1]) : null;
  if (!Array.isArray(between) || between.length !== 2 || from === null || to === null) {
    issues.push({ path, message: 'time_utc needs between: ["HH:MM", "HH:MM"] (UTC)' });
    return null;
  }
  return { kind: "time", fromMinute: from, toMinute: to };
}

function readParam(params: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = params;
  for (const seg of path) {
    if (!isPlainObject(cur) || !Object.hasOwn(cur, seg)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** Numbers, or numeric strings (so "20000" cannot slip under an amount threshold). */
function asNumber(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function compare(actual: unknown, op: ComparisonOp, expected: unknown): boolean {
  switch (op) {
    case "exists":
      return (actual !== undefined) === expected;
    case "eq":
      return actual === expected || (asNumber(actual) !== null && asNumber(actual) === expected);
    case "ne":
      return !compare(actual, "eq", expected);
    case "in":
      return (expected as unknown[]).some((e) => compare(actual, "eq", e));
    case "not_in":
      return !compare(actual, "in", expected);
    case "contains":
      if (typeof actual === "string") return typeof expected === "string" && actual.includes(expected);
      return Array.isArray(actual) && actual.some((a) => a === expected);
    default: {
      const n = asNumber(actual);
      if (n === null) return false;
      const e = expected as number;
      return op === "gt" ? n > e : op === "gte" ? n >= e : op === "lt" ? n < e : n <= e;
    }
  }
}

export function evaluateCondition(c: Condition, input: ConditionInput): boolean {
  switch (c.kind) {
    case "all":
      return c.of.every((x) => evaluateCondition(x, input));
    case "any":
      return c.of.some((x) => evaluateCondition(x, input));
    case "not":
      return !evaluateCondition(c.of, input);
    case "field": {
      const actual =
        c.field === "agent" ? input.agentId : c.field === "action" ? input.action : input.category;
      return c.values.includes(actual);
    }
    case "param":
      return compare(readParam(input.params, c.path), c.op, c.value);
    case "time": {
      const d = new Date(input.nowMs);
      const minute = d.getUTCHours() * 60 + d.getUTCMinutes();
      // A window may wrap midnight ("22:00"–"06:00").
      return c.fromMinute <= c.toMinute
        ? minute >= c.fromMinute && minute < c.toMinute
        : minute >= c.fromMinute || minute < c.toMinute;
    }
  }
}

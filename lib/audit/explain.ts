/**
 * The five questions about one action, answered in plain language from its stored audit events.
 * PURE: takes the events (and the checkpoint covering them) and returns text; the action page and
 * GET /api/v1/actions/:id/explain both use it.
 */
import type { Json } from "./canonical";
import { type ChainEvent, hashEvent } from "./chain";
import type { Checkpoint } from "./signing";

export type Answer = { question: string; answer: string; details: string[]; seqs: number[] };

export type Explanation = {
  actionId: string;
  found: boolean;
  agent: string | null;
  action: string | null;
  category: string | null;
  status: string;
  policyVersion: number | null;
  answers: { what: Answer; why: Answer; data: Answer; outcome: Answer; audit: Answer };
  events: (ChainEvent & { intact: boolean; summary: string })[];
};

type Obj = { [k: string]: Json };
const obj = (v: Json | undefined): Obj => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const str = (v: Json | undefined): string | null =>
  typeof v === "string" ? v : typeof v === "number" ? String(v) : null;
const who = (e: ChainEvent) => e.actor.name ?? e.actor.id;
const short = (v: Json | undefined, max = 160) => {
  const t = JSON.stringify(v ?? null);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
export const describeParams = (params: Obj) =>
  Object.entries(params)
    .map(([k, v]) => `${k} = ${typeof v === "string" ? v : short(v, 60)}`)
    .join(", ") || "no parameters";

/** One line per event for the timeline. */
export function summarizeEvent(e: ChainEvent): string {
  const p = obj(e.payload);
  switch (e.type) {
    case "action.submitted": {
      const r = obj(p.request);
      return `${who(e)} asked to ${str(r.action) ?? "act"} (${str(r.category) ?? "?"})`;
    }
    case "action.policy_decided": {
      const r = obj(p.result);
      return `policy v${str(p.policyVersion)} → ${str(r.authority) ?? "?"} via ${str(p.rule) ?? "?"}`;
    }
    case "action.vote":
      return `${who(e)} voted ${str(p.vote)}${p.quorum ? ` (${str(p.approvals)}/${str(p.quorum)})` : ""}${p.reason ? `: ${str(p.reason)}` : ""}`;
    case "action.approved":
      return `approved by ${who(e)}${p.reason ? `: ${str(p.reason)}` : ""}`;
    case "action.rejected":
      return `rejected by ${who(e)}: ${str(p.reason) ?? "no reason"}`;
    case "action.expired":
      return "expired without a decision";
    case "action.cancelled":
      return `cancelled by ${who(e)}`;
    case "action.notified":
      return `approvers notified: ${str(p.title) ?? ""}`;
    case "action.executing":
      return `${who(e)} started executing`;
    case "action.outcome":
      return `${who(e)} reported ${str(p.status)}${p.paramsMatch === false ? " with different parameters" : ""}`;
    case "violation.recorded":
      return `boundary violation: ${str(p.cause)}`;
    default:
      return `${e.type} by ${who(e)}`;
  }
}

const describeRef = (d: Json) => {
  const o = obj(d);
  return typeof d === "string" ? d : o.ref ? `${str(o.kind) ?? "data"} ${str(o.ref)}` : short(d, 80);
};

const fmt = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, " UTC");

export function explainAction(
  actionId: string,
  events: ChainEvent[],
  covering: Checkpoint | null,
): Explanation {
  const annotated = events.map((e) => ({
    ...e,
    intact: hashEvent(e) === e.hash,
    summary: summarizeEvent(e),
  }));
  const byType = (t: string) => events.filter((e) => e.type === t);
  const submitted = byType("action.submitted")[0];
  const decided = byType("action.policy_decided")[0];
  const request = obj(obj(submitted?.payload).request);
  const decision = obj(decided?.payload);
  const result = obj(decision.result);
  const votes = byType("action.vote");
  const final = events.find((e) =>
    ["action.approved", "action.rejected", "action.expired", "action.cancelled"].includes(e.type),
  );
  const outcome = byType("action.outcome").at(-1);
  const violations = byType("violation.recorded");
  const executing = byType("action.executing")[0];
  const agent = str(request.agent_id) ?? (submitted?.actor.kind === "agent" ? submitted.actor.id : null);
  const policyVersion = typeof decision.policyVersion === "number" ? decision.policyVersion : null;
  const authority = str(result.authority) ?? str(obj(decision.inputs).authority);
  const params = obj(request.params ?? obj(decision.inputs).params);
  const nowMs = obj(decision.inputs).nowMs;
  const requestedAt = typeof nowMs === "number" ? new Date(nowMs).toISOString() : null;

  const status = outcome
    ? (str(obj(outcome.payload).status) ?? "reported")
    : final
      ? final.type.replace("action.", "")
      : executing
        ? "executing"
        : authority && authority !== "require_approval"
          ? "approved"
          : decided
            ? "pending"
            : "unknown";

  const what: Answer = {
    question: "What happened?",
    answer: submitted
      ? `Agent ${agent ?? who(submitted)} asked to ${str(request.action) ?? "act"} in category ${str(request.category) ?? "?"} at ${fmt(requestedAt ?? submitted.time)}` +
        (request.requested_by ? `, on behalf of ${str(request.requested_by)}` : "") +
        `. Parameters: ${describeParams(params)}.`
      : events.length
        ? `No submission event is stored for this action; ${events.length} later event(s) are.`
        : "No audit events are stored for this action id.",
    details: submitted ? [`call id ${str(request.call_id) ?? "?"}`, `status now: ${status}`] : [],
    seqs: submitted ? [submitted.seq] : [],
  };

  const whyDetails: string[] = [];
  let why: string;
  if (!decided) why = "No policy decision is stored for this action.";
  else {
    const tier = str(result.tier) ?? "?";
    const reason = str(result.reason) ?? "";
    const base = `Policy version ${policyVersion ?? "?"} placed it in tier “${tier}” (${authority ?? "?"}) by ${str(decision.rule) ?? "?"}: ${reason}.`;
    if (authority === "require_approval") {
      const approvers = votes.filter((v) => str(obj(v.payload).vote) === "approve").map(who);
      if (final?.type === "action.approved")
        why = `${base} A human had to approve it: ${approvers.join(" and ") || who(final)} approved (quorum ${str(result.quorum) ?? "1"})${str(obj(final.payload).reason) ? ` — “${str(obj(final.payload).reason)}”` : ""}.`;
      else if (final?.type === "action.rejected")
        why = `${base} A human had to approve it, and ${who(final)} rejected it: “${str(obj(final.payload).reason) ?? ""}”. It was not allowed.`;
      else if (final?.type === "action.expired")
        why = `${base} Nobody decided before the approval window closed, so it expired and was not allowed.`;
      else if (final?.type === "action.cancelled") why = `${base} It was cancelled before a decision.`;
      else
        why = `${base} It is waiting for ${str(result.quorum) ?? "1"} approver(s) (roles: ${(Array.isArray(result.approverRoles) ? result.approverRoles : []).join(", ") || "?"}).`;
    } else if (authority === "notify_human")
      why = `${base} The policy allows it without waiting; approvers were notified.`;
    else why = `${base} The policy lets agents do this on their own (routine decision).`;
    for (const v of votes) whyDetails.push(`#${v.seq} ${summarizeEvent(v)}`);
  }
  const whyAnswer: Answer = {
    question: "Why was it allowed?",
    answer: why,
    details: whyDetails,
    seqs: [decided, ...votes, final].filter((e): e is ChainEvent => !!e).map((e) => e.seq),
  };

  const dataRefs = Array.isArray(request.data_refs) ? request.data_refs : [];
  const masked = events.flatMap((e) => e.masked_paths.map((p) => `#${e.seq} ${p}`));
  const data: Answer = {
    question: "What data influenced it?",
    answer:
      (dataRefs.length
        ? `The agent cited ${dataRefs.length} data reference(s): ${dataRefs.map(describeRef).join("; ")}. `
        : "The agent cited no data references. ") +
      `The policy decided on the category, the action name and the parameters (${describeParams(params)})` +
      (typeof obj(decision.inputs).nowMs === "number"
        ? `, evaluated at ${fmt(new Date(obj(decision.inputs).nowMs as number).toISOString())}`
        : "") +
      ".",
    details: masked.length ? [`secrets masked before storing: ${masked.join(", ")}`] : [],
    seqs: [submitted, decided].filter((e): e is ChainEvent => !!e).map((e) => e.seq),
  };

  let outcomeText: string;
  if (outcome) {
    const p = obj(outcome.payload);
    outcomeText =
      `${str(p.status) === "succeeded" ? "Yes" : "No"}: ${who(outcome)} reported “${str(p.status)}” at ${fmt(outcome.time)}${p.result != null ? ` with result ${short(p.result, 120)}` : ""}.` +
      (p.paramsMatch === false || violations.some((v) => str(obj(v.payload).cause) === "params_mismatch")
        ? " It executed parameters that differ from the approved ones."
        : p.paramsMatch === true
          ? " The executed parameters matched the approved ones."
          : "");
  } else if (final && final.type !== "action.approved")
    outcomeText = `It was never executed: the action was ${final.type.replace("action.", "")}.`;
  else outcomeText = "No outcome has been reported yet.";
  if (violations.length)
    outcomeText += ` ${violations.length} boundary violation(s) were recorded: ${violations.map((v) => str(obj(v.payload).cause)).join(", ")}.`;
  const outcomeAnswer: Answer = {
    question: "Did it succeed?",
    answer: outcomeText,
    details: violations.map((v) => `#${v.seq} ${summarizeEvent(v)}`),
    seqs: [executing, outcome, ...violations].filter((e): e is ChainEvent => !!e).map((e) => e.seq),
  };

  const broken = annotated.filter((e) => !e.intact);
  const last = events.at(-1);
  const audit: Answer = {
    question: "How can it be replayed and audited?",
    answer:
      (decided
        ? `Replay re-runs policy version ${policyVersion ?? "?"} on the stored inputs (no agent or tool is called) and must reproduce the stored decision; it also shows what the current policy would decide. `
        : "There is no policy decision to replay. ") +
      (last
        ? `Its ${events.length} events are seq ${events.map((e) => e.seq).join(", ")} of the hash chain; ` +
          (broken.length
            ? `WARNING: event(s) ${broken.map((e) => e.seq).join(", ")} no longer match their hashes. `
            : "each still matches its stored hash. ") +
          (covering
            ? `They are covered by the checkpoint at seq ${covering.seq}, signed at ${fmt(covering.time)} with key ${covering.key_id}.`
            : "No signed checkpoint covers them yet (one is made every N events or M minutes).")
        : ""),
    details: [
      "Verify the whole chain: Audit → Verify, or `npm run cli -- audit verify`.",
      "Outside the app: export the trail and run `python3 tools/verify-audit.py export.jsonl --public-key key.pem`.",
    ],
    seqs: events.map((e) => e.seq),
  };

  return {
    actionId,
    found: events.length > 0,
    agent,
    action: str(request.action),
    category: str(request.category),
    status,
    policyVersion,
    answers: { what, why: whyAnswer, data, outcome: outcomeAnswer, audit },
    events: annotated,
  };
}

import { fetchJson, HttpError } from "@/components/ui/fetch-json";
import type { ActionView } from "@/lib/governance/action-view";

/** Client calls for the inbox (same routes the agents and scripts use). */
export type ListResponse = {
  items: ActionView[];
  facets: { agents: string[]; categories: string[]; tiers: string[] };
};
export type ActionContext = {
  action: ActionView;
  votes: { approver: string; vote: string; reason: string | null; at: string }[];
  history: ActionView[];
  violations: {
    id: number;
    cause: string;
    category: string;
    occurredAt: string;
    detail: Record<string, unknown>;
  }[];
};
export type Filters = {
  status: string;
  tier: string;
  agent: string;
  category: string;
  q: string;
  sort: string;
};

export function listUrl(f: Filters): string {
  const p = new URLSearchParams();
  if (f.status) p.set("status", f.status);
  if (f.tier) p.set("tier", f.tier);
  if (f.agent) p.set("agent", f.agent);
  if (f.category) p.set("category", f.category);
  if (f.q) p.set("q", f.q);
  p.set("sort", f.sort || "urgent");
  p.set("limit", "300");
  return `/api/v1/actions?${p}`;
}

export const fetchList = (f: Filters) => fetchJson<ListResponse>(listUrl(f));
export const fetchContext = (id: string) => fetchJson<ActionContext>(`/api/v1/actions/${id}?include=context`);

export type DecisionOutcome =
  | { ok: true; action: ActionView; final: boolean; approvals: number; quorum: number }
  | { ok: false; status: number; message: string; action?: ActionView };

/** One decision; never throws, so bulk runs can tally per-item results. */
export async function decide(
  id: string,
  decision: "approve" | "reject",
  reason?: string,
): Promise<DecisionOutcome> {
  try {
    const r = await fetchJson<{ action: ActionView; final: boolean; approvals: number; quorum: number }>(
      `/api/v1/actions/${id}/decision`,
      { method: "POST", body: JSON.stringify({ decision, reason }) },
    );
    return { ok: true, ...r };
  } catch (err) {
    if (err instanceof HttpError)
      return {
        ok: false,
        status: err.status,
        message: err.message,
        action: err.body.action as ActionView | undefined,
      };
    return { ok: false, status: 0, message: (err as Error).message };
  }
}

/** Runs decisions a few at a time and summarises them: "12 approved, 2 already decided". */
export async function decideMany(
  ids: string[],
  decision: "approve" | "reject",
  reason?: string,
): Promise<{ results: Map<string, DecisionOutcome>; summary: string }> {
  const results = new Map<string, DecisionOutcome>();
  const queue = [...ids];
  await Promise.all(
    Array.from({ length: Math.min(6, queue.length) }, async () => {
      for (let id = queue.shift(); id; id = queue.shift())
        results.set(id, await decide(id, decision, reason));
    }),
  );
  return { results, summary: summarizeResults([...results.values()], decision) };
}

export function summarizeResults(results: DecisionOutcome[], decision: "approve" | "reject"): string {
  const verb = decision === "approve" ? "approved" : "rejected";
  let done = 0;
  let waiting = 0;
  let already = 0;
  let expired = 0;
  let own = 0;
  let other = 0;
  for (const r of results) {
    if (r.ok) r.final ? done++ : waiting++;
    else if (/expired/.test(r.message)) expired++;
    else if (/already/.test(r.message)) already++;
    else if (/you requested/.test(r.message)) own++;
    else other++;
  }
  const parts = [`${done} ${verb}`];
  if (waiting) parts.push(`${waiting} awaiting more approvers`);
  if (already) parts.push(`${already} already decided`);
  if (expired) parts.push(`${expired} expired`);
  if (own) parts.push(`${own} requested by you`);
  if (other) parts.push(`${other} failed`);
  return parts.join(", ");
}

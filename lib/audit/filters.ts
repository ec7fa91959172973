import type { AuditFilter } from "./queries";

/** URL/API query fields → the timeline filter (shared by the API route and the page). PURE. */
export function queryToFilter(q: {
  action?: string;
  agent?: string;
  actor?: string;
  type?: string;
  from?: number;
  to?: number;
  q?: string;
  seq?: number;
  before?: number;
  limit?: number;
}): AuditFilter {
  return {
    action: q.action || undefined,
    agent: q.agent || undefined,
    actor: q.actor || undefined,
    type: q.type || undefined,
    fromMs: q.from,
    toMs: q.to,
    q: q.q || undefined,
    seq: q.seq,
    beforeSeq: q.before,
    limit: q.limit,
  };
}

/**
 * The public shape of an action (API responses, the inbox). snake_case as in the agents API.
 * Pure: client components import the type and the helpers.
 */
export type ActionView = {
  id: string;
  agent_id: string;
  call_id: string;
  action: string;
  category: string;
  params: Record<string, unknown>;
  data_refs: unknown[];
  requested_by: string | null;
  tier: string;
  authority: string;
  status: string;
  policy_version: number;
  rule: string;
  policy_reason: string;
  quorum: number;
  approver_roles: string[];
  requested_at: string;
  expires_at: string | null;
  decided_by: string | null;
  decider_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  executing_at: string | null;
  completed_at: string | null;
  outcome_status: string | null;
  outcome_result: unknown;
  executed_params: unknown;
};

/** Every state of an action: pending → approved | rejected | expired | cancelled; approved → executing → succeeded | failed. */
export const actionStatuses = [
  "pending",
  "approved",
  "rejected",
  "expired",
  "cancelled",
  "executing",
  "succeeded",
  "failed",
] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** A one-line human summary of params, e.g. "amount 25,000 · currency EUR · vendor ACME". */
export function summarizeParams(params: Record<string, unknown>, maxParts = 4): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (parts.length >= maxParts) {
      parts.push("…");
      break;
    }
    const text =
      typeof v === "number"
        ? v.toLocaleString("en-US")
        : typeof v === "string"
          ? v.length > 40
            ? `${v.slice(0, 39)}…`
            : v
          : Array.isArray(v)
            ? `[${v.length}]`
            : v && typeof v === "object"
              ? "{…}"
              : String(v);
    parts.push(`${k.replaceAll("_", " ")} ${text}`);
  }
  return parts.join(" · ");
}

/** "4m 05s", "2h 10m", "expired" — the inbox countdown. */
export function formatCountdown(msLeft: number): string {
  if (msLeft <= 0) return "expired";
  const s = Math.floor(msLeft / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  return `${m}m ${String(sec).padStart(2, "0")}s`;
}

/** "3m", "5h", "2d" — how long ago. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

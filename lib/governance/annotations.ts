import "server-only";
import { decisionsBetween } from "./queries";

/** A mark on a chart's time axis (approval decisions, alerts). Shared by SRE panels. */
export type Annotation = { atMs: number; endMs?: number | null; kind: string; label: string; href?: string };

/** Human decisions and expiries in [fromMs, toMs] as annotations (policy auto-approvals would flood the axis). */
export async function listDecisionAnnotations(fromMs: number, toMs: number): Promise<Annotation[]> {
  const rows = await decisionsBetween(fromMs, toMs);
  return rows.map((r) => {
    // Later states (executing, succeeded, failed) all began as an approval.
    const verdict = ["rejected", "expired", "cancelled"].includes(r.status) ? r.status : "approved";
    return {
      atMs: r.decidedAt!.getTime(),
      endMs: null,
      kind: `decision.${verdict}`,
      label:
        r.decidedBy === "system"
          ? `expired: ${r.agentId} ${r.action}`
          : `${verdict} by ${r.deciderName ?? "approver"}: ${r.agentId} ${r.action} (${r.category})`,
      href: `/approvals?id=${r.id}`,
    };
  });
}

"use client";
import { useQuery } from "@tanstack/react-query";
import { type ActionView, formatAge, formatCountdown } from "@/lib/governance/action-view";
import { fetchContext } from "./api";
import { authorityClass, tierLabel } from "./inbox-row";

type Props = {
  id: string | null;
  /** The row from the list, shown at once while the full context loads. */
  item: ActionView | null;
  nowMs: number;
  meEmail: string;
  /** False in the read-only inbox: no Approve/Reject buttons. */
  canDecide: boolean;
  busy: boolean;
  onApprove: () => void;
  onReject: () => void;
};

/** `{kind: "document", ref: "s3://…"}` → "document: s3://…"; anything else as JSON. */
function formatRef(r: unknown): string {
  if (typeof r === "string") return r;
  const o = r as { kind?: unknown; ref?: unknown };
  if (o && typeof o.ref === "string") return typeof o.kind === "string" ? `${o.kind}: ${o.ref}` : o.ref;
  return JSON.stringify(r);
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

/** Everything an approver needs to decide: params, data refs, the rule that held it, the agent's record. */
export function DetailPane({ id, item, nowMs, meEmail, canDecide, busy, onApprove, onReject }: Props) {
  const ctx = useQuery({
    queryKey: ["approvals", "context", id],
    queryFn: () => fetchContext(id!),
    enabled: !!id,
  });
  const fresh = ctx.data?.action.id === id ? ctx.data.action : null;
  // The list's copy wins while a decision is in flight (optimistic), the server's otherwise.
  const a = busy ? (item ?? fresh) : (fresh ?? item);
  if (!id || !a)
    return <aside className="detail card muted">Select an action (J/K) to see its details.</aside>;
  const ownRequest = a.requested_by?.toLowerCase() === meEmail.toLowerCase();
  const left = a.expires_at ? new Date(a.expires_at).getTime() - nowMs : null;
  const approvals = ctx.data?.votes.filter((v) => v.vote === "approve").length ?? 0;
  return (
    <aside className="detail card" data-testid="detail-pane" aria-label="Action details">
      <div className="row">
        <span className={`tier-chip ${authorityClass(a.authority)}`}>{tierLabel(a.tier)}</span>
        <span className={`badge status-${a.status}`} data-testid="detail-status">
          {a.status}
        </span>
        <span className="spacer" />
        {a.status === "pending" && (
          <span className="countdown">
            {left === null ? "no expiry" : `expires in ${formatCountdown(left)}`}
          </span>
        )}
      </div>
      <h2 style={{ marginTop: 8 }}>
        {a.action} <span className="muted">by {a.agent_id}</span>
      </h2>
      <dl className="kv">
        <dt>Category</dt>
        <dd>{a.category}</dd>
        <dt>Held by</dt>
        <dd>
          <code>{a.rule}</code> (policy v{a.policy_version}) — {a.policy_reason}
        </dd>
        <dt>Requested</dt>
        <dd>
          {when(a.requested_at)} ({formatAge(nowMs - new Date(a.requested_at).getTime())} ago)
          {a.requested_by && <> for {a.requested_by}</>}
        </dd>
        {a.quorum > 1 && (
          <>
            <dt>Quorum</dt>
            <dd data-testid="quorum">
              {approvals} of {a.quorum} approvals
              {ctx.data?.votes.length
                ? ` (${ctx.data.votes.map((v) => `${v.approver}: ${v.vote}`).join(", ")})`
                : ""}
            </dd>
          </>
        )}
        {a.decided_at && (
          <>
            <dt>Decided</dt>
            <dd>
              {a.status} by {a.decider_name ?? a.decided_by} at {when(a.decided_at)}
              {a.decision_reason && <> — “{a.decision_reason}”</>}
            </dd>
          </>
        )}
        {a.outcome_status && (
          <>
            <dt>Outcome</dt>
            <dd>
              {a.outcome_status} at {when(a.completed_at)}
            </dd>
          </>
        )}
      </dl>
      {a.status === "pending" && canDecide && (
        <div className="row decide-bar">
          <button type="button" className="primary" disabled={busy || ownRequest} onClick={onApprove}>
            Approve <kbd>A</kbd>
          </button>
          <button type="button" className="danger" disabled={busy} onClick={onReject}>
            Reject <kbd>R</kbd>
          </button>
          {ownRequest && <span className="muted">You requested this: another approver must decide.</span>}
        </div>
      )}
      <h3>Parameters</h3>
      <pre className="json" data-testid="detail-params">
        {JSON.stringify(a.params, null, 2)}
      </pre>
      <h3>Data that influenced it</h3>
      {a.data_refs.length === 0 ? (
        <p className="muted">No data references were sent.</p>
      ) : (
        <ul className="refs">
          {a.data_refs.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: refs have no identity of their own
            <li key={i}>
              <code>{formatRef(r)}</code>
            </li>
          ))}
        </ul>
      )}
      <h3>Recent history of {a.agent_id}</h3>
      {ctx.isLoading && <p className="muted">Loading…</p>}
      {ctx.data && (
        <table className="mini">
          <tbody>
            {ctx.data.history
              .filter((h) => h.id !== a.id)
              .slice(0, 8)
              .map((h) => (
                <tr key={h.id}>
                  <td>{h.action}</td>
                  <td>
                    <span className={`badge status-${h.status}`}>{h.status}</span>
                  </td>
                  <td className="muted">{h.decided_by ?? ""}</td>
                  <td className="muted">{formatAge(nowMs - new Date(h.requested_at).getTime())} ago</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      <h3>Violations by {a.agent_id}</h3>
      {ctx.data && ctx.data.violations.length === 0 && <p className="muted">None recorded.</p>}
      {ctx.data && ctx.data.violations.length > 0 && (
        <ul className="refs" data-testid="agent-violations">
          {ctx.data.violations.slice(0, 6).map((v) => (
            <li key={v.id}>
              <span className="badge danger">{v.cause.replaceAll("_", " ")}</span> {v.category} ·{" "}
              <span className="muted">{formatAge(nowMs - new Date(v.occurredAt).getTime())} ago</span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

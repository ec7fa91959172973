"use client";
import { type ActionView, formatAge, formatCountdown, summarizeParams } from "@/lib/governance/action-view";

export const authorityClass = (a: string) =>
  a === "require_approval" ? "tier-high" : a === "notify_human" ? "tier-medium" : "tier-routine";
export const tierLabel = (tier: string) => tier.replaceAll("_", " ");
/** Short, fixed words for the authority (tier names are the policy author's and can be long). */
export const authorityLabel = (a: string) =>
  a === "require_approval" ? "needs approval" : a === "notify_human" ? "notify" : "autonomous";

type Props = {
  item: ActionView;
  nowMs: number;
  focused: boolean;
  /** False in the read-only inbox: no bulk-selection checkbox. */
  selectable: boolean;
  selected: boolean;
  busy: boolean;
  onFocus: () => void;
  onToggle: () => void;
};

/** One line of the inbox: tier, agent, what, a params summary, age and the live countdown. */
export function InboxRow({ item, nowMs, focused, selectable, selected, busy, onFocus, onToggle }: Props) {
  const left = item.expires_at ? new Date(item.expires_at).getTime() - nowMs : null;
  const urgent = left !== null && left < 15 * 60_000;
  return (
    <div
      tabIndex={-1}
      className={`inbox-row ${focused ? "focused" : ""} ${busy ? "busy" : ""}`}
      data-testid="inbox-row"
      data-id={item.id}
      data-status={item.status}
      role="option"
      aria-selected={focused}
      onClick={onFocus}
      onKeyDown={() => {}}
    >
      {selectable && (
        <input
          type="checkbox"
          aria-label={`select ${item.action}`}
          checked={selected}
          onChange={onToggle}
          onClick={(e) => e.stopPropagation()}
        />
      )}
      <span
        className={`tier-chip ${authorityClass(item.authority)}`}
        title={`${tierLabel(item.tier)} · ${item.rule}`}
      >
        {authorityLabel(item.authority)}
      </span>
      <div className="inbox-main">
        <div className="inbox-title">
          <strong>{item.action}</strong> <span className="muted">· {item.agent_id}</span>{" "}
          <span className="badge">{item.category}</span>
          {item.quorum > 1 && <span className="badge warn">quorum {item.quorum}</span>}
        </div>
        <div className="inbox-sub muted">{summarizeParams(item.params) || "no parameters"}</div>
      </div>
      <div className="inbox-time">
        {item.status === "pending" ? (
          <span className={`countdown ${urgent ? "urgent" : ""}`} data-testid="countdown">
            {left === null ? "no expiry" : formatCountdown(left)}
          </span>
        ) : (
          <span className={`badge status-${item.status}`}>{busy ? "…" : item.status}</span>
        )}
        <span className="muted" title={item.requested_at}>
          {formatAge(nowMs - new Date(item.requested_at).getTime())} ago
        </span>
      </div>
    </div>
  );
}

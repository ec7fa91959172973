"use client";
import { useEffect, useRef, useState } from "react";

/** Asks for the (required) reason to reject one or several actions. Enter submits, Esc cancels. */
export function RejectDialog({
  count,
  onSubmit,
  onCancel,
}: {
  count: number;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = () => {
    setTouched(true);
    if (reason.trim()) onSubmit(reason.trim());
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: clicking the backdrop closes; Esc does the same by keyboard
    <div className="modal-backdrop" role="presentation" onClick={onCancel} onKeyDown={() => {}}>
      <div
        className="modal card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="reject-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={() => {}}
      >
        <h2 id="reject-title">Reject {count === 1 ? "this action" : `${count} actions`}</h2>
        <label className="field">
          Reason (required, shown to the agent and kept in the audit trail)
          <textarea
            ref={ref}
            rows={3}
            value={reason}
            aria-label="Reason"
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                submit();
              } else if (e.key === "Escape") onCancel();
            }}
          />
        </label>
        {touched && !reason.trim() && <p className="error-text">A reason is required to reject.</p>}
        <div className="row">
          <span className="muted">Enter to reject · Shift+Enter new line · Esc to cancel</span>
          <span className="spacer" />
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={submit}>
            Reject
          </button>
        </div>
      </div>
    </div>
  );
}

export const SHORTCUTS: [string, string][] = [
  ["J / ↓", "next item"],
  ["K / ↑", "previous item"],
  ["A", "approve (the selection, or the focused item)"],
  ["R", "reject with a reason"],
  ["X", "select / unselect for bulk"],
  ["/", "search"],
  ["Esc", "clear selection, close"],
  ["?", "this help"],
];

/** The shortcuts a read-only user has: moving, searching, help (no A/R/X). */
const READ_ONLY_SHORTCUTS = SHORTCUTS.filter(([k]) => !["A", "R", "X"].includes(k));

export function HelpOverlay({ canDecide = true, onClose }: { canDecide?: boolean; onClose: () => void }) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: clicking the backdrop closes; Esc does the same by keyboard
    <div className="modal-backdrop" role="presentation" onClick={onClose} onKeyDown={() => {}}>
      <div className="modal card" role="dialog" aria-modal="true" aria-labelledby="help-title">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {(canDecide ? SHORTCUTS : READ_ONLY_SHORTCUTS).map(([k, what]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row" style={{ marginTop: 10 }}>
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";

type Diff = { field: string; stored: unknown; replayed: unknown };
type Replay = {
  verdict: "same" | "different" | "not_replayable";
  problem: string | null;
  policyVersion: number | null;
  policySource: string | null;
  stored: Record<string, unknown> | null;
  replayed: Record<string, unknown> | null;
  differences: Diff[];
  current: {
    policyVersion: number | null;
    decision: Record<string, unknown> | null;
    differences: Diff[];
    error: string | null;
  };
  warnings: string[];
};

const FIELDS = ["tier", "authority", "rule", "reason", "quorum", "expiresInSeconds", "approverRoles"];
const show = (v: unknown) =>
  v === undefined || v === null ? "—" : Array.isArray(v) ? v.join(", ") : String(v);

/** Replays the stored decision (pure re-evaluation; nothing is executed) and compares with the current policy. */
export function ReplayPanel({ actionId }: { actionId: string }) {
  const replay = useMutation({
    mutationFn: () =>
      fetchJson<Replay>(`/api/v1/actions/${encodeURIComponent(actionId)}/replay`, { method: "POST" }),
  });
  const r = replay.data ?? null;
  const changedNow = new Set(r?.current.differences.map((d) => d.field));
  const changedReplay = new Set(r?.differences.map((d) => d.field));
  return (
    <section className="card" aria-labelledby="replay-title">
      <h2 id="replay-title">Replay the decision</h2>
      <p className="muted">
        Re-runs the stored policy version on the stored inputs and stored time. No agent or tool is called.
      </p>
      <button
        type="button"
        onClick={() => replay.mutate()}
        disabled={replay.isPending}
        data-testid="replay-button"
      >
        {replay.isPending ? "Replaying…" : "Replay"}
      </button>
      {replay.error && <p className="error-text">{replay.error.message}</p>}
      {r && (
        <>
          <div
            className={`verdict ${r.verdict === "same" ? "ok" : "bad"}`}
            data-testid="replay-verdict"
            role="status"
          >
            <strong>
              {r.verdict === "same"
                ? "Same decision"
                : r.verdict === "different"
                  ? "MISMATCH"
                  : "Cannot replay"}
            </strong>
            <span>
              {r.verdict === "same"
                ? `Policy version ${r.policyVersion} (text from the ${r.policySource === "audit_trail" ? "audit trail" : "versions table"}) reproduces the stored decision exactly.`
                : r.problem}
            </span>
          </div>
          {r.warnings.map((w) => (
            <p key={w} className="error-text">
              {w}
            </p>
          ))}
          <table className="audit-table diff-table" style={{ marginTop: 8 }}>
            <thead>
              <tr>
                <th>Field</th>
                <th>Stored decision (v{r.policyVersion})</th>
                <th>Replayed</th>
                <th>Current policy (v{r.current.policyVersion ?? "?"})</th>
              </tr>
            </thead>
            <tbody>
              {FIELDS.map((f) => (
                <tr key={f}>
                  <td>{f}</td>
                  <td>{show(r.stored?.[f])}</td>
                  <td className={changedReplay.has(f) ? "changed" : ""}>{show(r.replayed?.[f])}</td>
                  <td className={changedNow.has(f) ? "changed" : ""} data-testid={`current-${f}`}>
                    {show(r.current.decision?.[f])}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted" data-testid="current-summary">
            {r.current.error
              ? r.current.error
              : r.current.differences.length
                ? `The current policy would decide differently: ${r.current.differences.map((d) => d.field).join(", ")}.`
                : "The current policy would decide the same."}
          </p>
        </>
      )}
    </section>
  );
}

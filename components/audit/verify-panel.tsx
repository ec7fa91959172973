"use client";
import { useMutation } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";

type Report = {
  ok: boolean;
  eventsChecked: number;
  checkpointsChecked: number;
  lastSeq: number | null;
  durationMs: number;
  failure: { seq: number; cause: string; message: string } | null;
};

/** The Verify button: recomputes the chain on the server and names the first bad row. */
export function VerifyPanel() {
  const verify = useMutation({ mutationFn: () => fetchJson<Report>("/api/v1/audit/verify") });
  const report = verify.data ?? null;
  return (
    <section className="card" aria-labelledby="verify-title">
      <h2 id="verify-title">Integrity</h2>
      <p className="muted">
        Recomputes every hash and checks every signed checkpoint. Also from the shell:{" "}
        <code>npm run cli -- audit verify</code>.
      </p>
      <button
        type="button"
        onClick={() => verify.mutate()}
        disabled={verify.isPending}
        data-testid="verify-button"
      >
        {verify.isPending ? "Verifying…" : "Verify the trail"}
      </button>
      {verify.error && <p className="error-text">{verify.error.message}</p>}
      {report?.ok && (
        <div className="verdict ok" data-testid="verify-result" role="status">
          <strong>OK</strong>
          <span>
            {report.eventsChecked.toLocaleString("en")} events and {report.checkpointsChecked} checkpoints
            verified in {report.durationMs} ms{report.lastSeq ? ` (up to seq ${report.lastSeq})` : ""}.
          </span>
        </div>
      )}
      {report && !report.ok && report.failure && (
        <div className="verdict bad" data-testid="verify-result" role="alert">
          <strong>Tampered at seq {report.failure.seq}</strong>
          <span>
            {report.failure.cause.replaceAll("_", " ")}: {report.failure.message}.{" "}
            <a href={`/audit?seq=${report.failure.seq}`}>Show row {report.failure.seq}</a>
          </span>
        </div>
      )}
    </section>
  );
}

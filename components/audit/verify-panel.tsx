"use client";
import { useState } from "react";

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
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/v1/audit/verify", { headers: { accept: "application/json" } });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error ?? res.statusText);
      setReport(body as Report);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="verify-title">
      <h2 id="verify-title">Integrity</h2>
      <p className="muted">
        Recomputes every hash and checks every signed checkpoint. Also from the shell:{" "}
        <code>npm run cli -- audit verify</code>.
      </p>
      <button type="button" onClick={run} disabled={busy} data-testid="verify-button">
        {busy ? "Verifying…" : "Verify the trail"}
      </button>
      {error && <p className="error-text">{error}</p>}
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

import type { TrailStatus } from "@/lib/audit/queries";

/** Chain head, latest checkpoint and the signing public key (shown and downloadable), plus export. */
export function KeyPanel({
  status,
  keyId,
  publicPem,
}: {
  status: TrailStatus;
  keyId: string;
  publicPem: string;
}) {
  const cp = status.lastCheckpoint;
  return (
    <section className="card" aria-labelledby="key-title">
      <h2 id="key-title">Chain, checkpoints and key</h2>
      <div>
        <strong>{status.events.toLocaleString("en")}</strong> events · head{" "}
        <span className="hash">{status.head ? `${status.head.hash.slice(0, 16)}…` : "—"}</span>
      </div>
      <div>
        {status.checkpoints} signed checkpoints
        {cp ? (
          <>
            {" "}
            · latest at seq {cp.seq}, {cp.time.replace("T", " ").replace("Z", " UTC")}
          </>
        ) : (
          " · none yet"
        )}
      </div>
      <div>
        Signing key{" "}
        <span className="mono" data-testid="key-id">
          {keyId}
        </span>{" "}
        (Ed25519)
      </div>
      <pre className="pem" data-testid="public-key">
        {publicPem}
      </pre>
      <div className="row" style={{ gap: 12 }}>
        <a href="/api/v1/audit/public-key" download data-testid="download-key">
          Download public key
        </a>
        <a href="/api/v1/audit/export" download data-testid="export-link">
          Export trail (JSONL)
        </a>
      </div>
      <p className="muted" style={{ marginBottom: 0 }}>
        Check an export anywhere: <code>python3 tools/verify-audit.py export.jsonl --public-key key.pem</code>{" "}
        (format in docs/audit-format.md).
      </p>
    </section>
  );
}

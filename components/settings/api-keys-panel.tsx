"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import type { ApiKeyView } from "@/lib/platform/admin";
import { type CreatedKey, CreateKeyForm } from "./create-key-form";

const KEYS = ["settings", "apikeys"] as const;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

/** Machine keys: list, create (token shown once), revoke. */
export function ApiKeysPanel() {
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const keys = useQuery({
    queryKey: KEYS,
    queryFn: () => fetchJson<{ keys: ApiKeyView[] }>("/api/v1/apikeys").then((r) => r.keys),
  });

  return (
    <section className="settings-section card" aria-labelledby="apikeys-title">
      <header>
        <h2 id="apikeys-title">API keys</h2>
        <span className="muted">For collectors and agents: sent as Authorization: Bearer &lt;token&gt;.</span>
        <span className="spacer" />
        {!creating && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setCreated(null);
              setCreating(true);
            }}
          >
            New API key
          </button>
        )}
      </header>

      {created && <TokenOnce created={created} onDone={() => setCreated(null)} />}
      {creating && (
        <CreateKeyForm
          onCancel={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
            void qc.invalidateQueries({ queryKey: KEYS });
          }}
        />
      )}

      {keys.isError && (
        <p className="error-text" role="alert">
          Could not load keys: {keys.error.message}
        </p>
      )}
      {keys.isPending ? (
        <p className="muted">Loading…</p>
      ) : keys.data && keys.data.length === 0 ? (
        <p className="muted">No API keys yet.</p>
      ) : (
        <table data-testid="apikeys-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Token starts</th>
              <th>Scopes</th>
              <th>Limited to</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {keys.data?.map((k) => (
              <KeyRow key={k.id} apiKey={k} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function KeyRow({ apiKey: k }: { apiKey: ApiKeyView }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => fetchJson(`/api/v1/apikeys/${k.id}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEYS }),
  });
  const limits = [
    k.constraints.agents?.length ? `agents: ${k.constraints.agents.join(", ")}` : null,
    k.constraints.categories?.length ? `categories: ${k.constraints.categories.join(", ")}` : null,
  ].filter(Boolean);
  return (
    <tr className={k.revokedAt ? "revoked" : undefined} data-testid="apikey-row">
      <td>
        <strong>{k.name}</strong>
        {k.createdBy && <div className="muted">by {k.createdBy}</div>}
      </td>
      <td className="mono">{k.prefix}…</td>
      <td className="scopes">
        {k.scopes.map((s) => (
          <span key={s} className="badge">
            {s}
          </span>
        ))}
      </td>
      <td>{limits.length ? limits.join("; ") : <span className="muted">any</span>}</td>
      <td>{when(k.createdAt)}</td>
      <td>{when(k.lastUsedAt)}</td>
      <td>
        {k.revokedAt ? (
          <span className="badge danger">revoked {when(k.revokedAt)}</span>
        ) : (
          <span className="badge ok">active</span>
        )}
      </td>
      <td>
        {!k.revokedAt &&
          (confirming ? (
            <span className="row">
              <button
                type="button"
                className="danger"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate()}
              >
                Confirm revoke
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" onClick={() => setConfirming(true)} aria-label={`Revoke ${k.name}`}>
              Revoke
            </button>
          ))}
        {revoke.isError && <div className="error-text">{revoke.error.message}</div>}
      </td>
    </tr>
  );
}

/** The new token, shown this once; it is not stored anywhere we could show it again. */
function TokenOnce({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="token-callout" role="status" data-testid="new-token">
      <strong>Key “{created.key.name}” created.</strong> Copy the token now: it will not be shown again.
      <code className="mono" data-testid="new-token-value">
        {created.token}
      </code>
      <div className="row">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(created.token).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy token"}
        </button>
        <button type="button" onClick={onDone}>
          I have stored it
        </button>
      </div>
    </div>
  );
}
